package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch's exit code: 0 only when every task completed; a skipped task counts as not completed. */
class ExitCodesTest {
    @Test
    void aSkippedSessionMakesTheBatchExitOneLikeAFailure() {
        SessionView done = SessionView.queued("a", 1, "m").withState(SessionState.COMPLETED, null);
        SessionView skipped = SessionView.queued("b", 1, "m").withState(SessionState.SKIPPED, "halted: 1 failure");
        SessionView failed = SessionView.queued("c", 1, "m").withState(SessionState.FAILED, "boom");

        assertThat(ExitCodes.ofBatch(snapshot(done))).isEqualTo(ExitCodes.OK);
        assertThat(ExitCodes.ofBatch(snapshot(done, skipped))).isEqualTo(ExitCodes.NOT_ALL_COMPLETED);
        assertThat(ExitCodes.ofBatch(snapshot(done, failed))).isEqualTo(ExitCodes.NOT_ALL_COMPLETED);
    }

    private static RunSnapshot snapshot(SessionView... sessions) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return new RunSnapshot("run", Path.of("/p"), "m", 2, true, at, at, List.of(sessions));
    }
}
