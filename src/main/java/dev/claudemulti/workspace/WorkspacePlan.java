package dev.claudemulti.workspace;

import java.nio.file.Path;

/**
 * How an isolated run gives each session its own worktree: the project's repository, the commit
 * every session starts from unless its task names another, the prefix of the branches the run
 * creates, and where the worktrees go. Everything here is resolved before any session starts.
 *
 * @param repo          the top directory of the project's work tree, absolute
 * @param base          the run's base commit SHA (the project's HEAD at start, or {@code --base})
 * @param branchPrefix  prefix of every branch claude-multi creates ({@code claude-multi/} by default)
 * @param worktreesDir  {@code <state>/runs/<run>/worktrees}: outside the user's repository
 * @param runId         names the run in branches, refs and commit trailers
 */
public record WorkspacePlan(Path repo, String base, String branchPrefix, Path worktreesDir, String runId) {
    public static final String DEFAULT_BRANCH_PREFIX = "claude-multi/";

    /** The branch of {@code taskId}'s session. */
    public String branch(String taskId) {
        return branchPrefix + runId + "/" + taskId;
    }

    /** The worktree of {@code taskId}'s session. */
    public Path worktree(String taskId) {
        return worktreesDir.resolve(taskId);
    }

    /** The ref that keeps an earlier attempt's commit reachable once a retry resets the branch. */
    public String attemptRef(String taskId, int attempt) {
        return "refs/" + branchPrefix + runId + "/" + taskId + "/attempt-" + attempt;
    }
}
