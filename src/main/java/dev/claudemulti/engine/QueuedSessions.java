package dev.claudemulti.engine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which of a run's sessions are queued, in task-file order, which of those wait for a retry's
 * time, which run, how many have not ended and what the ended ones cost. The scheduler asks for the next sessions to start on
 * every event; walking all of a 2,000-task batch for them each time made its work per event grow
 * with the batch, and the batch's with its square.
 *
 * <p>Kept up to date by {@link Session#update}, the one place a session's state changes (live
 * figures never change it). Scheduler thread only, as that method.
 */
final class QueuedSessions {
    private final List<Session> inFileOrder = new ArrayList<>();
    private final BitSet queued = new BitSet();
    /** Queued with a retry time set: they may not be due yet, and the earliest one wakes the loop. */
    private final BitSet timed = new BitSet();

    private final BitSet running = new BitSet();

    private int unfinished;
    /**
     * What ended sessions' views say they cost, summed exactly: added and taken away as states
     * change, a double would drift from the sum of the figures it stands for.
     */
    private BigDecimal endedCostUsd = BigDecimal.ZERO;

    /** Adds the run's next session (in task-file order) and starts following its state. */
    void add(Session s) {
        int index = inFileOrder.size();
        inFileOrder.add(s);
        s.follow(this, index);
        changed(index, null, s.view());
    }

    /** Session {@code index}'s view went from {@code before} (null: it is new) to {@code after}. */
    void changed(int index, SessionView before, SessionView after) {
        if (before != null) {
            if (!before.state().isFinal()) {
                unfinished--;
            } else {
                endedCostUsd = endedCostUsd.subtract(exact(before.costUsd()));
            }
        }
        if (!after.state().isFinal()) {
            unfinished++;
        } else {
            endedCostUsd = endedCostUsd.add(exact(after.costUsd()));
        }
        running.set(index, after.state() == SessionState.RUNNING);
        boolean isQueued = after.state() == SessionState.QUEUED;
        queued.set(index, isQueued);
        timed.set(index, isQueued && after.retry() != null && after.retry().at() != null);
    }

    /** A cost as an exact number; none, or one no number stands for, counts as nothing. */
    private static BigDecimal exact(Double costUsd) {
        return costUsd == null || !Double.isFinite(costUsd) ? BigDecimal.ZERO : new BigDecimal(costUsd);
    }

    /** Sessions not in a final state. */
    int unfinished() {
        return unfinished;
    }

    /** What the sessions in a final state cost, by their views. */
    double endedCostUsd() {
        return endedCostUsd.doubleValue();
    }

    /** The place of the first running session at or after {@code from}; -1 if none. */
    int nextRunning(int from) {
        return running.nextSetBit(from);
    }

    /** The place of the first queued session at or after {@code from}, in task-file order; -1 if none. */
    int nextQueued(int from) {
        return queued.nextSetBit(from);
    }

    /** The place of the first queued session with a retry time at or after {@code from}; -1 if none. */
    int nextTimed(int from) {
        return timed.nextSetBit(from);
    }

    /** The session at {@code place} in the task file. */
    Session at(int place) {
        return inFileOrder.get(place);
    }
}
