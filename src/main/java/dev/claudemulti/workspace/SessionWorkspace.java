package dev.claudemulti.workspace;

/**
 * Where a session of an isolated run works and what it produced: its own git worktree and
 * branch, made from {@code base}, and the commit that holds its changes once it ended.
 *
 * @param repo     the project's repository (its work tree's top directory), absolute
 * @param worktree the session's worktree, absolute ({@code <state>/runs/<run>/worktrees/<task>})
 * @param branch   the session's branch ({@code <prefix><run-id>/<task-id>}, prefix {@code claude-multi/})
 * @param base     the commit SHA the branch was made from
 * @param commit   the SHA of the commit that holds the session's changes; null until the session
 *                 ended, and null when it changed nothing
 * @param changes  what {@code commit} changed against {@code base}; null until the session ended
 */
public record SessionWorkspace(
        String repo, String worktree, String branch, String base, String commit, Changes changes) {

    /** This workspace once its session's work is committed ({@code commit} null: no changes). */
    public SessionWorkspace committed(String sha, Changes counted) {
        return new SessionWorkspace(repo, worktree, branch, base, sha, counted);
    }
}
