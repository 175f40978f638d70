package dev.claudemulti.tui;

import dev.claudemulti.workspace.Changes;
import dev.claudemulti.workspace.Git;
import dev.claudemulti.workspace.SessionWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real git repository in a directory, with a base commit on main and one branch per session
 * holding that session's commit: what the dashboard's CHANGES column and diff view read.
 */
final class GitFixture {
    private static final Pattern SHORTSTAT =
            Pattern.compile("(\\d+) files? changed(?:, (\\d+) insertions?\\(\\+\\))?(?:, (\\d+) deletions?\\(-\\))?");

    final Path repo;
    final Git git;
    final String base;

    private GitFixture(Path repo, Git git, String base) {
        this.repo = repo;
        this.git = git;
        this.base = base;
    }

    /** A repository in {@code dir} whose main branch has one commit with {@code files}. */
    static GitFixture create(Path dir, Map<String, String> files) throws IOException {
        Git git = new Git(dir);
        git.check("init", "-q", "-b", "main");
        git.check("config", "user.email", "test@example.com");
        git.check("config", "user.name", "Test");
        git.check("config", "commit.gpgsign", "false");
        write(dir, files);
        git.check("add", "-A");
        git.check("commit", "-q", "-m", "base");
        return new GitFixture(dir, git, git.check("rev-parse", "HEAD").strip());
    }

    /** Commits {@code files} on a new branch from the base, as a session would, and returns its workspace. */
    SessionWorkspace session(String branch, Map<String, String> files) throws IOException {
        git.check("switch", "-q", "-c", branch, base);
        write(repo, files);
        git.check("add", "-A");
        git.check("commit", "-q", "-m", branch);
        String commit = git.check("rev-parse", "HEAD").strip();
        git.check("switch", "-q", "main");
        return new SessionWorkspace(repo.toString(), repo.toString(), branch, base, commit, changes(commit));
    }

    private Changes changes(String commit) throws IOException {
        Matcher m = SHORTSTAT.matcher(git.check("diff", "--shortstat", base, commit));
        if (!m.find()) {
            return Changes.NONE;
        }
        return new Changes(
                Integer.parseInt(m.group(1)),
                m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    private static void write(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
    }
}
