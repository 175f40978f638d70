package dev.claudemulti.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Worktrees of a real repository: made, committed, reset for a new attempt, and made many at once. */
class WorktreesTest {
    @TempDir
    Path tmp;

    Path repo;
    Git git;
    String base;

    @BeforeEach
    void setUp() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        git = new Git(repo);
        git.check("init", "-q", "-b", "main");
        git.check("config", "user.name", "Test User");
        git.check("config", "user.email", "test@example.com");
        Files.writeString(repo.resolve("README.md"), "hello\n");
        git.check("add", "-A");
        git.check("commit", "-q", "-m", "initial");
        base = git.check("rev-parse", "HEAD").strip();
    }

    private Worktrees worktrees() {
        return new Worktrees(
                new WorkspacePlan(repo, base, "claude-multi/", tmp.resolve("state/runs/r1/worktrees"), "r1"));
    }

    @Test
    void aSessionsWorkIsCommittedOnItsBranchAndANewAttemptStartsFromTheBaseKeepingTheOld() throws IOException {
        Worktrees worktrees = worktrees();
        SessionWorkspace ws = worktrees.prepare("t", 1, base);
        assertThat(ws.branch()).isEqualTo("claude-multi/r1/t");
        Files.writeString(Path.of(ws.worktree()).resolve("a.txt"), "one\ntwo\n");
        Files.writeString(Path.of(ws.worktree()).resolve("README.md"), "changed\n");

        SessionWorkspace done = worktrees.commit(ws, "t", "Added a.txt\nand more");
        assertThat(done.commit())
                .isEqualTo(git.check("rev-parse", "claude-multi/r1/t").strip());
        assertThat(done.changes()).isEqualTo(new Changes(2, 3, 1));
        assertThat(git.check("log", "-1", "--format=%an <%ae>%n%B", done.commit()))
                .startsWith("Test User <test@example.com>\nt: Added a.txt\n\nClaude-Multi-Run: r1");

        SessionWorkspace again = worktrees.prepare("t", 2, base);
        assertThat(again.worktree()).isEqualTo(ws.worktree());
        assertThat(new Git(Path.of(again.worktree())).check("rev-parse", "HEAD").strip())
                .isEqualTo(base);
        assertThat(git.check("rev-parse", "refs/claude-multi/r1/t/attempt-1").strip())
                .isEqualTo(done.commit());
        assertThat(Path.of(again.worktree()).resolve("a.txt")).doesNotExist();

        SessionWorkspace nothing = worktrees.commit(again, "t", null);
        assertThat(nothing.commit()).isNull();
        assertThat(nothing.changes()).isEqualTo(Changes.NONE);
        assertThat(git.check("status", "--porcelain")).isEmpty();
    }

    @Test
    void withoutAGitIdentityTheAuthorIsClaudeMulti() throws IOException {
        git.check("config", "--unset", "user.name");
        git.check("config", "--unset", "user.email");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Worktrees worktrees = worktrees();
        SessionWorkspace ws = worktrees.prepare("anon", 1, base);
        Files.writeString(Path.of(ws.worktree()).resolve("b.txt"), "x\n");
        // A global identity of the machine running the test would win; only assert when there is none.
        if (!new Git(home).run("config", "user.email").ok()) {
            SessionWorkspace done = worktrees.commit(ws, "anon", "ok");
            assertThat(git.check("log", "-1", "--format=%an <%ae>", done.commit())
                            .strip())
                    .isEqualTo("claude-multi <claude-multi@localhost>");
        }
    }

    @Test
    void twentyWorktreesMadeAtOnceAreAllMade() throws Exception {
        Worktrees worktrees = worktrees();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<SessionWorkspace>> made = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = "t" + i;
                made.add(pool.submit(() -> worktrees.prepare(id, 1, base)));
            }
            for (Future<SessionWorkspace> f : made) {
                assertThat(Path.of(f.get().worktree()).resolve("README.md")).exists();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(git.check("worktree", "list").lines()).hasSize(21);
        assertThat(git.check("branch", "--list", "claude-multi/*").lines()).hasSize(20);
    }
}
