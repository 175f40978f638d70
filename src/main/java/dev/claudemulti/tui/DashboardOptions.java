package dev.claudemulti.tui;

import java.nio.file.Path;

/**
 * @param exitWhenDone close the dashboard by itself once every session has ended
 * @param title        shown first in the header, e.g. "claude-multi"
 * @param stateDir     the state directory; a crash of the dashboard is logged to its orchestrator.log (may be null)
 * @param review       merging and conflicts for runs whose sessions have worktrees; {@link ReviewActions#NONE} otherwise
 * @param quiet        no bell and no desktop notification when the batch finishes or a session fails
 */
public record DashboardOptions(boolean exitWhenDone, String title, Path stateDir, ReviewActions review, boolean quiet) {
    public DashboardOptions {
        review = review != null ? review : ReviewActions.NONE;
    }

    /** Options that alert the user (bell, desktop notification) when the batch finishes or a session fails. */
    public DashboardOptions(boolean exitWhenDone, String title, Path stateDir, ReviewActions review) {
        this(exitWhenDone, title, stateDir, review, false);
    }

    /** Options for a run whose sessions have no worktrees: nothing to merge, nothing conflicts. */
    public DashboardOptions(boolean exitWhenDone, String title, Path stateDir) {
        this(exitWhenDone, title, stateDir, ReviewActions.NONE);
    }
}
