package dev.claudemulti.engine;

import dev.claudemulti.agent.Outcome;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.store.OrchestratorLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * The {@link SessionMachine}'s side of the batch-wide policies: hands {@link BatchControl} the
 * money and the live signals it judges by, keeps the {@link RunSnapshot.BatchStatus} a snapshot
 * shows, and tells listeners when it changes (a pause begins or ends, the parallel limit moves).
 *
 * <p>Money: {@code spent} is what ended attempts cost (the replaced ones included), each attempt's
 * own cost counted once; {@code running} is the live estimates of the attempts still running.
 * Scheduler thread only, except {@link #status()}.
 */
final class BatchDriver {
    private final BatchControl control;
    private final Collection<Session> sessions;
    private final StateBoard board;
    /** Holds back a session until the tasks it depends on completed. */
    private final DependencyGate dependencies;
    /** What attempts replaced by a retry or a resume cost. */
    private final DoubleSupplier earlierAttempts;

    /** The one wake-up for when a backoff or a pause ends. */
    private final WakeUp wake;

    private final OrchestratorLog log;
    /** The sessions by state, so that finding the next to start does not walk every session. */
    private final SessionTally tally = new SessionTally();

    private volatile RunSnapshot.BatchStatus status;
    /** The policies ruled that nothing more starts (a halt, the batch budget); running sessions go on. */
    private boolean halted;

    /** Stops a running (or launching) session: the machine's requestEnd. */
    @FunctionalInterface
    interface Stopper {
        void stop(String taskId, SessionState end, String reason);
    }

    BatchDriver(
            BatchControl control,
            Collection<Session> sessions,
            StateBoard board,
            DependencyGate dependencies,
            DoubleSupplier earlierAttempts,
            WakeUp wake,
            OrchestratorLog log) {
        this.control = control;
        this.sessions = sessions;
        this.board = board;
        this.dependencies = dependencies;
        this.earlierAttempts = earlierAttempts;
        this.wake = wake;
        this.log = log;
        this.status = control.status(Instant.now());
        for (Session s : sessions) {
            tally.add(s);
        }
    }

    boolean halted() {
        return halted;
    }

    /** A user queued a session again: it may start whatever the policies had ruled. */
    void resume() {
        halted = false;
    }

    /** The run ended: no wake-up may hold up the loop's shutdown. */
    void quiet() {
        wake.cancel();
    }

    /**
     * The queued sessions that may start now, in the order to start them, with {@code running}
     * slots taken; a session whose dependencies have not all completed is left out, and so is a
     * queued retry whose backoff has not passed, and the loop is woken
     * once, when the earliest backoff or the batch's pause ends.
     */
    List<SessionView> startable(int running, Instant now) {
        // Few sessions wait for a retry's time: each is looked at for the wake-up.
        Instant wakeAt = null;
        for (Session s : tally.timed()) {
            if (!s.launching && !RetryPlanner.due(s.view(), now) && dependencies.ready(s)) {
                Instant at = s.view().retry().at();
                wakeAt = wakeAt == null || at.isBefore(wakeAt) ? at : wakeAt;
            }
        }
        // The end of a pause is news (the status changes) as long as the run goes on.
        Instant pauseEnds = tally.unfinished() > 0 ? control.nextWake(now) : null;
        wake.at(pauseEnds != null && (wakeAt == null || pauseEnds.isBefore(wakeAt)) ? pauseEnds : wakeAt, now);
        refresh(now);
        // The policy starts queued sessions in file order while slots are free: no need to look further.
        int room = status.parallelLimit() - running;
        List<SessionView> queued = new ArrayList<>();
        for (Session s : tally.queued()) {
            if (queued.size() >= room) {
                break;
            }
            if (!s.launching && RetryPlanner.due(s.view(), now) && dependencies.ready(s)) {
                queued.add(s.view());
            }
        }
        return control.pick(queued, running, now);
    }

    /**
     * Carries out a decision: SKIP_QUEUED ends every queued session SKIPPED (never started) and
     * starts nothing more; STOP_ALL also stops the running ones through {@code stopper}.
     */
    void apply(BatchControl.Decision d, Stopper stopper) {
        if (d.kind() == BatchControl.Decision.Kind.NONE) {
            return;
        }
        if (!halted) {
            log.log("nothing more starts: " + d.reason());
        }
        halted = true;
        wake.cancel();
        for (Session s : sessions) {
            if (s.state() == SessionState.QUEUED && !s.launching) {
                board.publish(
                        s,
                        s.view()
                                .withState(SessionState.SKIPPED, d.reason())
                                .withActivity(null) // no longer waiting for its dependencies
                                .withRetry(null)
                                .withEndedAt(Instant.now()));
            }
        }
        if (d.kind() == BatchControl.Decision.Kind.STOP_ALL) {
            for (Session s : sessions) {
                stopper.stop(s.id(), SessionState.STOPPED, d.reason());
            }
        }
    }

    /** What the run-wide policies look like now. Any thread. */
    RunSnapshot.BatchStatus status() {
        return status;
    }

    /** Re-reads the status and tells listeners if it changed; true if it did. */
    boolean refresh(Instant now) {
        RunSnapshot.BatchStatus next = control.status(now);
        if (Objects.equals(next, status)) {
            return false;
        }
        status = next;
        board.batchChanged(next);
        return true;
    }

    double spent() {
        return earlierAttempts.getAsDouble() + tally.endedCostUsd();
    }

    double running() {
        double running = 0;
        for (Session s : tally.running()) {
            SessionView v = s.view();
            if (v.state() == SessionState.RUNNING && v.costUsd() != null) {
                running += v.costUsd();
            }
        }
        return running;
    }

    /** May a session with its own budget {@code budget} start now? NONE, or why nothing more starts. */
    BatchControl.Decision beforeLaunch(Double budget) {
        return control.beforeLaunch(spent(), running(), budget);
    }

    /** The budget a session launched now gets. */
    Double budgetFor(Double budget) {
        return control.budgetFor(budget, spent(), running());
    }

    /** A running session's stream said {@code event}; true if the batch's status changed (a pause began). */
    boolean observed(SessionEvent event, Instant now) {
        control.observed(event, now);
        return refresh(now);
    }

    BatchControl.Decision ended(SessionState state, Outcome outcome, boolean retrying, Instant now) {
        BatchControl.Decision d = control.ended(state, outcome, retrying, now);
        refresh(now);
        return d;
    }

    BatchControl.Decision moneyMoved() {
        if (control.policy().maxCostUsd() == null) {
            return BatchControl.Decision.NONE; // no batch budget: nothing to add up on every live figure
        }
        return control.moneyMoved(spent(), running());
    }
}
