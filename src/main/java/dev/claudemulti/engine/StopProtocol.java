package dev.claudemulti.engine;

import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way to stop or kill sessions of a recorded run from any process ({@code claude-multi
 * stop}/{@code kill}/{@code stop-all}, an attached dashboard). While the run's orchestrator lives,
 * it is asked (a request file it watches) and it acts and records; the asker only waits, bounded,
 * for the journal to show the outcome. When the orchestrator is gone, nobody else will act: what is
 * left of each session is stopped here, through the launcher of its recorded kind, and the outcome
 * recorded here (under the run lock, so a resume under way is not raced).
 *
 * <p>Not guaranteed: that an orchestrator acts within the wait (the request then stands, and the
 * returned views are not final); that a session asked to stop ends stopped (it may end on its own first).
 */
public final class StopProtocol {
    /** Beyond the grace period: how long to wait for an orchestrator to record an outcome. */
    public static final Duration WAIT_MARGIN = Duration.ofSeconds(15);

    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    private static final long POLL_MS = 100;

    /** Stopping a session of a run whose orchestrator is gone failed: nothing was recorded, or something survived. */
    public static final class StopFailedException extends RuntimeException {
        StopFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private StopProtocol() {}

    /** The grace period to use: the explicit one, else the run's own, else 5 s. */
    public static Duration grace(RecordedRun run, Duration explicit) {
        if (explicit != null) {
            return explicit;
        }
        Long recorded =
                run.runInfo() == null ? null : run.runInfo().optionsOrEmpty().graceMs();
        long ms = recorded == null ? -1 : recorded;
        return ms >= 0 ? Duration.ofMillis(ms) : DEFAULT_GRACE;
    }

    /** Each session of the run that is queued, running or lost, with its attempt: what a stop-all ends. */
    public static Map<String, Integer> unfinished(RecordedRun run) {
        Map<String, Integer> pending = new LinkedHashMap<>();
        for (SessionView v : run.snapshot().sessions()) {
            if (!v.state().isFinal() || v.state() == SessionState.LOST) {
                pending.put(v.taskId(), v.attempt());
            }
        }
        return pending;
    }

    /**
     * Ends one session with {@code end} (STOPPED or KILLED) and waits for its outcome.
     *
     * @return the session's view afterwards: final unless the orchestrator has not acted in time
     * @throws StoreException       if the request to the orchestrator cannot be left
     * @throws StopFailedException  if the orchestrator is gone and the stop here failed
     */
    public static SessionView end(RecordedRun run, SessionView session, SessionState end, Duration grace)
            throws StoreException {
        if (run.ownerAlive()) {
            run.request(end == SessionState.KILLED ? "kill" : "stop", session.taskId());
            return await(
                            run,
                            Map.of(session.taskId(), session.attempt()),
                            end == SessionState.KILLED ? Duration.ZERO : grace)
                    .get(session.taskId());
        }
        return endDirectly(run, session, end, grace);
    }

    /**
     * Stops every session in {@code tasks} (task id to attempt, see {@link #unfinished}) and waits for
     * the outcomes, in the same order. Throws as {@link #end}.
     */
    public static Map<String, SessionView> stopAll(RecordedRun run, Map<String, Integer> tasks, Duration grace)
            throws StoreException {
        if (run.ownerAlive()) {
            run.request("stop_all", null);
            return await(run, tasks, grace);
        }
        Map<String, SessionView> outcome = new LinkedHashMap<>();
        for (String taskId : tasks.keySet()) {
            outcome.put(taskId, endDirectly(run, session(run, taskId), SessionState.STOPPED, grace));
        }
        return outcome;
    }

    /**
     * For a dashboard: the same decision, without waiting. Asks the live orchestrator, or stops the
     * running session here on a daemon thread of its own (stopping waits up to the grace period);
     * failures are logged. A session the journal does not show running is left alone.
     *
     * @param taskId the session, or null for every session of the run
     */
    public static void endInBackground(
            RecordedRun run, String taskId, SessionState end, Duration grace, OrchestratorLog log) {
        String action = taskId == null ? "stop_all" : end == SessionState.KILLED ? "kill" : "stop";
        if (run.ownerAlive()) {
            try {
                run.request(action, taskId);
            } catch (StoreException e) {
                log.log(
                        "cannot leave a " + action + " request in "
                                + run.store().requestsDir(),
                        e);
            }
            return;
        }
        List<String> tasks = taskId == null
                ? List.copyOf(run.running().keySet())
                : run.running().containsKey(taskId) ? List.of(taskId) : List.of();
        for (String task : tasks) {
            SessionView v = run.snapshot().session(task);
            if (v == null) {
                continue;
            }
            Thread t = new Thread(
                    () -> {
                        try {
                            run.endOwnerless(v, end, grace);
                        } catch (StoreException | IllegalStateException e) {
                            log.log(
                                    "cannot " + (end == SessionState.KILLED ? "kill" : "stop") + " " + task
                                            + " of a run whose orchestrator is gone",
                                    e);
                        }
                    },
                    "attached-" + action);
            t.setDaemon(true);
            t.start();
        }
    }

    /** Waits until each task's attempt is final in the journal; what is still not final after the bound is returned as it is. */
    private static Map<String, SessionView> await(RecordedRun run, Map<String, Integer> tasks, Duration grace) {
        Instant deadline = Instant.now().plus(grace).plus(WAIT_MARGIN);
        while (true) {
            RecordedRun now = RecordedRun.loadStates(run.store());
            Map<String, SessionView> views = new LinkedHashMap<>();
            boolean done = true;
            for (var t : tasks.entrySet()) {
                SessionView v = session(now, t.getKey());
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
    private static SessionView endDirectly(RecordedRun run, SessionView v, SessionState end, Duration grace) {
        try {
            return run.endOwnerless(v, end, grace);
        } catch (IllegalStateException e) {
            throw new StopFailedException("task '" + v.taskId() + "': " + e.getMessage(), e);
        } catch (StoreException e) {
            throw new StopFailedException(
                    "task '" + v.taskId() + "' " + end.label() + " but not recorded: " + e.getMessage(), e);
        }
    }

    private static SessionView session(RecordedRun run, String taskId) {
        SessionView v = run.snapshot().session(taskId);
        if (v == null) {
            throw new IllegalStateException(
                    "task " + taskId + " vanished from run " + run.store().runId());
        }
        return v;
    }
}
