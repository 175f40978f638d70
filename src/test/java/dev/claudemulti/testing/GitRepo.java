package dev.claudemulti.testing;

import dev.claudemulti.workspace.Git;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real git repository made by a test, with an identity set, one commit, and helpers to ask it things. */
public final class GitRepo {
    public final Path dir;
    private final Git git;

    private GitRepo(Path dir) {
        this.dir = dir;
        this.git = new Git(dir);
    }

    /** {@code dir} (created) as a repository on branch main with README.md committed. */
    public static GitRepo init(Path dir) {
        try {
            Files.createDirectories(dir);
            GitRepo repo = new GitRepo(dir);
            repo.git("init", "-q", "-b", "main");
            repo.git("config", "user.name", "Test User");
            repo.git("config", "user.email", "test@example.com");
            Files.writeString(dir.resolve("README.md"), "hello\n");
            repo.git("add", "README.md");
            repo.git("commit", "-q", "-m", "initial");
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code git args...} printed, stripped; fails the test when git fails. */
    public String git(String... args) {
        try {
            return git.check(args).strip();
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    public String head() {
        return git("rev-parse", "HEAD");
    }

    /** The files {@code commit} changed against {@code base}, one per line. */
    public String changedFiles(String base, String branch) {
        return git("diff", "--name-only", base, branch);
    }
}
