package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudemulti.store.OrchestratorLog;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's end is announced whatever fails on the way: a waiter left hanging is an orchestrator that never exits. */
class RunEndTest {
    @TempDir
    Path tmp;

    @Test
    void aSnapshotThatFailsStillEndsTheWaitOfEveryIdleCaller() {
        FakeRecorder recorder = new FakeRecorder();
        StateBoard board =
                new StateBoard(recorder, Redactor.none(), Runnable::run, new OrchestratorLog(tmp.resolve("log")));
        RunEnd end = new RunEnd(board, Runnable::run, () -> {
            throw new IllegalStateException("a bug while taking the last snapshot");
        });
        CompletableFuture<RunSnapshot> idle = new CompletableFuture<>();
        end.idle(idle);

        end.end();

        assertThatThrownBy(() -> idle.orTimeout(5, TimeUnit.SECONDS).join())
                .isInstanceOf(CompletionException.class)
                .hasRootCauseMessage("a bug while taking the last snapshot");
        assertThat(end.finished()).isCompletedExceptionally();
        assertThat(end.closing()).as("nothing may start after the end").isTrue();
    }
}
