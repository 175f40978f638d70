package dev.claudemulti.workspace;

import dev.claudemulti.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes, resets and commits the worktree of one session of an isolated run (see
 * {@link WorkspacePlan}). Every change to the repository's worktree list or branches holds the
 * {@link RepoLock}, and a git lock failure caused by something else is retried with backoff.
 *
 * <p>Guaranteed: the user's own work tree, index and HEAD are never touched; the only branches
 * created or moved are the plan's. Not guaranteed: that a worktree somebody removed by hand
 * comes back with its uncommitted files (they are gone; its branch stays).
 */
public final class Worktrees {
    private static final int LOCK_ATTEMPTS = 6;
    private static final Pattern SHORTSTAT =
            Pattern.compile("(\\d+) files? changed(?:, (\\d+) insertions?\\(\\+\\))?(?:, (\\d+) deletions?\\(-\\))?");
    private static final String FALLBACK_NAME = "claude-multi";
    private static final String FALLBACK_EMAIL = "claude-multi@localhost";

    private final WorkspacePlan plan;

    public Worktrees(WorkspacePlan plan) {
        this.plan = plan;
    }

    /**
     * The worktree of {@code taskId}'s attempt {@code attempt}, ready for the agent: made from
     * {@code base} on first use; on a later attempt the existing one, its earlier work kept under
     * {@link WorkspacePlan#attemptRef} and the branch reset to {@code base}, so each attempt starts
     * from the same commit.
     */
    public SessionWorkspace prepare(String taskId, int attempt, String base) throws IOException {
        return prepare(taskId, attempt, base, false);
    }

    /**
     * As {@link #prepare(String, int, String)}, but an attempt that {@code continues} the earlier
     * one's conversation finds the work that conversation did: the earlier work is kept under its
     * attempt ref all the same, and the branch is not reset.
     */
    public SessionWorkspace prepare(String taskId, int attempt, String base, boolean continues) throws IOException {
        Path worktree = plan.worktree(taskId);
        String branch = plan.branch(taskId);
        if (Files.isDirectory(worktree.resolve(".git")) || Files.isRegularFile(worktree.resolve(".git"))) {
            resetForAttempt(taskId, attempt, worktree, base, continues);
        } else {
            create(worktree, branch, base);
            WorktreeInclude.copy(plan.repo(), worktree);
        }
        return new SessionWorkspace(plan.repo().toString(), worktree.toString(), branch, base, null, null);
    }

    private void create(Path worktree, String branch, String base) throws IOException {
        // Private as all of the state directory; what git checks out inside keeps the modes it gives.
        PrivateFiles.createDirectories(worktree.getParent());
        Git repo = new Git(plan.repo());
        try (RepoLock lock = RepoLock.acquire(commonDir(repo))) {
            if (repo.run("rev-parse", "--verify", "--quiet", "refs/heads/" + branch)
                    .ok()) {
                // A resume whose worktree was removed: the branch holds the work, check it out again
                // (after git forgets the removed one, which it would otherwise call already registered).
                retryingLocks(repo, "worktree", "prune");
                retryingLocks(repo, "worktree", "add", worktree.toString(), branch);
            } else {
                retryingLocks(repo, "worktree", "add", "--no-track", "-b", branch, worktree.toString(), base);
            }
        }
    }

    private void resetForAttempt(String taskId, int attempt, Path worktree, String base, boolean continues)
            throws IOException {
        Git git = new Git(worktree);
        // What the earlier attempt left uncommitted (its orchestrator died, say) is kept too.
        String kept = commitAll(git, taskId + ": attempt " + (attempt - 1) + " (kept before a new attempt)");
        if (kept != null && !kept.equals(base) && attempt > 1) {
            git.check("update-ref", plan.attemptRef(taskId, attempt - 1), kept);
        }
        if (continues) {
            return;
        }
        git.check("reset", "-q", "--hard", base);
        git.check("clean", "-q", "-fd");
    }

    /**
     * Commits everything in the session's worktree on its branch (hooks skipped), with the task id
     * and the first line of {@code result} as subject and the run as a trailer. Returns the workspace
     * with the branch's commit and its changes against base; commit null when there are none.
     */
    public SessionWorkspace commit(SessionWorkspace ws, String taskId, String result) throws IOException {
        Git git = new Git(Path.of(ws.worktree()));
        String firstLine =
                result == null ? "" : result.strip().lines().findFirst().orElse("");
        String subject = taskId + (firstLine.isEmpty() ? "" : ": " + cut(firstLine, 120));
        String head = commitAll(git, subject);
        if (head == null || head.equals(ws.base())) {
            return ws.committed(null, Changes.NONE);
        }
        return ws.committed(head, changes(git, ws.base(), head));
    }

    /** Commits what is in the work tree, if anything; returns HEAD afterwards (null if unborn). */
    private String commitAll(Git git, String subject) throws IOException {
        git.check("add", "-A");
        if (!git.run("diff", "--cached", "--quiet").ok()) {
            boolean named = git.run("config", "user.name").ok()
                    && git.run("config", "user.email").ok();
            String[] author = named
                    ? new String[0]
                    : new String[] {"-c", "user.name=" + FALLBACK_NAME, "-c", "user.email=" + FALLBACK_EMAIL};
            String[] commit = {"commit", "-q", "--no-verify", "-m", subject, "-m", "Claude-Multi-Run: " + plan.runId()};
            String[] args = new String[author.length + commit.length];
            System.arraycopy(author, 0, args, 0, author.length);
            System.arraycopy(commit, 0, args, author.length, commit.length);
            git.check(args);
        }
        Git.Result head = git.run("rev-parse", "--verify", "--quiet", "HEAD");
        return head.ok() ? head.out().strip() : null;
    }

    private static Changes changes(Git git, String base, String head) throws IOException {
        Matcher m = SHORTSTAT.matcher(git.check("diff", "--shortstat", base, head));
        if (!m.find()) {
            return Changes.NONE;
        }
        return new Changes(
                Integer.parseInt(m.group(1)),
                m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    private static Path commonDir(Git repo) throws IOException {
        Path dir = Path.of(repo.check("rev-parse", "--git-common-dir").strip());
        return repo.dir().resolve(dir).normalize();
    }

    /**
     * Runs a git command that takes the repository's locks, retrying with backoff while another
     * git (not ours: we hold the {@link RepoLock}) holds one.
     */
    private static void retryingLocks(Git git, String... args) throws IOException {
        long delayMs = 50;
        for (int i = 1; ; i++) {
            Git.Result r = git.run(args);
            if (r.ok()) {
                return;
            }
            boolean lockBusy = r.err().contains(".lock") && r.err().contains("File exists");
            if (!lockBusy || i == LOCK_ATTEMPTS) {
                throw new IOException("git "
                        + String.join(" ", Arrays.asList(args).subList(0, Math.min(2, args.length))) + " failed: "
                        + r.firstErrorLine());
            }
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for a git lock", e);
            }
            delayMs *= 2;
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
