package dev.claudemulti.cli;

import dev.claudemulti.record.RunInfo;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.task.Task;
import dev.claudemulti.workspace.Git;
import dev.claudemulti.workspace.Repositories;
import dev.claudemulti.workspace.WorkspacePlan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch's isolation, checked before anything starts: whether sessions get their own worktree
 * by default, in which repository, from which base commit, under which branch prefix. Bad input
 * (an unknown isolation, a base naming no commit, worktrees outside a git repository) is a
 * {@link UserException}; a git too old for conflict previews and a repository without a commit
 * fall back to {@code none} with one line on stderr.
 *
 * @param isolation    "worktree" or "none": the default of tasks that do not choose
 * @param repo         the project's repository; null when it is in none (or isolation fell back)
 * @param base         the base commit SHA; null with {@code repo}
 * @param branchPrefix prefix of the branches the run creates
 */
record WorkspaceSettings(String isolation, Path repo, String base, String branchPrefix) {
    static final String WORKTREE = "worktree";
    static final String NONE = "none";
    private static final List<String> ISOLATIONS = List.of(WORKTREE, NONE);

    /** Every session runs in the project directory, as before worktrees existed. */
    static WorkspaceSettings none() {
        return new WorkspaceSettings(NONE, null, null, WorkspacePlan.DEFAULT_BRANCH_PREFIX);
    }

    /**
     * Checks the options against the project and the tasks. {@code quietDefault}: without
     * {@code --isolation} the default is none (the demo never touches the user's repository).
     */
    static WorkspaceSettings resolve(
            BatchOptions o, Path projectDir, List<Task> tasks, boolean quietDefault, PrintStream err) {
        if (o.isolation != null && !ISOLATIONS.contains(o.isolation)) {
            throw new UserException("--isolation must be one of worktree, none, got '" + o.isolation + "'");
        }
        String prefix = o.branchPrefix == null ? WorkspacePlan.DEFAULT_BRANCH_PREFIX : o.branchPrefix;
        if (noGitNeeded(o, tasks, quietDefault)) {
            return none();
        }
        Path repo = Repositories.topLevel(projectDir);
        String taskWantingWorktree = tasks.stream()
                .filter(t -> WORKTREE.equals(t.isolation()))
                .map(Task::id)
                .findFirst()
                .orElse(null);
        if (repo == null) {
            if (WORKTREE.equals(o.isolation)) {
                throw new UserException("--isolation worktree: the project directory " + projectDir
                        + " is not inside a git repository");
            }
            if (taskWantingWorktree != null) {
                throw new UserException("task " + taskWantingWorktree + ": isolation worktree needs a git repository;"
                        + " the project directory " + projectDir + " is not inside one");
            }
            if (o.base != null) {
                throw new UserException("--base " + o.base + ": the project directory " + projectDir
                        + " is not inside a git repository");
            }
            return none();
        }
        String isolation = o.isolation != null ? o.isolation : quietDefault ? NONE : WORKTREE;
        try {
            checkPrefix(repo, prefix);
            String base = o.base == null ? Repositories.commitOf(repo, "HEAD") : Repositories.commitOf(repo, o.base);
            if (base == null && o.base != null) {
                throw new UserException("--base " + o.base + " names no commit in " + repo);
            }
            for (Task t : tasks) {
                if (t.base() != null && Repositories.commitOf(repo, t.base()) == null) {
                    throw new UserException("task " + t.id() + ": base '" + t.base() + "' names no commit in " + repo);
                }
            }
            boolean anyIsolated = WORKTREE.equals(isolation) || taskWantingWorktree != null;
            if (!anyIsolated) {
                return new WorkspaceSettings(NONE, repo, base, prefix);
            }
            if (base == null) {
                err.println("claude-multi: the repository " + repo + " has no commit yet; sessions run in the"
                        + " project directory (isolation none)");
                return none();
            }
            if (!Repositories.canPreviewMerges(repo)) {
                err.println("claude-multi: git 2.38 or later is needed for worktrees (conflict previews use"
                        + " merge-tree --write-tree); sessions run in the project directory (isolation none)");
                return none();
            }
            if (Repositories.hasUncommittedChanges(repo)) {
                err.println("claude-multi: the project has uncommitted changes; they are not part of the sessions'"
                        + " base " + base.substring(0, 12) + " (they stay untouched)");
            }
            return new WorkspaceSettings(isolation, repo, base, prefix);
        } catch (IOException e) {
            throw new UserException("cannot read the git repository " + repo + ": " + e.getMessage());
        }
    }

    /**
     * Whether no session of the run can have a worktree and nothing names a commit or a branch
     * prefix to check: then git has nothing to tell, and is not asked (in a repository, three git
     * processes before the first session: about 0.1 s where starting a program is slow).
     */
    private static boolean noGitNeeded(BatchOptions o, List<Task> tasks, boolean quietDefault) {
        boolean none = NONE.equals(o.isolation) || (o.isolation == null && quietDefault);
        if (!none || o.base != null || o.branchPrefix != null) {
            return false;
        }
        for (Task t : tasks) {
            if (WORKTREE.equals(t.isolation()) || t.base() != null) {
                return false;
            }
        }
        return true;
    }

    /** The settings a resumed run was started with (none for a run of a release without worktrees). */
    static WorkspaceSettings recorded(RunInfo.Workspace w) {
        if (w == null || w.repo() == null || w.base() == null) {
            return none();
        }
        String prefix = w.branchPrefix() == null ? WorkspacePlan.DEFAULT_BRANCH_PREFIX : w.branchPrefix();
        return new WorkspaceSettings(w.isolation() == null ? NONE : w.isolation(), Path.of(w.repo()), w.base(), prefix);
    }

    /** The tasks with each task's own {@code base} resolved to its commit SHA, as sessions start from it. */
    List<Task> withResolvedBases(List<Task> tasks) {
        if (repo == null) {
            return tasks;
        }
        List<Task> resolved = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            try {
                String sha = t.base() == null ? null : Repositories.commitOf(repo, t.base());
                resolved.add(sha == null ? t : t.toBuilder().base(sha).build());
            } catch (IOException e) {
                throw new UserException("cannot read the git repository " + repo + ": " + e.getMessage());
            }
        }
        return resolved;
    }

    /** How the engine makes the run's worktrees; null when no session can have one. */
    WorkspacePlan planFor(RunStore run) {
        return repo == null || base == null
                ? null
                : new WorkspacePlan(repo, base, branchPrefix, run.dir().resolve("worktrees"), run.runId());
    }

    /** What run.json records. */
    RunInfo.Workspace record() {
        return new RunInfo.Workspace(isolation, repo == null ? null : repo.toString(), base, branchPrefix);
    }

    private static void checkPrefix(Path repo, String prefix) throws IOException {
        if (!new Git(repo)
                .run("check-ref-format", "--branch", prefix + "run/task")
                .ok()) {
            throw new UserException("--branch-prefix '" + prefix + "' does not make valid branch names");
        }
    }
}
