package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.claudemulti.agent.AttemptPlan;
import dev.claudemulti.agent.Outcome;
import dev.claudemulti.engine.FakeLauncher.FakeHandle;
import dev.claudemulti.launch.HandleRecord;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

    private static final int TRANSIENT_EXIT = PromptAgent.TRANSIENT_EXIT;

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
                .retries(0) // an exit without a result line ends a session, unless its id asks for retries
                .build();
        List<Task> tasks = Stream.of(taskIds)
                .map(id -> Task.of(id, id.startsWith("broken") ? "fail-launch" : "work"))
                .map(t -> t.id().matches("retries\\d.*")
                        ? t.toBuilder()
                                .retries(Character.digit(t.id().charAt(7), 10))
                                .build()
                        : t)
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
        // An exit without a result line is a transient failure: its retry waits for a (short) backoff.
        Scheduler s = scheduler(1, null, retryOnce, QUICK_RETRIES, null, Map.of(), "flaky");
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
                        SessionView.queued("t", 1, null), Task.of("t", "p"), new Outcome.Completed(), null, 3)))
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

    private static RunPolicy policy(Duration retryDelay, HaltPolicy halt, Double maxCostUsd, Duration resultGrace) {
        return new RunPolicy(retryDelay, false, halt, maxCostUsd, null, true, resultGrace);
    }

    private static final RunPolicy QUICK_RETRIES = policy(Duration.ofMillis(300), null, null, null);

    /** The durable journal record of {@code task}'s attempt {@code attempt} in {@code state}. */
    private SessionView recorded(String task, int attempt, String state) {
        return recorder.durable().stream()
                .filter(e -> e instanceof JournalEntry.SessionChanged c
                        && c.session().task().equals(task)
                        && c.session().attempt() == attempt
                        && c.session().state().equals(state))
                .map(e -> SessionRecords.toView(((JournalEntry.SessionChanged) e).session()))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError(task + " attempt " + attempt + " never recorded " + state));
    }

    private void awaitRecorded(String task, int attempt, String state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (recorder.durable().stream()
                .noneMatch(e -> e instanceof JournalEntry.SessionChanged c
                        && c.session().task().equals(task)
                        && c.session().attempt() == attempt
                        && c.session().state().equals(state))) {
            assertThat(System.nanoTime()).as(task + " never recorded " + state).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void aTransientFailureIsRetriedAfterItsBackoffContinuingItsConversationAndCostsOnce() throws Exception {
        String task = "retries2-flaky";
        Scheduler s = scheduler(1, null, EndPolicy.standard(), QUICK_RETRIES, null, Map.of(), task);
        List<String> idOnDiskAtLaunch = new CopyOnWriteArrayList<>();
        launcher.onLaunch = t -> recorder.durable().stream()
                .filter(e -> e instanceof JournalEntry.SessionChanged c
                        && c.session().sessionId() != null)
                .forEach(e -> idOnDiskAtLaunch.add(
                        ((JournalEntry.SessionChanged) e).session().sessionId()));
        s.start();
        FakeHandle first = launched(task);
        launcher.forget(task);
        AttemptPlan plan = agent.plans.get(task).get(0);
        assertThat(plan.resume()).isFalse();
        assertThat(idOnDiskAtLaunch)
                .as("the session id is on disk before the process exists")
                .contains(plan.sessionId());
        awaitRunning(task);
        assertThat(view(s.snapshot(), task).sessionId()).isEqualTo(plan.sessionId());

        first.exit(TRANSIENT_EXIT, FakeHandle.result(plan.sessionId(), true, 0.0096));
        FakeHandle second = launched(task);
        SessionView waiting = recorded(task, 2, "queued");
        assertThat(waiting.retry()).isNotNull();
        assertThat(waiting.retry().maxAttempts()).isEqualTo(3);
        assertThat(waiting.retry().cause()).isEqualTo("HTTP 529");
        assertThat(launcher.launchedAt(task))
                .as("nothing starts before its retry's time")
                .isAfterOrEqualTo(waiting.retry().at());
        assertThat(agent.plans.get(task)).containsExactly(plan, AttemptPlan.resuming(plan.sessionId()));
        assertThat(Files.readString(run.session(task, 2).prompt())).isEqualTo(agent.continuationPrompt("HTTP 529"));
        assertThat(recorder.appends())
                .as("the failure and the retry that follows it are one append: a crash keeps both or neither")
                .anySatisfy(append -> assertThat(append.stream()
                                .filter(e -> e instanceof JournalEntry.SessionChanged)
                                .map(e -> ((JournalEntry.SessionChanged) e).session())
                                .map(r -> r.attempt() + " " + r.state()))
                        .containsExactly("1 failed", "2 queued"));

        // claude reports the conversation's running total: 0.0096 after the first attempt, 0.0192 after the second.
        second.exit(0, FakeHandle.result(plan.sessionId(), false, 0.0192));
        RunSnapshot snap = finished();
        SessionView done = view(snap, task);
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(done.state()).isEqualTo(SessionState.COMPLETED);
        assertThat(done.costUsd()).isCloseTo(0.0096, within(1e-9));
        assertThat(done.costEstimated()).isFalse();
        assertThat(snap.earlierAttemptsCostUsd()).isCloseTo(0.0096, within(1e-9));
        assertThat(snap.totalCostUsd()).isCloseTo(0.0192, within(1e-9));
        assertThat(recorder.states(task))
                .containsExactly("queued", "running", "failed", "queued", "running", "completed");
        assertThat(recorded(task, 2, "completed").sessionId()).isEqualTo(plan.sessionId());
    }

    @Test
    void finalOutcomesAndStoppedSessionsAreNotRetried() throws Exception {
        Scheduler s = scheduler(
                2, null, EndPolicy.standard(), QUICK_RETRIES, null, Map.of(), "retries2-fails", "retries2-stopped");
        s.start();
        FakeHandle stopped = launched("retries2-stopped");
        stopped.ignoreTerminate = true;
        launched("retries2-fails").exit(1, FakeHandle.result(true, 0.01));
        awaitRunning("retries2-stopped");
        s.stop("retries2-stopped");
        awaitRecorded("retries2-fails", 1, "failed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (stopped.stops.isEmpty()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.onSpinWait();
        }
        stopped.exit(TRANSIENT_EXIT, FakeHandle.result("s", true, 0.01)); // a 529 while it was being stopped
        RunSnapshot snap = finished();
        assertThat(view(snap, "retries2-fails").state()).isEqualTo(SessionState.FAILED);
        assertThat(view(snap, "retries2-stopped").state()).isEqualTo(SessionState.STOPPED);
        assertThat(snap.sessions()).allSatisfy(v -> assertThat(v.attempt()).isEqualTo(1));
        assertThat(launcher.launchOrder()).containsExactlyInAnyOrder("retries2-fails", "retries2-stopped");
    }

    @Test
    void aSessionOutOfRetriesEndsFailed() throws Exception {
        String task = "retries1-flaky";
        RunPolicy quick = policy(Duration.ofMillis(1), null, null, null);
        Scheduler s = scheduler(1, null, EndPolicy.standard(), quick, null, Map.of(), task);
        s.start();
        FakeHandle first = launched(task);
        launcher.forget(task);
        first.exit(TRANSIENT_EXIT);
        launched(task).exit(TRANSIENT_EXIT);
        RunSnapshot snap = finished();
        assertThat(view(snap, task).attempt()).isEqualTo(2);
        assertThat(view(snap, task).state()).isEqualTo(SessionState.FAILED);
        assertThat(view(snap, task).reason()).isEqualTo("API Error: overloaded");
        assertThat(view(snap, task).retry()).isNull();
        assertThat(launcher.launchOrder()).containsExactly(task, task);
    }

    /**
     * A retry by hand and a follow-up each begin a chain that gets the task's retries afresh: a
     * transient failure of attempt 3 or 5 is retried although the task allows two attempts.
     */
    @Test
    void aRetryByHandAndAFollowUpGetTheTasksRetriesAfresh() throws Exception {
        String task = "retries1-flaky";
        RunPolicy quick = policy(Duration.ofMillis(1), null, null, null);
        Scheduler s = scheduler(1, null, EndPolicy.standard(), quick, null, Map.of(), task);
        s.start();
        FakeHandle first = launched(task);
        launcher.forget(task);
        first.exit(TRANSIENT_EXIT);
        launched(task).exit(TRANSIENT_EXIT);
        assertThat(view(finished(), task).attempt()).isEqualTo(2);

        int lastOfChain = 2;
        for (Runnable again : List.<Runnable>of(() -> s.retry(task), () -> s.followUp(task, "go on"))) {
            launcher.forget(task);
            again.run();
            FakeHandle chainStart = launched(task);
            launcher.forget(task);
            chainStart.exit(TRANSIENT_EXIT);
            launched(task).exit(TRANSIENT_EXIT);
            lastOfChain += 2;
            awaitRecorded(task, lastOfChain, "failed");
            assertThat(recorded(task, lastOfChain, "failed").retry())
                    .as("its chain is out of retries")
                    .isNull();
        }
        assertThat(view(s.snapshot(), task).attempt()).isEqualTo(6);
        assertThat(recorder.states(task))
                .containsExactly(
                        "queued", "running", "failed", "queued", "running", "failed", // the first chain
                        "queued", "running", "failed", "queued", "running", "failed", // retry by hand, one retry
                        "queued", "running", "failed", "queued", "running", "failed"); // follow-up, one retry
        assertThat(launcher.launchOrder()).hasSize(6);
    }

    @Test
    void aRetryWaitingForItsBackoffIsJournaledSoAResumeKeepsItsAttemptAndConversation() throws Exception {
        String task = "retries2-flaky";
        RunPolicy slow = policy(Duration.ofHours(1), null, null, null);
        Scheduler s = scheduler(1, null, EndPolicy.standard(), slow, null, Map.of(), task);
        s.start();
        FakeHandle first = launched(task);
        AttemptPlan plan = agent.plans.get(task).get(0);
        first.exit(TRANSIENT_EXIT, FakeHandle.result(plan.sessionId(), true, 0.0096));
        awaitRecorded(task, 2, "queued");
        SessionView waiting = recorded(task, 2, "queued");
        assertThat(waiting.retry().at()).isAfter(Instant.now().plus(Duration.ofMinutes(5)));

        // What a crash would leave: the journal as it is now.
        try (var journal = run.journal()) {
            dev.claudemulti.record.JournalEntries.append(journal, List.copyOf(recorder.durable()));
        }
        RecordedRun replayed = RecordedRun.loadStates(run);
        SessionView replayedView = replayed.snapshot().session(task);
        assertThat(replayedView.state()).isEqualTo(SessionState.QUEUED);
        assertThat(replayedView.attempt()).isEqualTo(2);
        assertThat(replayedView.retry()).isEqualTo(waiting.retry());
        assertThat(replayedView.sessionId()).isEqualTo(plan.sessionId());
        assertThat(replayed.snapshot().earlierAttemptsCostUsd()).isCloseTo(0.0096, within(1e-9));
        assertThat(RecordedRun.conversationCosts(run)).containsEntry(task, 0.0096);

        ResumePlan resume = ResumePlan.of(
                replayed.snapshot(),
                List.of(Task.of(task, "work")),
                id -> 1,
                replayed.snapshot().startedAt(),
                false,
                Instant.now());
        SessionView again = resume.views().get(task);
        assertThat(again.attempt())
                .as("the attempt count survives a crash during a backoff")
                .isEqualTo(2);
        assertThat(again.retry()).isEqualTo(waiting.retry());
        assertThat(new RetryPlanner(RunPolicy.defaults(), new java.util.Random(1)).planFor(again))
                .isEqualTo(AttemptPlan.resuming(plan.sessionId()));
        s.stopAll();
        assertThat(view(finished(), task).state()).isEqualTo(SessionState.STOPPED);
    }

    @Test
    void aLostSessionResumedContinuesItsConversation() throws Exception {
        String task = "retries2-lost";
        SessionView lost = SessionView.queued(task, 2, "sonnet")
                .withSessionId("conversation-1")
                .withRetry(new SessionView.PendingRetry(Instant.now(), 3, RetryPlanner.ORCHESTRATOR_GONE));
        Scheduler s = scheduler(1, null, EndPolicy.standard(), QUICK_RETRIES, null, Map.of(task, lost), task);
        s.start();
        launched(task).exit(0, FakeHandle.result("conversation-1", false, 0.02));
        RunSnapshot snap = finished();
        assertThat(agent.plans.get(task)).containsExactly(AttemptPlan.resuming("conversation-1"));
        assertThat(Files.readString(run.session(task, 2).prompt()))
                .isEqualTo(agent.continuationPrompt(RetryPlanner.ORCHESTRATOR_GONE));
        assertThat(view(snap, task).state()).isEqualTo(SessionState.COMPLETED);
    }

    @Test
    void haltSoonSkipsTheQueuedSessionsAndLetsRunningOnesFinish() throws Exception {
        RunPolicy halt = policy(null, HaltPolicy.parse("soon,fail=1"), null, null);
        Scheduler s = scheduler(2, null, EndPolicy.standard(), halt, null, Map.of(), "fails", "runs", "waits");
        s.start();
        FakeHandle runs = launched("runs");
        launched("fails").exit(1, FakeHandle.result(true, 0.01));
        awaitRecorded("waits", 1, "skipped");
        runs.exit(0, FakeHandle.result(false, 0.01));
        RunSnapshot snap = finished();
        assertThat(view(snap, "runs").state()).isEqualTo(SessionState.COMPLETED);
        assertThat(view(snap, "waits").state()).isEqualTo(SessionState.SKIPPED);
        assertThat(view(snap, "waits").reason()).startsWith("halted");
        assertThat(snap.batch().haltReason()).isEqualTo(view(snap, "waits").reason());
        assertThat(runs.stops).isEmpty();
        assertThat(launcher.launchOrder()).containsExactlyInAnyOrder("fails", "runs");
        assertThat(recorder.states("waits")).containsExactly("queued", "skipped");
    }

    @Test
    void haltNowAlsoStopsTheRunningSessions() throws Exception {
        RunPolicy halt = policy(null, HaltPolicy.parse("now,fail=1"), null, null);
        Scheduler s = scheduler(2, null, EndPolicy.standard(), halt, null, Map.of(), "fails", "runs", "waits");
        List<RunSnapshot.BatchStatus> told = new CopyOnWriteArrayList<>();
        s.subscribe(new EngineListener() {
            @Override
            public void sessionChanged(SessionView v, boolean stateChanged) {}

            @Override
            public void batchChanged(RunSnapshot.BatchStatus batch) {
                told.add(batch);
            }
        });
        s.start();
        FakeHandle runs = launched("runs");
        launched("fails").exit(1, FakeHandle.result(true, 0.01));
        RunSnapshot snap = finished();
        assertThat(runs.stops).containsExactly("terminate 300ms");
        assertThat(view(snap, "runs").state()).isEqualTo(SessionState.STOPPED);
        assertThat(view(snap, "runs").reason()).startsWith("halted");
        assertThat(view(snap, "waits").state()).isEqualTo(SessionState.SKIPPED);
        assertThat(told)
                .as("listeners hear of the halt")
                .anySatisfy(b -> assertThat(b.haltReason()).startsWith("halted"));
    }

    @Test
    void theBatchBudgetSkipsWhatItCannotCoverAndStopsRunningSessionsAtTheCap() throws Exception {
        // Each session's own budget is $1.00; the batch may spend $1.50.
        RunPolicy capped = policy(null, null, 1.5, null);
        Scheduler s = scheduler(2, null, EndPolicy.standard(), capped, null, Map.of(), "a", "b", "c");
        s.start();
        FakeHandle b = launched("b");
        launched("a").exit(0, FakeHandle.result(false, 1.6));
        RunSnapshot snap = finished();
        assertThat(b.stops).containsExactly("terminate 300ms");
        assertThat(view(snap, "b").state()).isEqualTo(SessionState.STOPPED);
        assertThat(view(snap, "b").reason()).startsWith("budget");
        assertThat(view(snap, "c").state()).isEqualTo(SessionState.SKIPPED);
        assertThat(launcher.launchOrder()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aSessionThatLingersAfterItsResultIsStoppedAndStaysCompleted() throws Exception {
        RunPolicy grace = policy(null, null, null, Duration.ofMillis(100));
        Scheduler s = scheduler(1, null, EndPolicy.standard(), grace, null, Map.of(), "lingers");
        s.start();
        FakeHandle lingers = launched("lingers");
        awaitRunning("lingers");
        lingers.print("{\"type\":\"assistant\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-sonnet-4-5\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"working\"}],"
                + "\"usage\":{\"input_tokens\":100000,\"output_tokens\":10}}}");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!view(s.snapshot(), "lingers").costEstimated()) {
            assertThat(System.nanoTime()).as("no live estimate shown").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(view(s.snapshot(), "lingers").costUsd()).isGreaterThan(0.0);
        lingers.print(FakeHandle.result("s", false, 0.31));
        RunSnapshot snap = finished();
        assertThat(lingers.stops).containsExactly("terminate 300ms");
        SessionView v = view(snap, "lingers");
        assertThat(v.state()).isEqualTo(SessionState.COMPLETED);
        assertThat(v.reason()).isNull();
        assertThat(v.exitCode()).isEqualTo(143);
        assertThat(v.costUsd()).isEqualTo(0.31);
        assertThat(v.costEstimated()).isFalse();
    }

    @Test
    void aRateLimitSeenByARunningSessionHoldsLaunchesUntilThePauseEnds() throws Exception {
        Scheduler s = scheduler(2, null, EndPolicy.standard(), QUICK_RETRIES, null, Map.of(), "a", "b", "c");
        List<RunSnapshot.BatchStatus> told = new CopyOnWriteArrayList<>();
        s.subscribe(new EngineListener() {
            @Override
            public void sessionChanged(SessionView v, boolean stateChanged) {}

            @Override
            public void batchChanged(RunSnapshot.BatchStatus batch) {
                told.add(batch);
            }
        });
        s.start();
        FakeHandle a = launched("a");
        FakeHandle b = launched("b");
        awaitRunning("a");
        a.print("{\"type\":\"system\",\"subtype\":\"api_retry\",\"attempt\":1,\"max_retries\":2,"
                + "\"retry_delay_ms\":100,\"error_status\":429,\"error\":\"rate_limit\"}");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (told.stream().noneMatch(t -> t.pausedUntil() != null)) {
            assertThat(System.nanoTime()).as("never paused").isLessThan(deadline);
            Thread.onSpinWait();
        }
        RunSnapshot.BatchStatus paused =
                told.stream().filter(t -> t.pausedUntil() != null).findFirst().orElseThrow();
        Instant pausedUntil = paused.pausedUntil();
        assertThat(paused.parallelLimit()).as("a rate limit halves the limit").isEqualTo(1);
        assertThat(paused.pauseReason()).isEqualTo("rate limited");
        a.exit(0, FakeHandle.result(false, 0.01));
        FakeHandle c = launched("c");
        assertThat(launcher.launchedAt("c")).as("nothing starts inside a pause").isAfterOrEqualTo(pausedUntil);
        b.exit(0, FakeHandle.result(false, 0.01));
        c.exit(0, FakeHandle.result(false, 0.01));
        finished();
        assertThat(told)
                .as("and of its end")
                .last()
                .satisfies(t -> assertThat(t.pausedUntil()).isNull());
    }
}
