package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.task.Task;
import dev.claudemulti.testing.ProcCount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerTest {
    @TempDir
    Path tmp;

    private RunStore run;

    private Scheduler scheduler(List<Task> tasks, int parallel, Duration timeout, Duration grace) throws Exception {
        return scheduler(tasks, parallel, timeout, grace, RunPolicy.defaults());
    }

    private Scheduler scheduler(List<Task> tasks, int parallel, Duration timeout, Duration grace, RunPolicy policy)
            throws Exception {
        StateDir state = StateDir.open(tmp.resolve("state"));
        run = state.createRun();
        Journal journal = run.journal();
        Task defaults = Task.builder()
                .model("sonnet")
                .budgetUsd(1.0)
                .timeout(timeout)
                .permissionMode("bypassPermissions")
                .retries(0) // these tests are about single attempts: an exit without a result line ends it
                .build();
        return new Scheduler(
                run,
                journal,
                new ScriptedAgent(),
                new RunOptions(defaults, parallel, grace, tmp, System.getenv(), null, policy),
                tasks,
                new OrchestratorLog(state.orchestratorLog()));
    }

    private RunSnapshot runToEnd(Scheduler s) throws Exception {
        s.start();
        return s.finished().get(120, TimeUnit.SECONDS);
    }

    private SessionView view(RunSnapshot snap, String id) {
        return snap.sessions().stream()
                .filter(v -> v.taskId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void completesFailsAndRecordsReasons() throws Exception {
        try (Scheduler s = scheduler(
                List.of(
                        Task.of("ok", "cost=0.25"),
                        Task.of("budget", "error=error_max_budget_usd"),
                        Task.of("exit3", "exit=3 noresult stderr=boom-on-stderr"),
                        Task.of("silent", "noresult")),
                4,
                Duration.ofMinutes(1),
                Duration.ofSeconds(1))) {
            RunSnapshot snap = runToEnd(s);
            SessionView ok = view(snap, "ok");
            assertThat(ok.state()).isEqualTo(SessionState.COMPLETED);
            assertThat(ok.costUsd()).isEqualTo(0.25);
            assertThat(ok.exitCode()).isZero();
            assertThat(ok.tokens().cacheRead()).isEqualTo(3);
            assertThat(ok.outputBytes())
                    .isEqualTo(Files.size(run.session("ok", 1).output()));
            assertThat(view(snap, "budget").state()).isEqualTo(SessionState.FAILED);
            assertThat(view(snap, "budget").reason()).startsWith("error_max_budget_usd");
            assertThat(view(snap, "exit3").state()).isEqualTo(SessionState.FAILED);
            assertThat(view(snap, "exit3").reason()).isEqualTo("exit code 3: boom-on-stderr");
            assertThat(view(snap, "silent").reason()).startsWith("no result line");
            assertThat(snap.endedAt()).isNotNull();
        }
        List<ObjectNode> entries = Journal.replay(run.journalFile());
        assertThat(entries)
                .extracting(e -> e.path("event").asText())
                .startsWith("run_started")
                .endsWith("run_finished");
        assertThat(entries.stream()
                        .filter(e -> "ok".equals(e.path("task").asText()))
                        .map(e -> e.path("state").asText()))
                .containsExactly("queued", "running", "completed");
    }

    @Test
    void aTransientFailureRunsAgainAsAProcessThatContinuesItsConversation() throws Exception {
        Task flaky = Task.builder()
                .id("flaky")
                .prompt("apierror=529 cost=0.0096")
                .retries(1)
                .build();
        RunPolicy quick = new RunPolicy(Duration.ofMillis(200), false, null, null, null, true, null);
        try (Scheduler s = scheduler(List.of(flaky), 1, Duration.ofMinutes(1), Duration.ofSeconds(1), quick)) {
            RunSnapshot snap = runToEnd(s);
            SessionView v = view(snap, "flaky");
            assertThat(v.attempt()).isEqualTo(2);
            assertThat(v.state()).isEqualTo(SessionState.COMPLETED);
            byte[] continuation = Files.readAllBytes(run.session("flaky", 2).prompt());
            assertThat(new String(continuation, java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(new ScriptedAgent().continuationPrompt("HTTP 529"));
            assertThat(v.resultText()).isEqualTo(ScriptedAgentMain.sha256(continuation));
            var first = dev.claudemulti.record.SessionRecord.read(run, run.session("flaky", 1));
            assertThat(first.state()).isEqualTo("failed");
            assertThat(v.sessionId()).as("the same conversation").isNotNull().isEqualTo(first.sessionId());
            // The second process reports the conversation's total, $0.01: the run spent $0.01, not $0.0196.
            assertThat(snap.totalCostUsd()).isCloseTo(0.01, org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    @Test
    void aStateChangeIsShownOnlyAfterItsJournalEntryIsWritten() throws Exception {
        List<Task> tasks = IntStream.range(0, 24)
                .mapToObj(i -> Task.of("t" + i, i % 3 == 0 ? "exit=2" : "cost=0.01"))
                .toList();
        List<String> unrecorded = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger shown = new AtomicInteger();
        try (Scheduler s = scheduler(tasks, 8, Duration.ofMinutes(1), Duration.ofSeconds(1))) {
            s.subscribe((v, changed) -> {
                if (!changed) {
                    return;
                }
                shown.incrementAndGet();
                boolean recorded = Journal.replay(run.journalFile()).stream()
                        .anyMatch(e -> v.taskId().equals(e.path("task").asText())
                                && v.state()
                                        .name()
                                        .equalsIgnoreCase(
                                                e.path("state").asText().replace(' ', '_'))
                                && v.attempt() == e.path("attempt").asInt(1));
                if (!recorded) {
                    unrecorded.add(v.taskId() + " " + v.state());
                }
            });
            RunSnapshot snap = runToEnd(s);
            // The final snapshot is announced after every state before it was shown.
            assertThat(snap.sessions()).allMatch(v -> v.state().isFinal());
        }
        assertThat(shown.get()).isEqualTo(24 * 2);
        assertThat(unrecorded).isEmpty();
    }

    @Test
    void neverRunsMoreThanTheParallelLimit() throws Exception {
        List<Task> tasks = IntStream.range(0, 8)
                .mapToObj(i -> Task.of("t" + i, "sleep=0.5"))
                .toList();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        try (Scheduler s = scheduler(tasks, 3, Duration.ofMinutes(1), Duration.ofSeconds(1))) {
            Map<String, SessionState> last = new ConcurrentHashMap<>();
            s.subscribe((v, changed) -> {
                if (!changed) {
                    return;
                }
                SessionState before = last.put(v.taskId(), v.state());
                if (v.state() == SessionState.RUNNING) {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                } else if (before == SessionState.RUNNING) {
                    running.decrementAndGet();
                }
            });
            RunSnapshot snap = runToEnd(s);
            assertThat(snap.sessions()).allMatch(v -> v.state() == SessionState.COMPLETED);
        }
        assertThat(peak.get()).isEqualTo(3);
    }

    @Test
    void timesOutATermIgnoringAgentAndLeavesNothing() throws Exception {
        try (Scheduler s = scheduler(
                List.of(Task.of("hang", "ignoreterm background sleep=300")),
                1,
                Duration.ofSeconds(2),
                Duration.ofMillis(500))) {
            RunSnapshot snap = runToEnd(s);
            SessionView v = view(snap, "hang");
            assertThat(v.state()).isEqualTo(SessionState.TIMED_OUT);
            assertThat(v.reason()).isEqualTo("timed out after 2s");
        }
        assertThat(ProcCount.liveWithPrefix(run.runId() + "/")).isEmpty();
    }

    @Test
    void sweepsWhatACompletedSessionLeftBehind() throws Exception {
        try (Scheduler s =
                scheduler(List.of(Task.of("bg", "background")), 1, Duration.ofMinutes(1), Duration.ofSeconds(1))) {
            assertThat(view(runToEnd(s), "bg").state()).isEqualTo(SessionState.COMPLETED);
        }
        assertThat(ProcCount.liveWithPrefix(run.runId() + "/")).isEmpty();
    }

    @Test
    void stopKillRetryAndStopAll() throws Exception {
        List<Task> tasks = List.of(
                Task.of("a", "sleep=300"),
                Task.of("b", "ignoreterm sleep=300"),
                Task.of("c", "sleep=300"),
                Task.of("d", "sleep=0"));
        try (Scheduler s = scheduler(tasks, 3, Duration.ofMinutes(5), Duration.ofSeconds(30))) {
            Map<String, SessionState> states = new ConcurrentHashMap<>();
            s.subscribe((v, changed) -> states.put(v.taskId(), v.state()));
            s.start();
            awaitState(states, "a", SessionState.RUNNING);
            awaitState(states, "b", SessionState.RUNNING);
            s.stop("a");
            awaitState(states, "a", SessionState.STOPPED);
            s.kill("b"); // ignores TERM: only the kill ends it, long before the 30 s grace
            awaitState(states, "b", SessionState.KILLED);
            awaitState(states, "d", SessionState.COMPLETED);
            s.retry("d");
            awaitAttempt(s, "d", 2, SessionState.COMPLETED);
            s.stopAll();
            RunSnapshot snap = s.finished().get(60, TimeUnit.SECONDS);
            assertThat(view(snap, "c").state()).isEqualTo(SessionState.STOPPED);
            assertThat(view(snap, "d").attempt()).isEqualTo(2);
            // Attempt 1 of d was paid for: the totals keep it, live and as recorded.
            assertThat(snap.earlierAttemptsCostUsd()).isEqualTo(0.01);
            assertThat(snap.totalCostUsd()).isEqualTo(0.02);
            assertThat(RecordedRun.load(run).snapshot().totalCostUsd()).isEqualTo(0.02);
        }
        assertThat(Files.exists(run.session("d", 1).output())).isTrue();
        assertThat(Files.exists(run.session("d", 2).output())).isTrue();
        assertThat(ProcCount.liveWithPrefix(run.runId() + "/")).isEmpty();
    }

    @Test
    void aFailingListenerNeitherStallsTheBatchNorLosesAState() throws Exception {
        try (Scheduler s = scheduler(
                List.of(Task.of("a", "cost=0.1"), Task.of("b", "exit=3 noresult")),
                1,
                Duration.ofMinutes(1),
                Duration.ofSeconds(1))) {
            s.subscribe((v, changed) -> {
                throw new IllegalStateException("dashboard bug");
            });
            RunSnapshot snap = runToEnd(s);
            assertThat(view(snap, "a").state()).isEqualTo(SessionState.COMPLETED);
            assertThat(view(snap, "b").state()).isEqualTo(SessionState.FAILED);
        }
        assertThat(Files.readString(tmp.resolve("state").resolve("orchestrator.log")))
                .contains("dashboard bug");
    }

    @Test
    void aRetryAfterTheRunEndedIsRefusedAndNothingOutlivesTheScheduler() throws Exception {
        try (Scheduler s =
                scheduler(List.of(Task.of("t", "exit=0")), 1, Duration.ofMinutes(1), Duration.ofSeconds(1))) {
            s.start();
            s.idle().get(60, TimeUnit.SECONDS);
            s.retry("t"); // e.g. a dashboard's request arriving as the owner closes
            Thread.sleep(300);
            assertThat(view(s.snapshot(), "t").attempt()).isEqualTo(1);
        }
        assertThat(ProcCount.liveWithPrefix(run.runId() + "/")).isEmpty();
    }

    @Test
    void secretsQuotedByAnAgentAreCutFromWhatIsRecordedAndShown() throws Exception {
        String secret = "tok-PLANTED-8675309";
        Task task = Task.builder()
                .id("leaky")
                .prompt("stderr=" + secret + " exit=1 noresult")
                .env(Map.of("MY_TOKEN", secret))
                .build();
        List<String> shown = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Scheduler s = scheduler(List.of(task), 1, Duration.ofMinutes(1), Duration.ofSeconds(1))) {
            s.subscribe((v, changed) -> shown.add(String.valueOf(v)));
            SessionView v = view(runToEnd(s), "leaky");
            assertThat(v.reason()).isEqualTo("exit code 1: ***");
        }
        assertThat(shown).noneMatch(text -> text.contains(secret));
        assertThat(Files.readString(run.journalFile())).doesNotContain(secret);
        assertThat(Files.readString(run.session("leaky", 1).sessionInfo())).doesNotContain(secret);
    }

    @Test
    void aMegabytePromptArrivesIntactOnStdin() throws Exception {
        String prompt = "--looks-like-a-flag " + "x".repeat(1024 * 1024) + " é";
        try (Scheduler s =
                scheduler(List.of(Task.of("big", prompt)), 1, Duration.ofMinutes(1), Duration.ofSeconds(1))) {
            SessionView v = view(runToEnd(s), "big");
            assertThat(v.state()).isEqualTo(SessionState.COMPLETED);
            assertThat(v.resultText()).isEqualTo(ScriptedAgentMain.sha256(prompt.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void awaitState(Map<String, SessionState> states, String id, SessionState want)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (states.get(id) != want) {
            assertThat(System.nanoTime())
                    .as("%s reaches %s (now %s)", id, want, states.get(id))
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void awaitAttempt(Scheduler s, String id, int attempt, SessionState want)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            SessionView v = s.snapshot().sessions().stream()
                    .filter(x -> x.taskId().equals(id))
                    .findFirst()
                    .orElseThrow();
            if (v.attempt() == attempt && v.state() == want) {
                return;
            }
            assertThat(System.nanoTime())
                    .as("%s attempt %d reaches %s", id, attempt, want)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
