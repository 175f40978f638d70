package dev.claudemulti.cli;

import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stops or kills sessions of a recorded run from any process. While the run's orchestrator lives,
 * it is asked (a request file it watches) and it acts and records; this only waits, bounded, for
 * the journal to show the outcome. When the orchestrator is gone, nobody else will act: the
 * recorded processes are stopped here (pid, start time and marker must all match) and the outcome
 * is recorded here.
 */
final class SessionControl {
    /** Beyond the grace period: how long to wait for an orchestrator to record an outcome. */
    static final Duration WAIT_MARGIN = Duration.ofSeconds(15);
    private static final long POLL_MS = 100;

    private final CliContext ctx;

    SessionControl(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The grace period to use: --grace, else the run's own, else 5 s. */
    static Duration grace(RecordedRun run, Duration explicit) {
        if (explicit != null) {
            return explicit;
        }
        long ms = run.runInfo() == null ? -1 : run.runInfo().path("options").path("grace_ms").asLong(-1);
        return ms >= 0 ? Duration.ofMillis(ms) : Duration.ofSeconds(5);
    }

    /**
     * Ends one session with {@code end} (STOPPED or KILLED) and prints its outcome.
     * Returns 0 if it ended that way, 1 if it ended otherwise; throws exit 1 if it was not running.
     */
    int end(RecordedRun run, String taskId, SessionState end, Duration grace) {
        SessionView v = RunIdOption.session(run, taskId);
        if (v.state().isFinal() && v.state() != SessionState.LOST) {
            throw new UserException(ExitCodes.NOT_ALL_COMPLETED, "task '" + taskId + "' is not running ("
                    + v.state().label() + ") in run " + run.store().runId());
        }
        Map<String, SessionView> outcome;
        if (run.ownerAlive()) {
            request(run, end == SessionState.KILLED ? "kill" : "stop", taskId);
            outcome = await(run, Map.of(taskId, v.attempt()), end == SessionState.KILLED ? Duration.ZERO : grace);
        } else {
            outcome = Map.of(taskId, endDirectly(run, v, end, grace));
        }
        return report(outcome, end, false, null);
    }

    /** Stops every session of the run that is queued or running; prints each outcome. */
    int stopAll(RecordedRun run, Duration grace) {
        Map<String, Integer> pending = new LinkedHashMap<>();
        for (SessionView v : run.snapshot().sessions()) {
            if (!v.state().isFinal() || v.state() == SessionState.LOST) {
                pending.put(v.taskId(), v.attempt());
            }
        }
        if (pending.isEmpty()) {
            return ExitCodes.OK;
        }
        Map<String, SessionView> outcome;
        if (run.ownerAlive()) {
            request(run, "stop_all", null);
            outcome = await(run, pending, grace);
        } else {
            outcome = new LinkedHashMap<>();
            for (String taskId : pending.keySet()) {
                outcome.put(taskId, endDirectly(run, RunIdOption.session(run, taskId), SessionState.STOPPED, grace));
            }
        }
        // A session may end on its own between the look above and the orchestrator acting on the
        // request (a short task started in a slot a kill just freed, say). stop-all's promise is
        // that nothing is left queued or running, and that holds; its exit code must not depend on
        // who won that race. A single stop or kill still says 1 then: the user asked about that session.
        return report(outcome, SessionState.STOPPED, true, run.store().runId());
    }

    private void request(RecordedRun run, String action, String taskId) {
        try {
            run.request(action, taskId);
        } catch (StoreException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** Waits until each task's attempt is final in the journal; what is still not final after the bound is returned as it is. */
    private Map<String, SessionView> await(RecordedRun run, Map<String, Integer> tasks, Duration grace) {
        Instant deadline = Instant.now().plus(grace).plus(WAIT_MARGIN);
        while (true) {
            RecordedRun now = RecordedRun.loadStates(run.store());
            Map<String, SessionView> views = new LinkedHashMap<>();
            boolean done = true;
            for (var t : tasks.entrySet()) {
                SessionView v = RunIdOption.session(now, t.getKey());
                views.put(t.getKey(), v);
                done &= v.state().isFinal() || v.attempt() > t.getValue();
            }
            if (done || Instant.now().isAfter(deadline)) {
                return views;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return views;
            }
        }
    }

    /** The orchestrator is gone: stop what is left of the session here, and record it. */
    private SessionView endDirectly(RecordedRun run, SessionView v, SessionState end, Duration grace) {
        try {
            return run.endOwnerless(v, end, grace);
        } catch (IllegalStateException e) {
            throw new UserException(ExitCodes.NOT_ALL_COMPLETED, "task '" + v.taskId() + "': " + e.getMessage());
        } catch (StoreException e) {
            throw new UserException(ExitCodes.NOT_ALL_COMPLETED, "task '" + v.taskId() + "' " + end.label()
                    + " but not recorded: " + e.getMessage());
        }
    }

    /**
     * Prints "task-1 stopped" per task, with " (run ID)" when {@code runId} is given (stop-all spans
     * runs); 0 if each ended as asked (a queued one may only be stopped), or, with
     * {@code endedOnItsOwnIsFine}, if each ended at all (lost is not an end: its processes may live).
     */
    private int report(Map<String, SessionView> outcome, SessionState wanted, boolean endedOnItsOwnIsFine, String runId) {
        List<String> unfinished = new ArrayList<>();
        boolean asAsked = true;
        for (SessionView v : outcome.values()) {
            if (!v.state().isFinal()) {
                unfinished.add(v.taskId());
                continue;
            }
            boolean asWanted = v.state() == wanted || v.state() == SessionState.STOPPED;
            ctx.out().println(v.taskId() + " " + v.state().label()
                    + (asWanted ? "" : " (it ended before the request took effect)")
                    + (runId == null ? "" : " (run " + runId + ")"));
            asAsked &= asWanted || (endedOnItsOwnIsFine && v.state() != SessionState.LOST);
        }
        ctx.out().flush();
        if (!unfinished.isEmpty()) {
            throw new UserException(ExitCodes.NOT_ALL_COMPLETED, "no outcome recorded yet for " + String.join(", ", unfinished)
                    + "; the request stands (see " + Hints.STATUS + ")");
        }
        return asAsked ? ExitCodes.OK : ExitCodes.NOT_ALL_COMPLETED;
    }
}
