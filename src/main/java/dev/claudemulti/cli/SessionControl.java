package dev.claudemulti.cli;

import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.engine.StopProtocol;
import dev.claudemulti.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code stop}, {@code kill} and {@code stop-all} commands' side of the {@link StopProtocol}:
 * checks what was asked, runs the protocol, prints each outcome and turns it into an exit code.
 */
final class SessionControl {
    private final CliContext ctx;

    SessionControl(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The grace period to use: --grace, else the run's own, else 5 s. */
    static Duration grace(RecordedRun run, Duration explicit) {
        return StopProtocol.grace(run, explicit);
    }

    /**
     * Ends one session with {@code end} (STOPPED or KILLED) and prints its outcome.
     * Returns 0 if it ended that way, 1 if it ended otherwise; throws exit 1 if it was not running.
     */
    int end(RecordedRun run, String taskId, SessionState end, Duration grace) {
        SessionView v = RunIdOption.session(run, taskId);
        if (v.state().isFinal() && v.state() != SessionState.LOST) {
            throw new UserException(
                    ExitCodes.NOT_ALL_COMPLETED,
                    "task '" + taskId + "' is not running (" + v.state().label() + ") in run "
                            + run.store().runId());
        }
        try {
            return report(Map.of(taskId, StopProtocol.end(run, v, end, grace)), end, false, null);
        } catch (StoreException e) {
            throw new UserException(e.getMessage());
        } catch (StopProtocol.StopFailedException e) {
            throw new UserException(ExitCodes.NOT_ALL_COMPLETED, e.getMessage());
        }
    }

    /** Stops every session of the run that is queued or running; prints each outcome. */
    int stopAll(RecordedRun run, Duration grace) {
        Map<String, Integer> pending = StopProtocol.unfinished(run);
        if (pending.isEmpty()) {
            return ExitCodes.OK;
        }
        Map<String, SessionView> outcome;
        try {
            outcome = StopProtocol.stopAll(run, pending, grace);
        } catch (StoreException e) {
            throw new UserException(e.getMessage());
        } catch (StopProtocol.StopFailedException e) {
            throw new UserException(ExitCodes.NOT_ALL_COMPLETED, e.getMessage());
        }
        // A session may end on its own between the look above and the orchestrator acting on the
        // request (a short task started in a slot a kill just freed, say). stop-all's promise is
        // that nothing is left queued or running, and that holds; its exit code must not depend on
        // who won that race. A single stop or kill still says 1 then: the user asked about that session.
        return report(outcome, SessionState.STOPPED, true, run.store().runId());
    }

    /**
     * Prints "task-1 stopped" per task, with " (run ID)" when {@code runId} is given (stop-all spans
     * runs); 0 if each ended as asked (a queued one may only be stopped), or, with
     * {@code endedOnItsOwnIsFine}, if each ended at all (lost is not an end: its processes may live).
     */
    private int report(
            Map<String, SessionView> outcome, SessionState wanted, boolean endedOnItsOwnIsFine, String runId) {
        List<String> unfinished = new ArrayList<>();
        boolean asAsked = true;
        for (SessionView v : outcome.values()) {
            if (!v.state().isFinal()) {
                unfinished.add(v.taskId());
                continue;
            }
            boolean asWanted = v.state() == wanted || v.state() == SessionState.STOPPED;
            ctx.out()
                    .println(v.taskId() + " " + v.state().label()
                            + (asWanted ? "" : " (it ended before the request took effect)")
                            + (runId == null ? "" : " (run " + runId + ")"));
            asAsked &= asWanted || (endedOnItsOwnIsFine && v.state() != SessionState.LOST);
        }
        ctx.out().flush();
        if (!unfinished.isEmpty()) {
            throw new UserException(
                    ExitCodes.NOT_ALL_COMPLETED,
                    "no outcome recorded yet for " + String.join(", ", unfinished) + "; the request stands (see "
                            + Hints.STATUS + ")");
        }
        return asAsked ? ExitCodes.OK : ExitCodes.NOT_ALL_COMPLETED;
    }
}
