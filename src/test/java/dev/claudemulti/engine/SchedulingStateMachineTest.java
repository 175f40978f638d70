package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.AttemptEnd;
import dev.claudemulti.agent.AttemptPlan;
import dev.claudemulti.agent.Outcome;
import dev.claudemulti.agent.OutputDecoder;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.engine.FakeLauncher.FakeHandle;
import dev.claudemulti.launch.HandleRecord;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's state machine against an in-memory launcher and recorder: no processes, no
 * fsync, so each test takes milliseconds. Nothing here sleeps: tests wait on the futures of the
 * fakes, bounded.
 */
class SchedulingStateMachineTest {
    private static final long WAIT_S = 10;

    @TempDir
    Path tmp;

    private final FakeLauncher launcher = new FakeLauncher();
    private final FakeRecorder recorder = new FakeRecorder();
    private final PromptAgent agent = new PromptAgent();
    private RunStore run;
    private Scheduler scheduler;

    /**
     * The task's prompt is the fake session's command, so that it can tell the fake launcher what to
     * do. Exit code {@value #TRANSIENT_EXIT} means an overloaded API (a transient outcome). Each
     * attempt's plan is kept.
     */
    private static final class PromptAgent implements Agent {
        final Map<String, List<AttemptPlan>> plans = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public List<String> command(Task task, AttemptPlan plan) {
            plans.computeIfAbsent(task.id(), id -> new CopyOnWriteArrayList<>()).add(plan);
            return command(task);
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public boolean simulated() {
            return true;
        }

        @Override
        public void checkAvailable() {}

        @Override
        public List<String> command(Task task) {
            return List.of(task.prompt());
        }

        @Override
        public OutputDecoder decoder(Consumer<SessionEvent> events) {
            return CLAUDE.decoder(events);
        }

        @Override
        public Outcome classify(AttemptEnd end) {
            return end.exitCode() == TRANSIENT_EXIT
                    ? Outcome.transientFailure("API Error: overloaded", 529, false, null)
                    : CLAUDE.classify(end);
        }
    }

    private static final int TRANSIENT_EXIT = 75;

    /** The fake sessions write Claude's stream-json: Claude's decoder and rules read it. */
    private static final Agent CLAUDE =
            new dev.claudemulti.agent.ClaudeAgent(dev.claudemulti.agent.ClaudeAgent.DEFAULT_BINARY, "");

    private Scheduler scheduler(int parallel, Duration timeout, EndPolicy endPolicy, String... taskIds)
            throws Exception {
        return scheduler(parallel, timeout, endPolicy, RunPolicy.defaults(), null, Map.of(), taskIds);
    }

    /**
     * @param batch   the batch's policies, or null: the real ones of {@code policy}
     * @param resumed views a resumed run starts from (empty: a new run)
     */
    private Scheduler scheduler(
            int parallel,
            Duration timeout,
            EndPolicy endPolicy,
            RunPolicy policy,
            BatchControl batch,
            Map<String, SessionView> resumed,
            String... taskIds)
            throws Exception {
        StateDir state = StateDir.open(tmp.resolve("state"));
        run = state.createRun();
        Task defaults = Task.builder()
                .model("sonnet")
                .budgetUsd(1.0)
                .timeout(timeout)
                .permissionMode("bypassPermissions")
                .build();
        List<Task> tasks = Stream.of(taskIds)
                .map(id -> Task.of(id, id.startsWith("broken") ? "fail-launch" : "work"))
                .map(t -> t.id().startsWith("once") ? t.toBuilder().retries(1).build() : t)
                .toList();
        RunOptions options = new RunOptions(defaults, parallel, Duration.ofMillis(300), tmp, Map.of(), null, policy);
        scheduler = new Scheduler(
                run,
                agent,
                options,
                tasks,
                state.log(),
                resumed,
                Instant.now(),
                0,
                new Scheduler.Parts(
                        launcher,
                        recorder,
                        Redactor.none(),
                        endPolicy,
                        batch != null ? batch : new BatchControl(parallel, options.policy())));
        return scheduler;
    }

    private Scheduler scheduler(int parallel, String... taskIds) throws Exception {
        return scheduler(parallel, null, EndPolicy.standard(), taskIds);
    }

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private FakeHandle launched(String task) throws Exception {
        return launcher.launched(task).get(WAIT_S, TimeUnit.SECONDS);
    }

    /** Waits until the scheduler shows the task running (its launch is over, its start on disk). */
    private void awaitRunning(String task) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (view(scheduler.snapshot(), task).state() != SessionState.RUNNING) {
            assertThat(System.nanoTime()).as(task + " never shown running").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static SessionView view(RunSnapshot snap, String id) {
        return snap.sessions().stream()
                .filter(v -> v.taskId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private RunSnapshot finished() throws Exception {
        return scheduler.finished().get(WAIT_S, TimeUnit.SECONDS);
    }

    @Test
    void startsInFileOrderAndNeverMoreThanTheParallelLimit() throws Exception {
        Scheduler s = scheduler(2, "a", "b", "c", "d");
        s.start();
        FakeHandle a = launched("a");
        FakeHandle b = launched("b");
        // Both slots went in one pass of the scheduler thread (forked in parallel): c was not picked in it.
        assertThat(launcher.launchOrder()).containsExactlyInAnyOrder("a", "b");
        assertThat(launcher.launched("c")).isNotDone();

        b.exit(0, FakeHandle.result(false, 0.01));
        FakeHandle c = launched("c");
        assertThat(launcher.launchOrder()).hasSize(3).endsWith("c");
        assertThat(launcher.launched("d")).isNotDone();
        a.exit(0, FakeHandle.result(false, 0.01));
        FakeHandle d = launched("d");
        c.exit(0, FakeHandle.result(false, 0.01));
        d.exit(0, FakeHandle.result(false, 0.01));

        RunSnapshot snap = finished();
        assertThat(snap.sessions()).allSatisfy(v -> assertThat(v.state()).isEqualTo(SessionState.COMPLETED));
        assertThat(launcher.maxConcurrent()).as("%s", launcher.history()).isEqualTo(2);
        assertThat(recorder.states("a")).containsExactly("queued", "running", "completed");
        // The running entry carries the handle, so that another process can find the session again.
        assertThat(recorder.durable())
                .filteredOn(e -> e instanceof JournalEntry.SessionChanged changed
                        && "a".equals(changed.session().task())
                        && "running".equals(changed.session().state()))
                .singleElement()
                .satisfies(e -> {
                    HandleRecord handle = ((JournalEntry.SessionChanged) e).handle();
                    assertThat(handle.kind()).isEqualTo("fake");
                    assertThat(handle.attribute("marker")).isEqualTo(s.runId() + "/a/1");
                });
        assertThat(recorder.durable().get(recorder.durable().size() - 1)).isInstanceOf(JournalEntry.RunFinished.class);
    }

    @Test
    void oneSlotRunsTheQueueInFileOrder() throws Exception {
        Scheduler s = scheduler(1, "c", "a", "b");
        s.start();
        for (String task : List.of("c", "a", "b")) {
            launched(task).exit(0, FakeHandle.result(false, 0.01));
        }
        finished();
        assertThat(launcher.launchOrder()).containsExactly("c", "a", "b");
        assertThat(launcher.maxConcurrent()).as("%s", launcher.history()).isEqualTo(1);
    }

    @Test
    void aFailedExitGetsTheFailureReasonAndTheRunGoesOn() throws Exception {
        Scheduler s = scheduler(1, "a", "b");
        s.start();
        launched("a").exit(3, FakeHandle.result(true, 0.02));
        launched("b").exit(0, FakeHandle.result(false, 0.01));
        RunSnapshot snap = finished();
        assertThat(view(snap, "a").state()).isEqualTo(SessionState.FAILED);
        assertThat(view(snap, "a").reason()).startsWith("error_during_execution");
        assertThat(view(snap, "a").exitCode()).isEqualTo(3);
        assertThat(view(snap, "b").state()).isEqualTo(SessionState.COMPLETED);
    }

    @Test
    void aSessionThatCannotBeLaunchedFailsAndFreesItsSlot() throws Exception {
        Scheduler s = scheduler(1, "broken", "after");
        s.start();
        launched("after").exit(0, FakeHandle.result(false, 0.01));
        RunSnapshot snap = finished();
        assertThat(view(snap, "broken").state()).isEqualTo(SessionState.FAILED);
        assertThat(view(snap, "broken").reason()).isEqualTo("could not start: no such program: fail-launch");
        assertThat(view(snap, "broken").pid()).isNull();
        assertThat(view(snap, "after").state()).isEqualTo(SessionState.COMPLETED);
        assertThat(launcher.launchOrder()).containsExactly("broken", "after");
    }

    @Test
    void aTimeoutAsksTheHandleToTerminateWithTheGraceAndEndsTimedOut() throws Exception {
        Scheduler s = scheduler(1, Duration.ofMillis(50), EndPolicy.standard(), "slow");
        s.start();
        FakeHandle slow = launched("slow");
        RunSnapshot snap = finished();
        // The handle escalates to a kill after the grace itself (see SessionProcessTest); the scheduler asks once.
        assertThat(slow.stops).containsExactly("terminate 300ms");
        assertThat(view(snap, "slow").state()).isEqualTo(SessionState.TIMED_OUT);
        assertThat(view(snap, "slow").reason()).startsWith("timed out after");
        assertThat(view(snap, "slow").exitCode()).isEqualTo(143);
    }

    @Test
    void aKillAfterAStopEscalatesAndASecondStopChangesNothing() throws Exception {
        Scheduler s = scheduler(1, "stubborn");
        s.start();
        FakeHandle stubborn = launched("stubborn");
        stubborn.ignoreTerminate = true;
        // A stop during the launch is kept and only the strongest is carried out: this test is about a running one.
        awaitRunning("stubborn");
        s.stop("stubborn");
        s.stop("stubborn");
        s.kill("stubborn");
        RunSnapshot snap = finished();
        assertThat(stubborn.stops).containsExactly("terminate 300ms", "kill");
        assertThat(view(snap, "stubborn").state()).isEqualTo(SessionState.KILLED);
        assertThat(view(snap, "stubborn").reason()).isEqualTo("killed by user");
    }

    @Test
    void stopAllEndsRunningAndQueuedSessionsAndStartsNothingMore() throws Exception {
        Scheduler s = scheduler(1, "running", "waiting");
        s.start();
        FakeHandle running = launched("running");
        s.stopAll();
        RunSnapshot snap = finished();
        assertThat(running.stops).containsExactly("terminate 300ms");
        assertThat(view(snap, "running").state()).isEqualTo(SessionState.STOPPED);
        assertThat(view(snap, "waiting").state()).isEqualTo(SessionState.STOPPED);
        assertThat(view(snap, "waiting").reason()).isEqualTo("stopped by user (stop-all), before it started");
        assertThat(launcher.launchOrder()).containsExactly("running");
    }

    @Test
    void aKillRequestFromAnotherProcessIsRecordedAndCarriedOut() throws Exception {
        Scheduler s = scheduler(1, "target");
        s.start();
        FakeHandle target = launched("target");
        StateDir.open(tmp.resolve("state"))
                .openRun(s.runId())
                .writeRequest(JsonNodeFactory.instance
                        .objectNode()
                        .put("action", "kill")
                        .put("task", "target")
                        .put("pid", 4242));
        RunSnapshot snap = finished();
        assertThat(target.stops).containsExactly("kill");
        assertThat(view(snap, "target").state()).isEqualTo(SessionState.KILLED);
        assertThat(recorder.durable()).anySatisfy(e -> {
            assertThat(e).isInstanceOf(JournalEntry.RequestTaken.class);
            assertThat(((JournalEntry.RequestTaken) e).action()).isEqualTo("kill");
            assertThat(((JournalEntry.RequestTaken) e).fromPid()).isEqualTo(4242);
        });
    }

    @Test
    void retryAndStopAllRequestsFromAnotherProcessAreCarriedOut() throws Exception {
        Scheduler s = scheduler(1, "first", "second");
        s.start();
        launched("first").exit(1);
        FakeHandle second = launched("second");
        awaitRunning("second");
        launcher.forget("first");
        RunStore requests = StateDir.open(tmp.resolve("state")).openRun(s.runId());
        requests.writeRequest(JsonNodeFactory.instance
                .objectNode()
                .put("action", "retry")
                .put("task", "first")
                .put("pid", 1));
        second.exit(0, FakeHandle.result(false, 0.01));
        FakeHandle again = launched("first");
        requests.writeRequest(
                JsonNodeFactory.instance.objectNode().put("action", "stop_all").put("pid", 1));
        RunSnapshot snap = s.idle().get(WAIT_S, TimeUnit.SECONDS);
        assertThat(again.stops).containsExactly("terminate 300ms");
        assertThat(view(snap, "first").attempt()).isEqualTo(2);
        assertThat(view(snap, "first").state()).isEqualTo(SessionState.STOPPED);
        assertThat(view(snap, "first").reason()).isEqualTo("stopped by user (stop-all)");
        assertThat(view(snap, "second").state()).isEqualTo(SessionState.COMPLETED);
    }

    @Test
    void aRetryRunsAFinishedSessionAgainAsItsNextAttempt() throws Exception {
        Scheduler s = scheduler(1, "again");
        s.start();
        launched("again").exit(1);
        assertThat(finished().sessions().get(0).state()).isEqualTo(SessionState.FAILED);
        launcher.forget("again");
        s.retry("again");
        launched("again").exit(0, FakeHandle.result(false, 0.01));
        RunSnapshot snap = s.idle().get(WAIT_S, TimeUnit.SECONDS);
        assertThat(view(snap, "again").attempt()).isEqualTo(2);
        assertThat(view(snap, "again").state()).isEqualTo(SessionState.COMPLETED);
        assertThat(recorder.states("again"))
                .containsExactly("queued", "running", "failed", "queued", "running", "completed");
    }

    /** Today's judgement of an ending, followed by {@code after}. */
    private static EndPolicy standardEndingThen(java.util.function.Function<SessionView, EndPolicy.FollowUp> after) {
        return new EndPolicy() {
            @Override
            public Ending classify(SessionState requested, String requestedReason, Outcome outcome) {
                return EndPolicy.standard().classify(requested, requestedReason, outcome);
            }

            @Override
            public FollowUp after(Ended ended) {
                return after.apply(ended.view());
            }
        };
    }

    @Test
    void anEndPolicyCanQueueAFailedSessionAgain() throws Exception {
        EndPolicy retryOnce = standardEndingThen(ended -> ended.state() == SessionState.FAILED && ended.attempt() == 1
                ? EndPolicy.FollowUp.RETRY
                : EndPolicy.FollowUp.NONE);
        Scheduler s = scheduler(1, null, retryOnce, "flaky");
        s.start();
        FakeHandle first = launched("flaky");
        launcher.forget("flaky");
        first.exit(1);
        launched("flaky").exit(0, FakeHandle.result(false, 0.01));
        RunSnapshot snap = s.idle().get(WAIT_S, TimeUnit.SECONDS);
        assertThat(view(snap, "flaky").attempt()).isEqualTo(2);
        assertThat(view(snap, "flaky").state()).isEqualTo(SessionState.COMPLETED);
    }

    @Test
    void anEndPolicyCanHaltTheRunAfterAFailure() throws Exception {
        EndPolicy haltOnFailure = standardEndingThen(
                ended -> ended.state() == SessionState.FAILED ? EndPolicy.FollowUp.HALT : EndPolicy.FollowUp.NONE);
        Scheduler s = scheduler(2, null, haltOnFailure, "fails", "other", "never");
        s.start();
        FakeHandle other = launched("other");
        launched("fails").exit(1);
        RunSnapshot snap = finished();
        assertThat(other.stops).containsExactly("terminate 300ms");
        assertThat(view(snap, "other").state()).isEqualTo(SessionState.STOPPED);
        assertThat(view(snap, "other").reason()).isEqualTo("halted after fails failed");
        assertThat(view(snap, "never").state()).isEqualTo(SessionState.STOPPED);
        assertThat(launcher.launchOrder()).containsExactlyInAnyOrder("fails", "other");
    }

    @Test
    void theStandardEndPolicyLetsARequestedEndWinExceptALateBudgetStop() {
        EndPolicy standard = EndPolicy.standard();
        Outcome success = new Outcome.Completed();
        assertThat(standard.classify(SessionState.FAILED, "over budget", success))
                .isEqualTo(new EndPolicy.Ending(SessionState.COMPLETED, null));
        assertThat(standard.classify(SessionState.STOPPED, "stopped by user", success))
                .isEqualTo(new EndPolicy.Ending(SessionState.STOPPED, "stopped by user"));
        assertThat(standard.classify(null, null, new Outcome.Failed("no result line")))
                .isEqualTo(new EndPolicy.Ending(SessionState.FAILED, "no result line"));
        assertThat(standard.after(new EndPolicy.Ended(
                        SessionView.queued("t", 1, null), Task.of("t", "p"), new Outcome.Completed(), null)))
                .isEqualTo(EndPolicy.FollowUp.NONE);
    }

    @Test
    void aStateIsShownOnlyOnceTheRecorderHasItOnDisk() throws Exception {
        Scheduler s = scheduler(1, "a");
        List<String> shownBeforeDurable = new CopyOnWriteArrayList<>();
        List<String> shown = new CopyOnWriteArrayList<>();
        s.subscribe((v, stateChanged) -> {
            if (stateChanged) {
                shown.add(v.state().label());
                if (!recorder.states(v.taskId()).contains(v.state().label())) {
                    shownBeforeDurable.add(v.state().label());
                }
            }
        });
        s.start();
        FakeHandle a = launched("a");
        recorder.hold();
        a.exit(0, FakeHandle.result(false, 0.01));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (recorder.pendingCount() == 0) {
            assertThat(System.nanoTime())
                    .as("the completion was never recorded")
                    .isLessThan(deadline);
            Thread.onSpinWait();
        }
        // Recorded but not on disk: neither the listeners nor a snapshot may show it yet.
        assertThat(view(s.snapshot(), "a").state()).isNotEqualTo(SessionState.COMPLETED);
        assertThat(shown).doesNotContain("completed");
        recorder.release();
        finished();
        assertThat(shown).contains("completed");
        assertThat(shownBeforeDurable).isEmpty();
    }
}
