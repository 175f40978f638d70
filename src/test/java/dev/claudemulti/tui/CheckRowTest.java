package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.CheckOutcome;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A row of a task with a check shows it in STATUS right after the state: check ✓, check ✗ (2/3). */
class CheckRowTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static SessionView ended(SessionState state, String reason, CheckOutcome check) {
        return SessionView.started("t", 2, 42L, NOW, "sonnet")
                .withExitCode(0)
                .withEndedAt(NOW)
                .withState(state, reason)
                .withCheck(check);
    }

    @Test
    void passedAndFailedChecksShowTheirMark() {
        assertThat(SessionTable.statusText(
                        ended(SessionState.COMPLETED, null, new CheckOutcome("npm test", 0, false, 2, 3)), NOW))
                .isEqualTo("completed · check ✓");
        // The check's own reason is what the mark says: it is not repeated.
        assertThat(SessionTable.statusText(
                        ended(
                                SessionState.FAILED,
                                "check failed: npm test exit 1",
                                new CheckOutcome("npm test", 1, false, 2, 3)),
                        NOW))
                .isEqualTo("failed · check ✗ (2/3)");
        // Another reason (a stop during the check) stays.
        assertThat(SessionTable.statusText(
                        ended(
                                SessionState.STOPPED,
                                "stopped by user, during its check",
                                new CheckOutcome("npm test", null, false, 1, 1)),
                        NOW))
                .isEqualTo("stopped · check running (1/1): stopped by user, during its check");
    }

    @Test
    void aRowWhoseCheckRunsSaysSoInActivity() {
        SessionView checking = SessionView.started("t", 1, 42L, NOW, "sonnet")
                .withExitCode(0)
                .withActivity("check: npm test")
                .withCheck(new CheckOutcome("npm test", null, false, 1, 3));
        assertThat(checking.checking()).isTrue();
        assertThat(SessionTable.statusText(checking, NOW)).isEqualTo("running · check running (1/3)");
        assertThat(SessionTable.activity(checking)).isEqualTo("check: npm test");
        SessionView fixing =
                SessionView.started("t", 2, 43L, NOW, "sonnet").withCheck(new CheckOutcome("npm test", 1, false, 1, 3));
        assertThat(fixing.checking()).as("its agent runs: a fix round").isFalse();
        assertThat(SessionTable.statusText(fixing, NOW)).isEqualTo("running · check ✗ (1/3)");
    }
}
