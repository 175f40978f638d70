package dev.claudemulti.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hooks off the scheduler thread: once per final state, bounded by a timeout, never a process left. */
class NotificationsTest {
    private static final Notifications.Timing FAST = new Notifications.Timing(
            Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMillis(20));

    @TempDir
    Path dir;

    private RunStore run;
    private OrchestratorLog log;

    private Notifications notifications(NotifySettings settings) throws Exception {
        StateDir state = StateDir.open(dir.resolve("state"));
        run = state.createRun();
        log = state.log();
        return new Notifications(settings, run, dir, Map.of("PATH", System.getenv("PATH")), log, FAST);
    }

    private static SessionView view(String task, int attempt, SessionState state, String reason) {
        Instant start = Instant.parse("2026-12-01T04:00:00Z");
        return new SessionView(
                task,
                attempt,
                state,
                reason,
                42L,
                start,
                state.isFinal() ? start.plusSeconds(3) : null,
                10,
                1,
                0.25,
                null,
                null,
                "done",
                "sid-" + task,
                state.isFinal() ? 0 : null,
                "sonnet",
                List.of());
    }

    private String orchestratorLog() throws Exception {
        Path file = dir.resolve("state").resolve("orchestrator.log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void oneHookPerSessionAndFinalStateWithTheEventsVariables() throws Exception {
        Path calls = dir.resolve("calls.txt");
        Notifications n = notifications(new NotifySettings(
                "echo \"$CLAUDE_MULTI_TASK $CLAUDE_MULTI_ATTEMPT $CLAUDE_MULTI_STATUS $CLAUDE_MULTI_COST_USD"
                        + " [$CLAUDE_MULTI_REASON] ${CLAUDE_MULTI_BRANCH-unset} $CLAUDE_MULTI_RUN\" >> " + calls,
                null,
                null));
        n.sessionChanged(view("a", 1, SessionState.RUNNING, null), true);
        n.sessionChanged(view("a", 1, SessionState.COMPLETED, null), false);
        n.sessionChanged(view("a", 1, SessionState.COMPLETED, null), true);
        n.sessionChanged(view("a", 1, SessionState.COMPLETED, null), true);
        n.sessionChanged(view("b", 1, SessionState.FAILED, "exit 3"), true);
        n.sessionChanged(view("b", 2, SessionState.FAILED, "exit 3"), true);
        n.close();
        assertThat(Files.readAllLines(calls))
                .containsExactlyInAnyOrder(
                        "a 1 completed 0.25 [] unset " + run.runId(),
                        "b 1 failed 0.25 [exit 3] unset " + run.runId(),
                        "b 2 failed 0.25 [exit 3] unset " + run.runId());
        assertThat(Files.readString(run.hooksLog())).contains("on-session-end a: echo");
    }

    @Test
    void theReportIsWrittenBeforeTheFinishHookReadsIt() throws Exception {
        Path copy = dir.resolve("copy.json");
        Path env = dir.resolve("env.txt");
        Notifications n = notifications(new NotifySettings(
                null, "cp \"$CLAUDE_MULTI_REPORT\" " + copy + "; env | grep ^CLAUDE_MULTI_ > " + env, null));
        RunSnapshot snapshot = new RunSnapshot(
                run.runId(),
                dir,
                "sonnet",
                2,
                false,
                Instant.parse("2026-12-01T04:00:00Z"),
                Instant.parse("2026-12-01T04:01:00Z"),
                List.of(view("a", 1, SessionState.COMPLETED, null), view("b", 1, SessionState.FAILED, "boom")));
        n.runFinished(snapshot);
        n.close();
        JsonNode report = new ObjectMapper().readTree(copy.toFile());
        assertThat(report.get("run").asText()).isEqualTo(run.runId());
        assertThat(report.get("tasks")).hasSize(2);
        assertThat(Files.readAllLines(env))
                .contains(
                        "CLAUDE_MULTI_EVENT=run_finished",
                        "CLAUDE_MULTI_STATUS=failed",
                        "CLAUDE_MULTI_COST_USD=0.5",
                        "CLAUDE_MULTI_REPORT=" + run.reportFile(),
                        "CLAUDE_MULTI_TASK=");
        assertThat(Files.readAllLines(env))
                .anyMatch(l -> l.startsWith("CLAUDE_MULTI_REASON=") && l.contains("1 failed"));
    }

    @Test
    void aHookThatHangsOrFailsIsLoggedStoppedAndLeavesNoProcess() throws Exception {
        Path started = dir.resolve("started");
        Notifications n = notifications(new NotifySettings(
                "if [ \"$CLAUDE_MULTI_TASK\" = hang ]; then sleep 300 & touch " + started
                        + "; sleep 300; else exit 7; fi",
                null,
                null));
        long before = System.nanoTime();
        n.sessionChanged(view("hang", 1, SessionState.COMPLETED, null), true);
        n.sessionChanged(view("fails", 1, SessionState.FAILED, "x"), true);
        // The listener only queues: it returned long before the hook's timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(FAST.hookTimeout());
        n.close();
        assertThat(started).exists();
        ProcCount.assertNoneLeft("hook:" + run.runId() + "/", Duration.ofSeconds(5));
        assertThat(orchestratorLog())
                .contains("on-session-end hang hook timed out after 1s")
                .contains("on-session-end fails hook exited with code 7");
    }

    @Test
    void whatAHookLeavesInTheBackgroundIsStopped() throws Exception {
        Notifications n = notifications(new NotifySettings("sleep 300 >/dev/null 2>&1 &", null, null));
        n.sessionChanged(view("a", 1, SessionState.COMPLETED, null), true);
        n.close();
        ProcCount.assertNoneLeft("hook:" + run.runId() + "/", Duration.ofSeconds(5));
        assertThat(orchestratorLog()).contains("on-session-end a hook left processes running");
    }

    @Test
    void closeStopsAHookStillRunningWhenItsWaitIsOver() throws Exception {
        Notifications.Timing slowHooks = new Notifications.Timing(
                Duration.ofSeconds(300), Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofMillis(10));
        StateDir state = StateDir.open(dir.resolve("state"));
        run = state.createRun();
        Notifications n = new Notifications(
                new NotifySettings("sleep 300", null, null),
                run,
                dir,
                Map.of("PATH", System.getenv("PATH")),
                state.log(),
                slowHooks);
        n.sessionChanged(view("a", 1, SessionState.COMPLETED, null), true);
        n.closeWithin(Duration.ofMillis(300));
        ProcCount.assertNoneLeft("hook:" + run.runId() + "/", Duration.ofSeconds(5));
        assertThat(orchestratorLog()).contains("hooks still running as the run ends");
    }

    @Test
    void aFailureThatIsRetriedIsNotFinalAndGetsNoHook() throws Exception {
        Path calls = dir.resolve("calls.txt");
        Notifications n = notifications(new NotifySettings(
                "echo \"$CLAUDE_MULTI_TASK $CLAUDE_MULTI_ATTEMPT $CLAUDE_MULTI_STATUS\" >> " + calls,
                "echo finish >> " + calls,
                null));
        SessionView retry = SessionView.queued("a", 2, "sonnet")
                .withRetry(new SessionView.PendingRetry(Instant.now(), 3, "HTTP 529"));
        // As the engine shows a transient failure: the failed attempt with its retry, then the queued retry.
        n.sessionChanged(view("a", 1, SessionState.FAILED, "HTTP 529").withRetry(retry.retry()), true);
        n.sessionChanged(retry, true);
        n.sessionChanged(view("b", 1, SessionState.FAILED, "exit 3"), true);
        n.sessionChanged(view("a", 2, SessionState.FAILED, "HTTP 529"), true);
        n.runFinished(new RunSnapshot(
                run.runId(),
                dir,
                "sonnet",
                2,
                false,
                Instant.now(),
                Instant.now(),
                List.of(view("a", 2, SessionState.FAILED, "HTTP 529"), view("b", 1, SessionState.FAILED, "exit 3"))));
        n.close();
        List<String> lines = Files.readAllLines(calls);
        assertThat(lines).containsExactlyInAnyOrder("a 2 failed", "b 1 failed", "finish");
        assertThat(lines.get(2))
                .as("the session hooks were queued before the finish")
                .isEqualTo("finish");
    }
}
