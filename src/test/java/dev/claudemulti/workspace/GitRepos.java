package dev.claudemulti.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real git repositories for the review tests, with sessions' worktrees and branches made as the
 * isolation code makes them ({@code git worktree add --no-track -b claude-multi/<run>/<task>}, one
 * commit on top of the base), so merge, conflicts, diff and clean meet what a run leaves.
 */
public final class GitRepos {
    public static final String RUN = "20261201-010000-abcd";

    public final Path repo;
    public final Git git;
    public final String base;
    private final Path worktrees;

    /** A repository at {@code dir/project} on branch main with one commit holding {@code f.txt}. */
    public GitRepos(Path dir) throws IOException {
        this.repo = Files.createDirectories(dir.resolve("project"));
        this.worktrees = dir.resolve("state/runs/" + RUN + "/worktrees");
        this.git = new Git(repo);
        git.check("init", "-q", "-b", "main");
        git.check("config", "user.name", "Test");
        git.check("config", "user.email", "test@example.com");
        Files.writeString(repo.resolve("f.txt"), "one\ntwo\nthree\n");
        git.check("add", "-A");
        git.check("commit", "-q", "-m", "base");
        this.base = git.check("rev-parse", "HEAD").strip();
    }

    /** A session's worktree and branch from the base, with {@code file} written as {@code content} and committed. */
    public SessionWorkspace session(String task, String file, String content) throws IOException {
        SessionWorkspace ws = worktree(task);
        Path wt = Path.of(ws.worktree());
        Files.writeString(wt.resolve(file), content);
        Git g = new Git(wt);
        g.check("add", "-A");
        g.check("commit", "-q", "--no-verify", "-m", task + ": wrote " + file, "-m", "Claude-Multi-Run: " + RUN);
        String sha = g.check("rev-parse", "HEAD").strip();
        return ws.committed(sha, new Changes(1, 1, 0));
    }

    /** A session's worktree and branch from the base, with nothing committed yet. */
    public SessionWorkspace worktree(String task) throws IOException {
        Path wt = worktrees.resolve(task);
        String branch = "claude-multi/" + RUN + "/" + task;
        git.check("worktree", "add", "-q", "--no-track", "-b", branch, wt.toString(), base);
        return new SessionWorkspace(repo.toString(), wt.toString(), branch, base, null, null);
    }

    /** A commit on the current branch writing {@code file}. */
    public String commitOnCurrent(String file, String content) throws IOException {
        Files.writeString(repo.resolve(file), content);
        git.check("add", "-A");
        git.check("commit", "-q", "-m", "user: " + file);
        return git.check("rev-parse", "HEAD").strip();
    }

    public String head() throws IOException {
        return git.check("rev-parse", "HEAD").strip();
    }

    public String status() throws IOException {
        return git.check("status", "--porcelain");
    }

    public boolean mergeInProgress() throws IOException {
        return git.run("rev-parse", "--quiet", "--verify", "MERGE_HEAD").ok()
                || Files.exists(repo.resolve(".git/MERGE_HEAD"));
    }

    public boolean branchExists(String branch) throws IOException {
        return git.run("rev-parse", "--verify", "--quiet", "refs/heads/" + branch)
                .ok();
    }
}
