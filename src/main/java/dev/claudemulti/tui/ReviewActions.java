package dev.claudemulti.tui;

import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionView;
import java.util.Map;

/**
 * What the dashboard asks of git about an isolated run's sessions: merging a session's
 * branch and which sessions conflict. The cli wires an implementation; a run that is not isolated
 * gets {@link #NONE}. Called off the GUI thread: an implementation may take seconds.
 */
public interface ReviewActions {
    /** How a merge went: {@code merged} false with the reason (conflicting files, a dirty tree...) in {@code message}. */
    record MergeResult(boolean merged, String message) {}

    /**
     * Merges the session's branch into the project's current branch. A conflict changes nothing in
     * the repository and comes back as {@code merged == false}, never as an exception.
     */
    MergeResult merge(SessionView session);

    /**
     * The sessions (by task id) whose changes conflict with the project's current branch or with
     * another session's, each with a short text saying with what ("main", "api-docs").
     */
    Map<String, String> conflicts(RunSnapshot snapshot);

    /** For runs without worktrees: nothing to merge, nothing conflicts. */
    ReviewActions NONE = new ReviewActions() {
        @Override
        public MergeResult merge(SessionView session) {
            return new MergeResult(false, "this run's sessions have no branches (isolation none)");
        }

        @Override
        public Map<String, String> conflicts(RunSnapshot snapshot) {
            return Map.of();
        }
    };
}
