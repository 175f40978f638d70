package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code status} (reading the journal in another process) shows a queued task's wait for its dependencies. */
class StatusWaitingForDependenciesTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void aWaitingRowAndASkippedDependant() {
        List<SessionView> sessions = List.of(
                SessionView.started("a", 1, 42L, NOW.minusSeconds(30), "sonnet"),
                SessionView.queued("d", 1, "sonnet").withActivity("waiting for a, c"),
                SessionView.queued("e", 1, "sonnet").withState(SessionState.SKIPPED, "dependency c failed"));
        RunSnapshot run = new RunSnapshot(
                "r1",
                Path.of("/p"),
                "sonnet",
                8,
                false,
                NOW.minusSeconds(60),
                null,
                sessions,
                1.0,
                new RunSnapshot.BatchStatus(8, null, null, null, null));
        String text = StatusCommand.render(run, "running", "", false, NOW, ZoneOffset.UTC);
        assertThat(text.lines().filter(l -> l.contains(" d ")).findFirst().orElseThrow())
                .contains("queued")
                .contains("waiting for a, c");
        assertThat(text.lines().filter(l -> l.contains(" e ")).findFirst().orElseThrow())
                .contains("skipped")
                .contains("dependency c failed");
    }
}
