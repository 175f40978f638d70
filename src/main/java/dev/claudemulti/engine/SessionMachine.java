package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.Outcome;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The scheduler's state machine: every session's way from queued through running to a final
 * state, and the run's from started to finished (and, after a retry, to finished again).
 *
 * <p>Every method runs on the scheduler thread ({@code loop}) and nowhere else, so no state here
 * needs a lock; other threads (the {@link OutputPump}s, the launch pool) hand their results over
 * through {@code loop}. A state change is published through the {@link StateBoard}, which shows it
 * once it is on disk.
 */
final class SessionMachine {
    /** How the reason of a session stopped by a signal to the orchestrator starts. */
    static final String INTERRUPTED = "interrupted (SIG";

    /** Decodes each session's output and says what an ended attempt came to. */
    private final Agent agent;

    private final RunOptions options;
    private final OrchestratorLog log;
    private final Scheduler.Parts parts;
    private final Map<String, Session> sessions;
    private final ScheduledExecutorService loop;
    private final SessionStarter starter;
    private final StateBoard board;
    /** Follows each running attempt's output, its budget and the commit of its work. */
    private final AttemptOutput output;

    private final RetryPlanner retries;
    private final AttemptStart start;
    /** The rate-limit gate, halt policy and batch budget, and what they show. */
    private final BatchDriver batch;
    /** Holds back, or skips, a session by how the tasks it depends on ended. */
    private final DependencyGate dependencies;
    /** Sessions taken over by hand: the run stays open until each take-over ended. */
    private final HandsOn handsOn;
    /** Runs a completed attempt's check and judges it. */
    private final CheckStep checks;
    /** Carries a stop, a kill or a timeout to a session in whichever phase it is. */
    private final EndRequests endRequests;

    /** What attempts replaced by a retry or a resume cost. */
    private volatile double earlierAttemptsCostUsd;

    private final RunEnd end;
    private int running;
    private boolean stopping;
    /** A signal stopped the run: nothing starts any more, not even a retry. */
    private boolean interrupted;

    SessionMachine(
            RunStore store,
            Agent agent,
            RunOptions options,
            OrchestratorLog log,
            Scheduler.Parts parts,
            Map<String, Session> sessions,
            ScheduledExecutorService loop,
            ExecutorService pumps,
            StateBoard board,
            double earlierAttemptsCostUsd,
            Supplier<RunSnapshot> snapshot) {
        this.agent = agent;
        this.options = options;
        this.log = log;
        this.parts = parts;
        this.sessions = sessions;
        this.loop = loop;
        this.board = board;
        this.earlierAttemptsCostUsd = earlierAttemptsCostUsd;
        this.end = new RunEnd(board, loop, snapshot);
        this.starter = new SessionStarter(store, agent, options, parts.launcher(), log);
        this.output = new AttemptOutput(agent, board, starter, loop, pumps, options.policy()::prices, log);
        this.retries = new RetryPlanner(
                options.policy(), new java.util.SplittableRandom()); // not getDefault(): a ServiceLoader at start
        this.start = new AttemptStart(this, store.runId(), starter, board, retries, output, loop, log);
        this.dependencies = new DependencyGate(sessions, board, log);
        this.handsOn = new HandsOn(sessions, board, starter, loop, log);
        this.checks = new CheckStep(new CheckRun(parts.launcher(), log), starter, board, options.grace(), loop, log);
        this.endRequests = new EndRequests(starter, board, checks, options.grace(), log);
        this.batch = new BatchDriver(
                parts.batch(),
                sessions.values(),
                board,
                dependencies,
                () -> this.earlierAttemptsCostUsd,
                new WakeUp(loop, this::fillSlots),
                log);
    }

    /** What the run-wide policies look like now. Any thread. */
    RunSnapshot.BatchStatus batchStatus() {
        return batch.status();
    }

    /** When the run ended and who hears of it; its getters work from any thread. */
    RunEnd runEnd() {
        return end;
    }

    /** What attempts replaced by a retry or a resume cost. Any thread. */
    double earlierAttemptsCostUsd() {
        return earlierAttemptsCostUsd;
    }

    /**
     * Queues a final session again as a new attempt: a retry (a new conversation) when
     * {@code followUpPrompt} is null, else a {@link FollowUp} of its conversation with that prompt.
     */
    void queueAgain(String taskId, String followUpPrompt) {
        Session s = sessions.get(taskId);
        String refusal = s == null || followUpPrompt == null ? null : FollowUp.refusal(s.view());
        if (s == null || !s.state().isFinal() || refusal != null || handsOn.holds(taskId)) {
            log.log(taskId + ": not queued again" + (refusal == null ? "" : ": " + refusal));
            return;
        }
        if (end.closing() || interrupted) {
            // The orchestrator is on its way out: a new paid attempt would outlive its supervisor.
            log.log(taskId + ": retry ignored: the run is " + (interrupted ? "interrupted" : "ending"));
            return;
        }
        stopping = false;
        batch.resume();
        end.reopen();
        SessionView prev = s.view();
        if (prev.costUsd() != null) {
            earlierAttemptsCostUsd += prev.costUsd(); // spent, even though the row now shows the new attempt
        }
        s.requestedEnd = null;
        s.requestedReason = null;
        if (followUpPrompt != null) {
            s.costBaseUsd = FollowUp.conversationCost(s.costBaseUsd, prev); // recorded with the queued view
        }
        board.publish(
                s,
                followUpPrompt != null
                        ? FollowUp.next(prev, s.task, followUpPrompt, prev.attempt() + 1, Instant.now())
                        : SessionView.queued(taskId, prev.attempt() + 1, s.task.model())
                                .withSessionId(RetryPlanner.newSessionId())
                                .withWorkspace(prev.workspace()));
        fillSlots();
    }

    /** Begins a take-over by hand of an ended session (see {@link TakeOver}); returns why not, or null. */
    String attachBegin(String taskId) {
        return handsOn.begin(taskId, end, interrupted, spent -> earlierAttemptsCostUsd += spent);
    }

    /** Ends a take-over: its work is committed and its end recorded; then the run may end. */
    void attachEnd(String taskId, int exitCode) {
        handsOn.end(taskId, exitCode, this::checkFinished);
    }

    /** The orchestrator got a signal: record it and stop everything; the run then finishes. */
    void interrupt(String signal) {
        if (interrupted) {
            return; // a second signal (a closing terminal sends more than one) changes nothing
        }
        interrupted = true;
        if (end.ended()) {
            // A dashboard still showing "batch finished": the run ended, nothing is left to interrupt.
            log.log("SIG" + signal + " after the run finished: nothing to stop");
            return;
        }
        board.record(new JournalEntry.Interrupted(signal));
        log.log("interrupted by SIG" + signal + ": stopping all sessions");
        stopEverything(INTERRUPTED + signal + ")");
    }

    void stopEverything(String reason) {
        stopping = true;
        for (Session s : sessions.values()) {
            requestEnd(s.id(), SessionState.STOPPED, reason);
        }
        checkFinished();
    }

    void requestEnd(String taskId, SessionState end, String reason) {
        Session s = sessions.get(taskId);
        if (s != null && endRequests.request(s, end, reason)) {
            checkFinished();
        }
    }

    /**
     * Starts what the batch's policies let start now; a queued retry waits for its time, and the
     * loop is woken once, when the earliest wait ends. First a session whose dependency ended
     * other than completed is skipped, and one still waiting for its dependencies stays queued.
     */
    void fillSlots() {
        if (stopping || batch.halted() || end.closing()) {
            return;
        }
        if (dependencies.update()) {
            checkFinished();
        }
        for (SessionView v : batch.startable(running, Instant.now())) {
            Session s = sessions.get(v.taskId());
            BatchControl.Decision d = batch.beforeLaunch(s.task.budgetUsd());
            if (d.kind() != BatchControl.Decision.Kind.NONE) {
                apply(d);
                return;
            }
            running++;
            start.launch(s, batch.budgetFor(s.task.budgetUsd()), dependencies.commits(s));
        }
    }

    /** A launch that ended before its agent started (it could not start, its setup failed, a stop came first). */
    void launchEnded(Session s, SessionView ended) {
        running--;
        board.publish(s, ended);
        apply(batch.ended(ended.state(), null, false, Instant.now()));
        fillSlots();
        checkFinished();
    }

    /** A running attempt's stream said {@code event}. */
    void observed(Session s, SessionHandle process, SessionEvent event) {
        if (event instanceof SessionEvent.Result) {
            ResultGrace.start(s, process, options, loop, log);
        }
        if (batch.observed(event, Instant.now())) {
            fillSlots(); // a pause began: it needs a wake-up for its end
        }
    }

    /** A running attempt's own cost changed. */
    void moneyMoved() {
        apply(batch.moneyMoved());
    }

    /** A running attempt ended and its work is committed. */
    void ended(Session s, SessionHandle process, AttemptOutput.Ended ended) {
        guarded(s, () -> finish(s, process, ended));
    }

    /**
     * Runs a step of a session's life on this thread. A bug in it must not leak the session's slot
     * (the run would never finish): the session ends as failed and the batch goes on.
     */
    void guarded(Session s, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            log.log(s.id() + ": internal error", e);
            if (s.launching || s.process != null || s.checking) {
                s.launching = false;
                s.process = null;
                s.checking = false;
                running--;
            }
            if (!s.state().isFinal()) {
                try {
                    board.publish(s, AttemptEnding.internalError(s.view(), e));
                } catch (RuntimeException again) {
                    log.log(s.id() + ": cannot record the internal error", again);
                }
            }
            fillSlots();
            checkFinished();
        }
    }

    private void finish(Session s, SessionHandle process, AttemptOutput.Ended ended) {
        if (s.process != process) {
            return;
        }
        AttemptEnding judged = AttemptEnding.judge(s, ended, agent, parts.endPolicy());
        s.process = null; // only now: until a check or the end holds the slot, a bug here must free it (guarded)
        ResultGrace.cancel(s);
        if (s.timeout != null) {
            s.timeout.cancel(false);
        }
        // A completed attempt of a task with a check keeps its slot until the check has judged it.
        CheckStep.Checked then = (c, judge, code) -> guarded(c, () -> conclude(c, judge.get(), code));
        if (stopping || interrupted || !checks.begin(s, judged, ended.exitCode(), then)) {
            conclude(s, new CheckStep.Verdict(judged, null), ended.exitCode());
        }
    }

    /** Records an attempt's end and frees its slot; then what follows: a check's fix round, a retry, a halt. */
    private void conclude(Session s, CheckStep.Verdict ended, int exitCode) {
        running--;
        AttemptEnding judged = ended.ending();
        SessionView fix = ended.fix();
        SessionView done = judged.view();
        Outcome outcome = judged.outcome();
        EndPolicy.Ending ending = judged.ending();
        boolean fixing = fix != null && !stopping && !interrupted && !batch.halted();
        EndPolicy.FollowUp followUp = fixing
                ? EndPolicy.FollowUp.NONE
                : parts.endPolicy().after(new EndPolicy.Ended(done, s.task, outcome, s.requestedEnd, s.attemptLimit));
        boolean retrying =
                fixing || followUp == EndPolicy.FollowUp.RETRY && !stopping && !interrupted && !batch.halted();
        if (fixing) {
            queueNext(s, done, fix);
        } else if (retrying && outcome instanceof Outcome.Transient cause) {
            queueNext(s, done, retries.next(done, cause, s.task, s.attemptLimit, Instant.now()));
        } else {
            board.publish(s, done);
        }
        log.log(s.id() + ": " + ending.state().label() + (ending.reason() == null ? "" : " (" + ending.reason() + ")")
                + ", exit " + exitCode);
        switch (followUp) {
            case RETRY -> {
                if (retrying && !(outcome instanceof Outcome.Transient)) {
                    queueAgain(s.id(), null);
                }
            }
            case HALT ->
                stopEverything("halted after " + s.id() + " " + ending.state().label());
            case NONE -> {}
        }
        apply(batch.ended(ending.state(), outcome, retrying, Instant.now()));
        apply(batch.moneyMoved());
        fillSlots();
        checkFinished();
    }

    /**
     * Queues {@code next}, the attempt after {@code failed} (a transient failure's retry once its
     * backoff is over, or a check's fix round): it continues the same conversation, whose cost so far
     * becomes its base.
     */
    private void queueNext(Session s, SessionView failed, SessionView next) {
        double nextBase = s.costBaseUsd;
        if (failed.costUsd() != null) {
            earlierAttemptsCostUsd += failed.costUsd(); // spent, even though the row now shows the new attempt
            if (!failed.costEstimated()) {
                nextBase += failed.costUsd();
            }
        }
        // One journal append for both: a crash between two would leave a final failure and lose the retry.
        board.publishEndAndNext(s, failed, next, nextBase);
        SessionView.PendingRetry r = next.retry();
        log.log(s.id() + ": attempt " + next.attempt() + " of " + r.maxAttempts() + " after " + r.cause() + ", at "
                + r.at());
    }

    /** Carries out what the batch's policies decided. */
    private void apply(BatchControl.Decision d) {
        batch.apply(d, this::requestEnd);
        checkFinished();
    }

    void checkFinished() {
        // A signal ends the run without waiting for a take-over: its end is then recorded without us (TakeOver).
        if (running > 0 || (handsOn.active() && !interrupted) || end.ended()) {
            return;
        }
        for (Session s : sessions.values()) {
            if (!s.state().isFinal()) {
                return;
            }
        }
        batch.quiet();
        end.end();
    }

    /** Completes {@code idle} once the run has ended (again); from then on nothing starts. */
    void idle(CompletableFuture<RunSnapshot> idle) {
        end.idle(idle);
    }

    /**
     * Lets launches under way finish, then kills whatever still runs: normally nothing does by now,
     * but if something does (a bug, a close before idle), it must not outlive its supervisor.
     */
    void killLeftovers() throws InterruptedException {
        starter.close();
        checks.close();
        for (Session s : sessions.values()) {
            SessionHandle p = s.process;
            if (p != null) {
                log.log(s.id() + ": still running when the scheduler closed; killing it");
                p.kill().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
        }
    }
}
