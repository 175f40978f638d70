package dev.claudemulti.tui;

import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionView;
import java.util.Collection;
import java.util.Set;

/**
 * When the one-line message under the table (the answer to the last key) goes stale without a key:
 * one about sessions being stopped ("stopping h…") once they have all ended, and any message when
 * the batch finishes, so that the "batch finished" banner shows at once. GUI thread only.
 */
final class Notice {
    private Set<String> waitingFor = Set.of();
    private boolean wasFinished;

    /** The message just shown is about {@code taskIds}: it goes once they have all ended. */
    void untilEnded(Collection<String> taskIds) {
        waitingFor = Set.copyOf(taskIds);
    }

    /** A new message (or none) replaced the one waited on. */
    void reset() {
        waitingFor = Set.of();
    }

    /** Called with every new snapshot: true when the message shown should go. */
    boolean stale(RunSnapshot snap) {
        boolean finished = snap.finished() && !snap.sessions().isEmpty();
        boolean justFinished = finished && !wasFinished;
        wasFinished = finished;
        if (justFinished || (!waitingFor.isEmpty() && allEnded(snap))) {
            waitingFor = Set.of();
            return true;
        }
        return false;
    }

    private boolean allEnded(RunSnapshot snap) {
        for (SessionView v : snap.sessions()) {
            if (waitingFor.contains(v.taskId()) && !v.state().isFinal()) {
                return false;
            }
        }
        return true;
    }
}
