package dev.claudemulti.engine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A run's sessions counted by state as they change: which are queued (in task-file order), which
 * of those wait for a retry's time, which run, how many have not ended and what the ended ones
 * cost. The scheduler asks for these on every event; walking all of a 2,000-task batch for them
 * each time made its work per event grow with the batch, and the batch's with its square.
 *
 * <p>Kept up to date by {@link Session#update}, the one place a session's state changes (live
 * figures never change it). Scheduler thread only, as that method.
 */
final class SessionTally {
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

    /** The running sessions, in task-file order. */
    Iterable<Session> running() {
        return in(running);
    }

    /** The queued sessions, in task-file order. */
    Iterable<Session> queued() {
        return in(queued);
    }

    /** The queued sessions with a retry time, in task-file order. */
    Iterable<Session> timed() {
        return in(timed);
    }

    /** The sessions of {@code set}, read as it is at each step (a change meanwhile is seen or not). */
    private Iterable<Session> in(BitSet set) {
        return () -> new Iterator<>() {
            private int next = set.nextSetBit(0);

            @Override
            public boolean hasNext() {
                return next >= 0;
            }

            @Override
            public Session next() {
                if (next < 0) {
                    throw new NoSuchElementException();
                }
                Session s = inFileOrder.get(next);
                next = set.nextSetBit(next + 1);
                return s;
            }
        };
    }
}
