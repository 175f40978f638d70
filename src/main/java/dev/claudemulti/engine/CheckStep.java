package dev.claudemulti.engine;

import dev.claudemulti.agent.Outcome;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.task.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What the {@link SessionMachine} does between an attempt that completed and its recorded end when
 * the task has a {@code check}: the session stays running (its row says {@code check: <command>},
 * journaled with the attempt's figures, so a crash keeps its cost), the check runs in the session's
 * working directory ({@link CheckRun}), and its end is judged ({@link CheckRounds}): a pass keeps
 * the attempt completed; a failure with fix rounds left queues a fix attempt; otherwise the session
 * fails with the reason {@code check failed: <command> exit N}. The attempt's work was committed on
 * its branch before the check starts, so each round's commit can be reviewed.
 *
 * <p>Scheduler thread only. The session keeps its slot while its check runs; a stop, a kill or the
 * run's interrupt reaches the check through {@link #stop} and ends the session as asked.
 */
final class CheckStep implements AutoCloseable {
    /**
     * How an attempt ends, checked or not.
     *
     * @param ending the attempt's end as it is recorded
     * @param fix    the queued fix attempt that follows a failed check, or null (always null without a check)
     */
    record Verdict(AttemptEnding ending, SessionView fix) {}

    /**
     * Where the machine hears of a check's end, on the scheduler thread. {@code verdict} judges it:
     * call it where a bug is caught, since until it returns the session holds its slot.
     */
    interface Checked {
        void checked(Session s, Supplier<Verdict> verdict, int agentExitCode);
    }

    private final CheckRun run;
    private final SessionStarter starter;
    private final StateBoard board;
    private final Duration grace;
    private final Executor loop;
    private final OrchestratorLog log;

    CheckStep(
            CheckRun run,
            SessionStarter starter,
            StateBoard board,
            Duration grace,
            Executor loop,
            OrchestratorLog log) {
        this.run = run;
        this.starter = starter;
        this.board = board;
        this.grace = grace == null ? Duration.ZERO : grace;
        this.loop = loop;
        this.log = log;
    }

    /**
     * Starts the check of {@code s} if its task has one and {@code judged} completed; returns
     * whether it did (then {@code then} hears of the end, and until then the session is running).
     */
    boolean begin(Session s, AttemptEnding judged, int agentExitCode, Checked then) {
        Task task = s.task;
        if (task.check() == null || judged.ending().state() != SessionState.COMPLETED || s.files == null) {
            return false;
        }
        CheckOutcome running = CheckRounds.starting(task, judged.view().check());
        s.checking = true; // from here the slot is the check's: a bug below frees it (SessionMachine.guarded)
        board.publish(
                s,
                judged.view()
                        .withState(SessionState.RUNNING, null)
                        // The agent's pid is gone: no reader may look for a live process under it.
                        .withPid(null)
                        .withEndedAt(null)
                        .withActivity(CheckRounds.activity(task.check()))
                        .withCheck(running));
        Path logFile = s.files.dir().resolve(CheckRun.LOG);
        Path dir;
        try {
            dir = starter.workingDir(task, judged.view().workspace());
        } catch (IOException e) {
            log.log(s.id() + ": no working directory for its check", e);
            dir = null;
        }
        log.log(s.id() + ": check round " + running.rounds() + " of " + running.maxRounds() + ": " + task.check());
        var result = dir == null
                ? CompletableFuture.completedFuture(new CheckRun.Result(-1, false, "its working directory is gone"))
                : run.start(task.check(), dir, starter.environment(task), logFile, s.marker, task.timeout(), grace);
        result.whenCompleteAsync(
                (r, error) -> then.checked(
                        s,
                        () -> {
                            CheckRun.Result ended =
                                    r != null ? r : new CheckRun.Result(-1, false, String.valueOf(error));
                            Verdict v = verdict(s, judged, running, ended, logFile);
                            s.checking = false; // only now: the slot is the end's to free
                            return v;
                        },
                        agentExitCode),
                loop);
        return true;
    }

    /**
     * Stops the check of {@code s} if one runs, so that the session ends as {@code end} for
     * {@code reason}; returns whether one ran. A second request changes nothing, except a kill.
     */
    boolean stop(Session s, SessionState end, String reason) {
        if (!s.checking) {
            return false;
        }
        boolean escalation = end == SessionState.KILLED && s.requestedEnd != SessionState.KILLED;
        if (s.requestedEnd == null || escalation) {
            s.requestedEnd = end;
            s.requestedReason = reason;
            log.log(s.id() + ": " + reason + " (during its check)");
            run.stop(s.marker, end == SessionState.KILLED ? Duration.ZERO : grace);
        }
        return true;
    }

    private Verdict verdict(
            Session s, AttemptEnding judged, CheckOutcome running, CheckRun.Result result, Path logFile) {
        Task task = s.task;
        CheckOutcome ended = CheckRounds.ended(running, result);
        SessionView base = judged.view().withEndedAt(Instant.now()).withCheck(ended);
        if (s.requestedEnd != null) {
            // A stop, kill or interrupt during the check: the session ends as asked, the check unjudged.
            String reason = s.requestedReason + ", during its check";
            return new Verdict(
                    new AttemptEnding(
                            base.withState(s.requestedEnd, reason).withCheck(running),
                            judged.outcome(),
                            new EndPolicy.Ending(s.requestedEnd, reason)),
                    null);
        }
        log.log(s.id() + ": check " + (ended.passed() ? "passed" : "failed")
                + (result.timedOut() ? " (timed out)" : ", exit " + result.exitCode()));
        if (ended.passed()) {
            return new Verdict(new AttemptEnding(base, judged.outcome(), judged.ending()), null);
        }
        String reason = CheckRounds.reason(ended, task, result.error());
        SessionView failed = base.withState(SessionState.FAILED, reason);
        AttemptEnding ending = new AttemptEnding(
                failed, new Outcome.Failed(reason), new EndPolicy.Ending(SessionState.FAILED, reason));
        if (!CheckRounds.fixLeft(ended) || result.error() != null) {
            return new Verdict(ending, null);
        }
        // Journaled with the queued attempt: a secret the check printed must not be written there.
        String prompt = board.redacted(CheckRounds.fixPrompt(ended, CheckRounds.tail(logFile, CheckRounds.TAIL_LINES)));
        return new Verdict(ending, CheckRounds.fixAttempt(failed, task, prompt, Instant.now()));
    }

    /** Stops every check still running: the orchestrator is closing. */
    @Override
    public void close() {
        run.close();
    }
}
