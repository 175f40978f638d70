package dev.claudemulti.workspace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges sessions' commits into the project's current branch, one at a time, each only after
 * {@link MergeTree} found no conflict. A merge that conflicts is never started; one that fails
 * anyway (a hook, a file git would not overwrite) is undone, so the repository is always left as it
 * was before that merge: no merge or cherry-pick in progress, no conflict markers.
 *
 * <p>Guaranteed only when {@link #refusal()} is null at the start: the tracked files are clean, so
 * undoing a failed merge loses nothing of the user's. Not guaranteed: anything about untracked
 * files git refuses to overwrite (the merge fails and is undone) or about another process moving
 * the branch meanwhile.
 */
public final class Merger {
    /** How a session's work lands on the current branch. */
    public enum Mode {
        /** A merge commit ({@code --no-ff}), so the session's branch shows as merged. */
        MERGE,
        /** One new commit with the session's changes and its commit message; the branch is not marked merged. */
        SQUASH,
        /** The session's commits replayed on top of the current branch (linear history). */
        REBASE
    }

    /**
     * How one session's merge went.
     *
     * @param merged    whether its changes are now on the current branch (also when they already were)
     * @param detail    what was done ("merged as 1a2b3c4"), or why not
     * @param conflicts the conflicting files when the merge was not attempted because of them; else empty
     */
    public record Step(String task, boolean merged, String detail, List<String> conflicts) {
        public Step {
            conflicts = List.copyOf(conflicts);
        }
    }

    private static final String FALLBACK_NAME = "claude-multi";
    private static final String FALLBACK_EMAIL = "claude-multi@localhost";

    private final Git repo;
    private final Mode mode;

    public Merger(Git repo, Mode mode) {
        this.repo = repo;
        this.mode = mode;
    }

    /** Why nothing may be merged into the repository now (a dirty tree, a detached HEAD...); null when it may. */
    public String refusal() throws IOException {
        if (!repo.run("symbolic-ref", "--quiet", "HEAD").ok()) {
            return "HEAD in " + repo.dir() + " is detached; check out the branch to merge into first";
        }
        for (String inProgress : List.of("MERGE_HEAD", "CHERRY_PICK_HEAD", "REBASE_HEAD")) {
            if (repo.run("rev-parse", "--quiet", "--verify", inProgress).ok()) {
                return "a merge, cherry-pick or rebase is in progress in " + repo.dir() + "; finish or abort it first";
            }
        }
        if (!repo.check("status", "--porcelain", "--untracked-files=no").isBlank()) {
            return "the working tree of " + repo.dir() + " has uncommitted changes; commit or stash them first";
        }
        return null;
    }

    /** Why this session cannot be merged at all (no branch, no commit); null when it can. */
    public static String refusal(String task, SessionWorkspace workspace) {
        if (workspace == null) {
            return "task '" + task + "' has no branch: its run did not use worktrees (isolation none)";
        }
        if (workspace.commit() == null) {
            return "task '" + task + "' has no commit to merge ("
                    + (workspace.changes() == null ? "it has not ended yet" : "it changed nothing") + ")";
        }
        return null;
    }

    /**
     * Merges one session's commit into the current branch, unless it conflicts. Call only with a
     * workspace {@link #refusal(String, SessionWorkspace)} accepts.
     */
    public Step merge(String task, SessionWorkspace workspace) throws IOException {
        String commit = workspace.commit();
        if (repo.run("merge-base", "--is-ancestor", commit, "HEAD").ok()) {
            return new Step(task, true, "already in " + Conflicts.currentBranchLabel(repo), List.of());
        }
        List<String> conflicts = MergeTree.conflictingFiles(repo, "HEAD", commit);
        if (!conflicts.isEmpty()) {
            return new Step(task, false, "conflicts with " + Conflicts.currentBranchLabel(repo), conflicts);
        }
        String before = repo.check("rev-parse", "HEAD").strip();
        Git.Result result = switch (mode) {
            case MERGE ->
                repo.run(withIdentity(
                        "merge",
                        "--no-ff",
                        "--no-edit",
                        "-m",
                        "Merge claude-multi session " + task + " (" + workspace.branch() + ")",
                        commit));
            case SQUASH -> squash(commit);
            case REBASE -> repo.run(withIdentity("cherry-pick", "--allow-empty", workspace.base() + ".." + commit));
        };
        if (!result.ok()) {
            undo(before);
            return new Step(task, false, "git failed, nothing changed: " + result.firstErrorLine(), List.of());
        }
        String after = repo.check("rev-parse", "--short", "HEAD").strip();
        return new Step(
                task,
                true,
                switch (mode) {
                    case MERGE -> "merged as " + after;
                    case SQUASH -> "squashed as " + after;
                    case REBASE -> "rebased, now at " + after;
                },
                List.of());
    }

    private Git.Result squash(String commit) throws IOException {
        Git.Result merged = repo.run("merge", "--squash", commit);
        if (!merged.ok()) {
            return merged;
        }
        String message = repo.check("log", "-1", "--format=%B", commit).strip();
        return repo.run(withIdentity("commit", "--no-edit", "-m", message));
    }

    /** Back to {@code before}: safe because {@link #refusal()} found no uncommitted tracked change. */
    private void undo(String before) throws IOException {
        if (repo.run("rev-parse", "--quiet", "--verify", "MERGE_HEAD").ok()) {
            repo.run("merge", "--abort");
        }
        if (repo.run("rev-parse", "--quiet", "--verify", "CHERRY_PICK_HEAD").ok()) {
            repo.run("cherry-pick", "--abort");
        }
        repo.check("reset", "--hard", "--quiet", before);
    }

    /**
     * The command, with claude-multi as author and committer when the repository has no identity
     * configured: a merge commit needs one, and git would otherwise fail asking for it.
     */
    private String[] withIdentity(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (!repo.run("config", "user.name").ok()) {
            cmd.addAll(List.of("-c", "user.name=" + FALLBACK_NAME));
        }
        if (!repo.run("config", "user.email").ok()) {
            cmd.addAll(List.of("-c", "user.email=" + FALLBACK_EMAIL));
        }
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }
}
