package dev.claudemulti.tui;

import dev.claudemulti.display.Text;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.workspace.SessionWorkspace;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Calls the dashboard's {@link ReviewActions} off the GUI thread, one call at a time in the order
 * asked, and hands each result to the {@link DashboardState} through {@link EventLoop#post}, so the
 * state is still only touched on the GUI thread. Conflicts are computed again when a session's
 * commit appears (a session ended) and after a merge (the current branch moved), and kept until then.
 *
 * <p>Methods are called on the GUI thread. Not guaranteed: that a result arrives before the next
 * frame, or at all once {@link #close} was called (a call under way is interrupted).
 */
final class ReviewWorker implements AutoCloseable {
    private final ReviewActions review;
    private final EventLoop loop;
    private final DashboardState state;
    /** Started on first use, so a run without worktrees never has the thread. */
    private ExecutorService executor;
    /** The commits the conflicts were last computed for ("task@sha"). */
    private Set<String> conflictsComputedFor = Set.of();

    ReviewWorker(ReviewActions review, EventLoop loop, DashboardState state) {
        this.review = review;
        this.loop = loop;
        this.state = state;
    }

    /** With each new snapshot: computes the conflicts again if the set of sessions' commits changed. */
    void snapshotChanged(RunSnapshot snap) {
        Set<String> commits = new HashSet<>();
        for (SessionView s : snap.sessions()) {
            SessionWorkspace ws = s.workspace();
            if (ws != null && ws.commit() != null && s.state().isFinal()) {
                commits.add(s.taskId() + "@" + ws.commit());
            }
        }
        if (!commits.isEmpty() && !commits.equals(conflictsComputedFor)) {
            conflictsComputedFor = Set.copyOf(commits);
            computeConflicts(snap);
        }
    }

    /** Merges {@code session}'s branch; the outcome becomes the message, and the conflicts are computed again. */
    void merge(SessionView session) {
        String id = Text.sanitizeCell(session.taskId());
        run(() -> {
            ReviewActions.MergeResult result;
            try {
                result = review.merge(session);
            } catch (RuntimeException e) {
                result = new ReviewActions.MergeResult(false, String.valueOf(e.getMessage()));
            }
            ReviewActions.MergeResult outcome = result;
            loop.post(() -> {
                state.say(mergeMessage(id, outcome));
                computeConflicts(state.snapshot());
            });
        });
    }

    /** "merged api: fast-forward", "api not merged, nothing changed: conflicts in src/a.ts". */
    static String mergeMessage(String id, ReviewActions.MergeResult result) {
        String detail = result.message() == null
                ? ""
                : Text.sanitizeCell(result.message()).strip();
        if (result.merged()) {
            return "merged " + id + (detail.isEmpty() ? "" : ": " + detail);
        }
        return id + " not merged, nothing changed" + (detail.isEmpty() ? "" : ": " + detail);
    }

    private void computeConflicts(RunSnapshot snap) {
        run(() -> {
            try {
                Map<String, String> found = review.conflicts(snap);
                loop.post(() -> state.conflicts(found));
            } catch (RuntimeException e) {
                loop.post(() -> state.say(
                        "cannot tell which sessions conflict: " + Text.sanitizeCell(String.valueOf(e.getMessage()))));
            }
        });
    }

    private void run(Runnable task) {
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "dashboard-review");
                t.setDaemon(true);
                return t;
            });
        }
        executor.execute(task);
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
