package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.task.Task;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A check through the scheduler with real processes: while it runs the session is running (journaled,
 * with the attempt's figures), it holds its slot, and a stop reaches the check's whole tree.
 */
class CheckStepTest {
    @TempDir
    Path tmp;

    private RunStore run;

    private Scheduler scheduler(List<Task> tasks) throws Exception {
        StateDir state = StateDir.open(tmp.resolve("state"));
        run = state.createRun();
        Task defaults = Task.builder()
                .model("sonnet")
                .timeout(Duration.ofMinutes(5))
                .permissionMode("bypassPermissions")
                .retries(0)
                .build();
        return new Scheduler(
                run,
                run.journal(),
                new ScriptedAgent(),
                new RunOptions(defaults, 1, Duration.ofSeconds(1), tmp, System.getenv(), null, RunPolicy.defaults()),
                tasks,
                new OrchestratorLog(state.orchestratorLog()));
    }

    @Test
    void aStopDuringTheCheckStopsItsWholeTreeAndTheSessionEndsStopped() throws Exception {
        Task checked = Task.builder()
                .id("a")
                .prompt("cost=0.03")
                .check("sleep 300 & sleep 301")
                .fixAttempts(3)
                .build();
        try (Scheduler s = scheduler(List.of(checked, Task.of("b", "cost=0.01")))) {
            CompletableFuture<SessionView> checking = new CompletableFuture<>();
            s.subscribe((v, changed) -> {
                if (v.checking()) {
                    checking.complete(v);
                }
            });
            s.start();
            SessionView during = checking.get(60, TimeUnit.SECONDS);
            assertThat(during.activity()).isEqualTo("check: sleep 300 & sleep 301");
            assertThat(during.costUsd())
                    .as("the attempt's cost is kept while it is checked")
                    .isEqualTo(0.03);
            // -j 1: the check holds the slot, b waits for it.
            assertThat(s.snapshot().sessions().get(1).state()).isEqualTo(SessionState.QUEUED);
            // The journal has the checking state, so status (another process) shows it too.
            assertThat(RecordedRun.load(run).snapshot().sessions().get(0).activity())
                    .isEqualTo("check: sleep 300 & sleep 301");
            s.stop("a");
            RunSnapshot snap = s.finished().get(60, TimeUnit.SECONDS);
            SessionView a = snap.sessions().get(0);
            assertThat(a.state()).isEqualTo(SessionState.STOPPED);
            assertThat(a.reason()).endsWith(", during its check");
            assertThat(a.attempt()).as("a stop is no failure: no fix round").isEqualTo(1);
            assertThat(a.check().exitCode()).as("the check was not judged").isNull();
            assertThat(snap.sessions().get(1).state()).isEqualTo(SessionState.COMPLETED);
            assertThat(snap.totalCostUsd()).isEqualTo(0.04);
        }
        ProcCount.assertNoneLeft(run.runId() + "/", Duration.ofSeconds(5));
        List<ObjectNode> entries = Journal.replay(run.journalFile());
        assertThat(entries.stream()
                        .filter(e -> "a".equals(e.path("task").asText()))
                        .map(e -> e.path("state").asText()))
                .containsExactly("queued", "running", "running", "stopped");
    }

    @Test
    void aFixRoundsPromptQuotesTheCheckWithoutTheSecretsItPrinted() throws Exception {
        Task leaky = Task.builder()
                .id("a")
                .prompt("cost=0.01")
                .env(java.util.Map.of("DEPLOY_TOKEN", "s3cr3t-value-xyz"))
                .check("echo \"token is $DEPLOY_TOKEN\"; exit 4")
                .fixAttempts(1)
                .build();
        try (Scheduler s = scheduler(List.of(leaky))) {
            s.start();
            SessionView a = s.finished().get(60, TimeUnit.SECONDS).sessions().get(0);
            assertThat(a.state()).isEqualTo(SessionState.FAILED);
            assertThat(a.attempt()).isEqualTo(2);
            assertThat(a.check())
                    .isEqualTo(new CheckOutcome("echo \"token is $DEPLOY_TOKEN\"; exit 4", 4, false, 2, 2));
        }
        String fixPrompt = java.nio.file.Files.readString(run.session("a", 2).prompt());
        assertThat(fixPrompt)
                .contains("exited with code 4")
                .contains("token is ")
                .doesNotContain("s3cr3t-value-xyz");
        assertThat(java.nio.file.Files.readString(run.journalFile())).doesNotContain("s3cr3t-value-xyz");
        ProcCount.assertNoneLeft(run.runId() + "/", Duration.ofSeconds(5));
    }
}
