package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.task.Task;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second reader of the state directory follows a live run, and its stop reaches the owner. */
class AttachedRunTest {
    @TempDir
    Path tmp;

    @Test
    void followsALiveRunAndStopsThroughTheOwner() throws Exception {
        StateDir state = StateDir.open(tmp.resolve("state"));
        RunStore run = state.createRun();
        var self = Launchers.ownerLiveness().self();
        ObjectNode info = JsonNodeFactory.instance
                .objectNode()
                .put("pid", self.pid())
                .put("pid_start", self.startedAt().toString());
        info.putObject("options").put("model", "sonnet").put("parallel", 2);
        run.writeRunInfo(info);
        Task defaults = Task.builder()
                .model("sonnet")
                .budgetUsd(1.0)
                .timeout(Duration.ofMinutes(1))
                .permissionMode("bypassPermissions")
                .build();
        try (Scheduler owner = new Scheduler(
                        run,
                        run.journal(),
                        new ScriptedAgent(),
                        new RunOptions(defaults, 2, Duration.ofSeconds(1), tmp, System.getenv()),
                        List.of(Task.of("quick", "sleep=1 cost=0.5"), Task.of("long", "sleep=300")),
                        state.log());
                AttachedRun attached =
                        new AttachedRun(state.openRun(run.runId()), Duration.ofSeconds(1), state.log())) {
            Map<String, SessionState> seen = new ConcurrentHashMap<>();
            attached.subscribe((v, changed) -> seen.put(v.taskId(), v.state()));
            owner.start();
            await(() -> seen.get("quick") == SessionState.COMPLETED && seen.get("long") == SessionState.RUNNING);
            SessionView quick = attached.snapshot().sessions().get(0);
            assertThat(quick.costUsd()).isEqualTo(0.5);
            assertThat(attached.recorded().ownerAlive()).isTrue();
            assertThat(attached.ownsProcesses()).isFalse();

            attached.stop("long");
            RunSnapshot end = owner.finished().get(30, TimeUnit.SECONDS);
            assertThat(end.sessions().get(1).state()).isEqualTo(SessionState.STOPPED);
            await(() -> seen.get("long") == SessionState.STOPPED);
        }
        assertThat(ProcCount.liveWithPrefix(run.runId() + "/")).isEmpty();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition reached in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
