package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A queued row waiting for its dependencies says so in STATUS, once (ACTIVITY stays blank). */
class WaitingForDependenciesRowTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void aWaitingRowShowsWhatItWaitsFor() {
        SessionView waiting = SessionView.queued("d", 1, "sonnet").withActivity("waiting for b, c");
        assertThat(SessionTable.statusText(waiting, NOW)).isEqualTo("waiting for b, c");
        assertThat(SessionTable.activity(waiting)).isEmpty();
    }

    @Test
    void aSkippedDependantShowsItsReason() {
        SessionView skipped =
                SessionView.queued("d", 1, "sonnet").withState(SessionState.SKIPPED, "dependency b failed");
        assertThat(SessionTable.statusText(skipped, NOW)).isEqualTo("skipped: dependency b failed");
        SessionView stoppedWhileWaiting = SessionView.queued("d", 1, "sonnet")
                .withActivity("waiting for b")
                .withState(SessionState.STOPPED, "stopped by user, before it started");
        assertThat(SessionTable.activity(stoppedWhileWaiting))
                .as("no longer waiting")
                .isEmpty();
    }

    @Test
    void aRunningSessionsActivityIsNotAWait() {
        SessionView running = SessionView.started("d", 1, 42L, NOW, "sonnet").withActivity("waiting for tests");
        assertThat(SessionTable.statusText(running, NOW)).isEqualTo("running");
        assertThat(SessionTable.activity(running)).isEqualTo("waiting for tests");
    }
}
