package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.AttemptEnd;
import dev.claudemulti.agent.Outcome;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.agent.SessionProgress;
import dev.claudemulti.display.Durations;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.task.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    private final RunStore store;
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
        this.store = store;
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
        this.output = new AttemptOutput(agent, board, starter, loop, pumps, log);
    }

    /** Completes, with the final snapshot, the first time every session has reached a final state. Any thread. */
    CompletableFuture<RunSnapshot> finished() {
        return end.finished();
    }

    /** When the run ended, or null while it runs. Any thread. */
    Instant endedAt() {
        return end.endedAt();
    }

    /** What attempts replaced by a retry or a resume cost. Any thread. */
    double earlierAttemptsCostUsd() {
        return earlierAttemptsCostUsd;
    }

    /** Queues a final session again as a new attempt (a retry). */
    void queueAgain(String taskId) {
        Session s = sessions.get(taskId);
        if (s == null || !s.state().isFinal()) {
            return;
        }
        if (end.closing() || interrupted) {
            // The orchestrator is on its way out: a new paid attempt would outlive its supervisor.
            log.log(taskId + ": retry ignored: the run is " + (interrupted ? "interrupted" : "ending"));
            return;
        }
        stopping = false;
        end.reopen();
        SessionView prev = s.view();
        if (prev.costUsd() != null) {
            earlierAttemptsCostUsd += prev.costUsd(); // spent, even though the row now shows the new attempt
        }
        s.requestedEnd = null;
        s.requestedReason = null;
        board.publish(
                s,
                SessionView.queued(taskId, prev.attempt() + 1, s.task.model()).withWorkspace(prev.workspace()));
        fillSlots();
    }

    /** The orchestrator got a signal: record it and stop everything; the run then finishes. */
    void interrupt(String signal) {
        if (interrupted) {
            return; // a second signal (a closing terminal sends more than one) changes nothing
        }
        interrupted = true;
        board.record(new JournalEntry.Interrupted(signal));
        log.log("interrupted by SIG" + signal + ": stopping all sessions");
        stopEverything("interrupted (SIG" + signal + ")");
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
        if (s == null) {
            return;
        }
        if (s.launching) {
            // It is being started: remember the request, started() carries it out.
            if (s.requestedEnd == null || end == SessionState.KILLED) {
                s.requestedEnd = end;
                s.requestedReason = reason;
            }
            starter.stopSetup(s.marker);
            return;
        }
        if (s.state() == SessionState.QUEUED) {
            // Nothing runs yet, so nothing to stop: it ends here, never started.
            board.publish(
                    s,
                    s.view()
                            .withState(SessionState.STOPPED, reason + ", before it started")
                            .withEndedAt(Instant.now())
                            .withExitCode(null));
            checkFinished();
            return;
        }
        if (s.state() != SessionState.RUNNING || s.process == null) {
            return;
        }
        boolean escalation = end == SessionState.KILLED && s.requestedEnd != SessionState.KILLED;
        if (s.requestedEnd != null && !escalation) {
            return; // already on its way out; a second stop changes nothing
        }
        s.requestedEnd = end;
        s.requestedReason = reason;
        log.log(taskId + ": " + reason + " (pid " + s.process.pid() + ")");
        if (end == SessionState.KILLED) {
            s.process.kill();
        } else {
            s.process.terminate(options.grace());
        }
    }

    /** Starts what the start policy lets start now. */
    void fillSlots() {
        if (stopping || end.closing()) {
            return;
        }
        List<SessionView> queued = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (s.state() == SessionState.QUEUED && !s.launching) {
                queued.add(s.view());
            }
        }
        for (SessionView v : parts.startPolicy().pick(queued, running)) {
            launch(sessions.get(v.taskId()));
        }
    }

    /**
     * Takes a slot and starts the session on the launch pool, so that a slow fork does not delay
     * every other session's state change behind it. {@link #started} continues on this thread.
     */
    private void launch(Session s) {
        Task task = s.task;
        int attempt = s.view().attempt();
        s.requestedEnd = null;
        s.requestedReason = null;
        s.launching = true;
        s.marker = store.runId() + "/" + task.id() + "/" + attempt;
        running++;
        Instant now = Instant.now();
        starter.start(task, attempt, s.marker)
                .whenCompleteAsync(
                        (launched, error) -> guarded(s, () -> started(s, attempt, now, launched, error)), loop);
    }

    private void started(Session s, int attempt, Instant now, SessionStarter.Launched launched, Throwable error) {
        Task task = s.task;
        s.launching = false;
        starter.startSettled(s.marker);
        if (error != null) {
            running--;
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            log.log(task.id() + ": could not start", cause);
            board.publish(
                    s,
                    SessionStarter.notStarted(
                            SessionView.started(task.id(), attempt, null, now, task.model())
                                    .withFigures(0, null, s.view().tokens(), null, null),
                            cause,
                            s.requestedEnd,
                            s.requestedReason));
            fillSlots();
            checkFinished();
            return;
        }
        SessionHandle process = launched.process();
        s.files = launched.files();
        s.process = process;
        board.publish(
                s,
                SessionView.started(task.id(), attempt, process.pid() < 0 ? null : process.pid(), now, task.model())
                        .withWorkspace(launched.workspace()));
        log.log(task.id() + ": started attempt " + attempt + " pid " + process.pid());
        if (s.requestedEnd != null) {
            // Stopped or killed while it was being started: carry the request out now.
            SessionState end = s.requestedEnd;
            s.requestedEnd = null;
            requestEnd(task.id(), end, s.requestedReason);
        } else if (task.timeout() != null) {
            // The setup, if any, already used part of the timeout.
            s.timeout = loop.schedule(
                    () -> requestEnd(
                            task.id(),
                            SessionState.TIMED_OUT,
                            "timed out after " + Durations.wholeUnit(task.timeout())),
                    task.timeout().minus(launched.setupTook()).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        output.follow(
                s,
                process,
                s.files,
                overBudget -> {
                    if (s.process == process) {
                        requestEnd(s.id(), SessionState.FAILED, overBudget);
                    }
                },
                ended -> guarded(s, () -> finish(s, process, ended)));
    }

    /**
     * Runs a step of a session's life on this thread. A bug in it must not leak the session's slot
     * (the run would never finish): the session ends as failed and the batch goes on.
     */
    private void guarded(Session s, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            log.log(s.id() + ": internal error", e);
            if (s.launching || s.process != null) {
                s.launching = false;
                s.process = null;
                running--;
            }
            if (!s.state().isFinal()) {
                try {
                    board.publish(
                            s,
                            s.view()
                                    .withState(SessionState.FAILED, "internal error: " + e)
                                    .withEndedAt(Instant.now())
                                    .withExitCode(null));
                } catch (RuntimeException again) {
                    log.log(s.id() + ": cannot record the internal error", again);
                }
            }
            fillSlots();
            checkFinished();
        }
    }

    private void finish(Session s, SessionHandle process, AttemptOutput.Ended ended) {
        OutputPump pump = ended.pump();
        int exitCode = ended.exitCode();
        if (s.process != process) {
            return;
        }
        running--;
        s.process = null;
        if (s.timeout != null) {
            s.timeout.cancel(false);
        }
        SessionProgress progress = pump.progress();
        SessionEvent.Result result = progress.result();
        SessionFiles files = s.files;
        Outcome outcome = agent.classify(new AttemptEnd(
                exitCode,
                result,
                pump.lastUnparsed(),
                () -> StderrTail.lastLine(files == null ? null : files.stderr())));
        EndPolicy.Ending ending = parts.endPolicy().classify(s.requestedEnd, s.requestedReason, outcome);
        SessionView done = s.view()
                .withState(ending.state(), ending.reason())
                .withEndedAt(Instant.now())
                .withFigures(progress.turns(), progress.costUsd(), progress.tokens(), progress.sessionId(), null)
                .withResult(result == null ? null : result.result(), result == null ? null : result.permissionDenials())
                .withExitCode(exitCode)
                .withWorkspace(ended.workspace());
        if (ended.workspace() != null
                && ended.workspace().changes() != null
                && ended.workspace().changes().isEmpty()) {
            done = done.withActivity("no changes"); // its state stays what the agent's end made it
        }
        board.publish(s, done);
        log.log(s.id() + ": " + ending.state().label() + (ending.reason() == null ? "" : " (" + ending.reason() + ")")
                + ", exit " + exitCode);
        switch (parts.endPolicy().after(done)) {
            case RETRY -> {
                if (!stopping && !interrupted) {
                    queueAgain(s.id());
                }
            }
            case HALT ->
                stopEverything("halted after " + s.id() + " " + ending.state().label());
            case NONE -> {}
        }
        fillSlots();
        checkFinished();
    }

    void checkFinished() {
        if (running > 0 || end.ended()) {
            return;
        }
        for (Session s : sessions.values()) {
            if (!s.state().isFinal()) {
                return;
            }
        }
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
        for (Session s : sessions.values()) {
            SessionHandle p = s.process;
            if (p != null) {
                log.log(s.id() + ": still running when the scheduler closed; killing it");
                p.kill().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
        }
    }
}
