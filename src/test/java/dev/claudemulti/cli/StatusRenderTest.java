package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.agent.Tokens;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11 in {@code status}: a waiting retry, a skipped session, an estimate, the limit, a pause, the budget. */
class StatusRenderTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static RunSnapshot run() {
        List<SessionView> sessions = List.of(
                SessionView.started("busy", 1, 42L, NOW.minusSeconds(30), "sonnet")
                        .withFigures(2, null, Tokens.ZERO, "sess-busy", null)
                        .withCost(0.4213, true),
                SessionView.queued("flaky", 2, "sonnet")
                        .withRetry(new SessionView.PendingRetry(NOW.plusSeconds(42), 3, "HTTP 529")),
                SessionView.queued("never", 1, "sonnet").withState(SessionState.SKIPPED, "halted: 1 failure"));
        return new RunSnapshot(
                "r1",
                Path.of("/p"),
                "sonnet",
                8,
                false,
                NOW.minusSeconds(60),
                null,
                sessions,
                1.0,
                new RunSnapshot.BatchStatus(2, NOW.plusSeconds(300), "rate limited", 5.0, "halted: 1 failure"));
    }

    @Test
    void statusShowsTheRetryTheSkipTheEstimateAndTheBatch() {
        String text = StatusCommand.render(run(), "running", "", false, NOW, ZoneOffset.UTC);
        assertThat(text.lines().filter(l -> l.contains("flaky")).findFirst().orElseThrow())
                .contains("queued")
                .contains("retrying in 42s (2/3, HTTP 529)");
        assertThat(text.lines().filter(l -> l.contains("never")).findFirst().orElseThrow())
                .contains("⊝")
                .contains("skipped")
                .contains("halted: 1 failure");
        assertThat(text.lines().filter(l -> l.contains("busy")).findFirst().orElseThrow())
                .contains("~$0.42");
        assertThat(text)
                .contains("Total: 3 | Completed: 0 | Running: 1 | Queued: 1 | Failed: 0 | Skipped: 1\n")
                .contains("  paused: rate limited until 12:05 · parallel 2/8\n")
                .contains("cost ~$1.42")
                .contains("budget: ~$1.42 of $5.00 used")
                .contains("run halted: 1 failure");
        assertThat(StatusCommand.render(run(), "running", "", true, NOW, ZoneOffset.UTC))
                .contains("  paused: rate limited until 12:05, parallel 2/8\n")
                .contains("-  never");
    }
}
