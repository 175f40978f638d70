package dev.claudemulti.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.Scheduler;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.task.Task;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stop reaches a session's setup: it ends at once, leaves no process, and its agent never starts. */
class SetupStopTest {
    @TempDir
    Path tmp;

    @Test
    void stoppingASessionInItsSetupStopsTheSetupAndStartsNoAgent() throws Exception {
        Path started = tmp.resolve("agent-started");
        List<String> agent =
                List.of("sh", "-c", "touch '" + started + "'; cat > /dev/null; echo '" + Faults.RESULT_OK + "'");
        Task task = Task.builder()
                .id("s")
                .prompt("p")
                .setup("sleep 300 & sleep 300")
                .build();
        try (Scheduler scheduler = Faults.scheduler(
                tmp.resolve("state"),
                Faults.agentRunning(agent),
                List.of(task),
                1,
                Duration.ofMinutes(10),
                Duration.ofSeconds(1))) {
            String marker = scheduler.runId() + "/s/1";
            scheduler.start();
            Faults.await(
                    "the setup running",
                    Duration.ofSeconds(20),
                    () -> ProcCount.live(marker).size() >= 2);
            long t0 = System.nanoTime();
            scheduler.stop("s");
            RunSnapshot done = scheduler.finished().get(20, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            SessionView s = done.sessions().get(0);
            assertThat(s.state()).isEqualTo(SessionState.STOPPED);
            assertThat(s.reason()).contains("before its agent started");
            ProcCount.assertNoneLeft(scheduler.runId() + "/", Duration.ZERO);
            assertThat(Files.exists(started)).isFalse();
        }
    }
}
