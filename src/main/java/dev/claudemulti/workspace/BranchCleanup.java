package dev.claudemulti.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes what a removed run left in its repository: the sessions' worktrees ({@code git worktree
 * remove}, then {@code git worktree prune}) and their branches once merged into the current branch,
 * with the refs that keep earlier attempts' work ({@code refs/<branch>/attempt-N}) under the same rule.
 *
 * <p>Guaranteed: a worktree with uncommitted changes (untracked files included) is kept, and so is
 * its branch; an unmerged branch is deleted only when asked ({@code deleteUnmerged}); a branch is
 * touched only if its name is {@code <prefix><run-id>/<task-id>} for the run and task given, so no
 * branch outside claude-multi's is ever deleted. Not guaranteed: that the session is not live —
 * the caller passes only runs that are over.
 */
public final class BranchCleanup {
    /** A run id as the state directory makes them (yyyyMMdd-HHmmss-xxxx): what an orphan branch must carry. */
    private static final Pattern RUN_ID = Pattern.compile("\\d{8}-\\d{6}-[A-Za-z0-9]+");

    /**
     * What cleaning a run did (or, in a dry run, would do).
     *
     * @param keptWorktrees   worktrees left in place, each with why ("uncommitted changes")
     * @param keptBranches    unmerged branches left in place
     */
    public record Outcome(
            List<String> removedWorktrees,
            Map<String, String> keptWorktrees,
            List<String> deletedBranches,
            List<String> keptBranches) {
        /** Whether the run's directory may go: no worktree inside it still holds work. */
        public boolean worktreesGone() {
            return keptWorktrees.isEmpty();
        }
    }

    private final boolean deleteUnmerged;
    private final boolean dryRun;

    public BranchCleanup(boolean deleteUnmerged, boolean dryRun) {
        this.deleteUnmerged = deleteUnmerged;
        this.dryRun = dryRun;
    }

    /** Cleans the workspaces (task id to workspace) of the ended run {@code runId}. */
    public Outcome clean(String runId, Map<String, SessionWorkspace> workspaces) throws IOException {
        List<String> removed = new ArrayList<>();
        Map<String, String> kept = new java.util.LinkedHashMap<>();
        List<String> deleted = new ArrayList<>();
        List<String> unmerged = new ArrayList<>();
        Set<String> repos = new java.util.LinkedHashSet<>();
        for (var e : workspaces.entrySet()) {
            SessionWorkspace ws = e.getValue();
            Git repo = new Git(Path.of(ws.repo()));
            repos.add(ws.repo());
            boolean present = Files.isDirectory(Path.of(ws.worktree()));
            String keptBecause = removeWorktree(repo, ws);
            if (keptBecause != null) {
                kept.put(ws.worktree(), keptBecause);
                continue; // its branch stays with it
            }
            if (present) {
                removed.add(ws.worktree());
            }
            if (!ours(ws.branch(), runId, e.getKey())) {
                continue;
            }
            if (exists(repo, ws.branch())) {
                deleteBranch(repo, ws.branch(), deleted, unmerged);
            }
            for (String ref : refsUnder(repo, "refs/" + ws.branch() + "/")) {
                deleteRef(repo, ref, deleted, unmerged);
            }
        }
        if (!dryRun) {
            for (String repo : repos) {
                new Git(Path.of(repo)).run("worktree", "prune");
            }
        }
        return new Outcome(removed, kept, deleted, unmerged);
    }

    /**
     * The branches {@code <prefix><run-id>/<task>} in {@code repo} whose run is not among
     * {@code knownRuns}: left by runs already removed. Deleted when merged, or when
     * {@code deleteUnmerged}; the outcome lists them as {@link #clean} does.
     */
    public Outcome cleanOrphans(Git repo, String prefix, Set<String> knownRuns) throws IOException {
        List<String> deleted = new ArrayList<>();
        List<String> unmerged = new ArrayList<>();
        for (String ref : refsUnder(repo, "refs/heads/" + prefix)) {
            String branch = ref.substring("refs/heads/".length());
            String[] rest = branch.substring(prefix.length()).split("/", -1);
            if (rest.length == 2 && RUN_ID.matcher(rest[0]).matches() && !knownRuns.contains(rest[0])) {
                deleteBranch(repo, branch, deleted, unmerged);
            }
        }
        for (String ref : refsUnder(repo, "refs/" + prefix)) {
            String[] rest = ref.substring(("refs/" + prefix).length()).split("/", -1);
            if (rest.length == 3
                    && RUN_ID.matcher(rest[0]).matches()
                    && !knownRuns.contains(rest[0])
                    && rest[2].startsWith("attempt-")) {
                deleteRef(repo, ref, deleted, unmerged);
            }
        }
        return new Outcome(List.of(), Map.of(), deleted, unmerged);
    }

    /** Null when the worktree is gone (or would be), else why it stays. */
    private String removeWorktree(Git repo, SessionWorkspace ws) throws IOException {
        Path worktree = Path.of(ws.worktree());
        if (!Files.isDirectory(worktree)) {
            return null;
        }
        Git.Result status = new Git(worktree).run("status", "--porcelain");
        if (!status.ok()) {
            return null; // not a worktree any more (its .git is gone): prune forgets it, the directory goes with the
            // run
        }
        if (!status.out().isBlank()) {
            return "uncommitted changes";
        }
        if (dryRun) {
            return null;
        }
        Git.Result r = repo.run("worktree", "remove", worktree.toString());
        return r.ok() ? null : "git worktree remove failed: " + r.firstErrorLine();
    }

    private void deleteBranch(Git repo, String branch, List<String> deleted, List<String> unmerged) throws IOException {
        boolean merged = repo.run("merge-base", "--is-ancestor", "refs/heads/" + branch, "HEAD")
                .ok();
        if (!merged && !deleteUnmerged) {
            unmerged.add(branch);
            return;
        }
        if (!dryRun) {
            // -d for a merged branch: git itself checks again that nothing is lost.
            Git.Result r = repo.run("branch", merged ? "-d" : "-D", branch);
            if (!r.ok()) {
                unmerged.add(branch);
                return;
            }
        }
        deleted.add(branch);
    }

    /**
     * An earlier attempt's work, kept under {@code refs/<branch>/attempt-N} when the session was
     * retried: a ref like a branch, deleted under the same rule.
     */
    private void deleteRef(Git repo, String ref, List<String> deleted, List<String> unmerged) throws IOException {
        boolean merged = repo.run("merge-base", "--is-ancestor", ref, "HEAD").ok();
        if (!merged && !deleteUnmerged) {
            unmerged.add(ref);
            return;
        }
        if (!dryRun && !repo.run("update-ref", "-d", ref).ok()) {
            unmerged.add(ref);
            return;
        }
        deleted.add(ref);
    }

    /** The full names of the refs whose names start with {@code prefix} (a directory of refs, ending in '/'). */
    private static List<String> refsUnder(Git repo, String prefix) throws IOException {
        return repo.check("for-each-ref", "--format=%(refname)", prefix)
                .lines()
                .map(String::strip)
                .filter(r -> !r.isEmpty())
                .toList();
    }

    /** Whether {@code branch} is the one claude-multi made for this run's task. */
    private static boolean ours(String branch, String runId, String taskId) {
        return branch != null && branch.endsWith("/" + runId + "/" + taskId);
    }

    private static boolean exists(Git repo, String branch) throws IOException {
        return repo.run("rev-parse", "--verify", "--quiet", "refs/heads/" + branch)
                .ok();
    }
}
