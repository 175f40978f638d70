package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.tui.ReviewActions;
import dev.claudemulti.workspace.Changes;
import dev.claudemulti.workspace.GitRepos;
import dev.claudemulti.workspace.SessionWorkspace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * merge, conflicts and diff on a run whose sessions have worktrees (the sessions given as the
 * recorded run yields them), and the commands on a run without worktrees, through the CLI.
 */
class ReviewCommandsTest {
    @TempDir
    Path dir;

    GitRepos repos;
    List<SessionView> sessions;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Two sessions write f.txt differently, a third writes a file of its own, a fourth changed nothing. */
    @BeforeEach
    void aRunWithWorktrees() throws IOException {
        repos = new GitRepos(dir);
        sessions = List.of(
                ended("a", repos.session("a", "f.txt", "one\nTWO by a\nthree\n")),
                ended("b", repos.session("b", "f.txt", "one\n2 by b\nthree\n")),
                ended("c", repos.session("c", "g.txt", "c's file\n")),
                ended("d", repos.worktree("d").committed(null, Changes.NONE)));
    }

    private static SessionView ended(String task, SessionWorkspace ws) {
        return SessionView.queued(task, 1, "m")
                .withState(SessionState.COMPLETED, null)
                .withWorkspace(ws);
    }

    private CliContext ctx(boolean terminal) {
        return new CliContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]),
                Map.of(),
                repos.repo,
                terminal);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void conflictsShowsThePairAndItsFiles() throws IOException {
        int code = new ConflictsCommand(ctx(false)).show(GitRepos.RUN, sessions);
        assertThat(code).isEqualTo(ExitCodes.NOT_ALL_COMPLETED);
        assertThat(out())
                .containsPattern("(?m)^TASK +CONFLICTS WITH +FILES$")
                .containsPattern("(?m)^a +task b +f\\.txt$")
                .contains(Hints.diff("a", GitRepos.RUN));
        assertThat(out()).doesNotContain("branch main");
        assertThat(repos.status()).isEmpty();
    }

    @Test
    void mergeAllMergesTheFirstAndStopsAtTheSecondLeavingGitStatusClean() throws IOException {
        MergeCommand merge = new MergeCommand(ctx(false));
        merge.all = true;
        int code = merge.merge(GitRepos.RUN, sessions);
        assertThat(code).isEqualTo(ExitCodes.NOT_ALL_COMPLETED);
        assertThat(out()).contains("a  merged as ").doesNotContain("b  merged").doesNotContain("c  merged");
        assertThat(err()).contains("task 'b'").contains("f.txt").contains("merged before it: a");
        assertThat(repos.status()).isEmpty();
        assertThat(repos.mergeInProgress()).isFalse();
        assertThat(Files.readString(repos.repo.resolve("f.txt")))
                .contains("TWO by a")
                .doesNotContain("<<<<<<<");
    }

    @Test
    void namedSessionsMergeInTheOrderGiven() throws IOException {
        MergeCommand merge = new MergeCommand(ctx(false));
        merge.taskIds = List.of("c", "b");
        merge.squash = true;
        assertThat(merge.merge(GitRepos.RUN, sessions)).isZero();
        assertThat(out().lines().toList()).hasSize(2).first().asString().startsWith("c  squashed as ");
        assertThat(Files.readString(repos.repo.resolve("f.txt"))).contains("2 by b");
    }

    @Test
    void refusalsExit2WithOneLineAndMergeNothing() throws IOException {
        String head = repos.head();
        MergeCommand noCommit = new MergeCommand(ctx(false));
        noCommit.taskIds = List.of("a", "d");
        assertRefused(noCommit, "has no commit");

        Files.writeString(repos.repo.resolve("f.txt"), "dirty\n");
        MergeCommand dirty = new MergeCommand(ctx(false));
        dirty.all = true;
        assertRefused(dirty, "uncommitted changes");
        repos.git.check("checkout", "-q", "--", "f.txt");

        repos.git.check("checkout", "-q", "--detach");
        MergeCommand detached = new MergeCommand(ctx(false));
        detached.all = true;
        assertRefused(detached, "detached");
        assertThat(repos.head()).isEqualTo(head);
    }

    private void assertRefused(MergeCommand merge, String why) {
        assertThatThrownBy(() -> merge.merge(GitRepos.RUN, sessions)).isInstanceOfSatisfying(UserException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(e.getMessage()).contains(why).contains("nothing merged").doesNotContain("\n");
        });
    }

    @Test
    void diffStreamsThePatchColoredOnlyOnATerminal() throws IOException {
        DiffCommand plain = new DiffCommand(ctx(false));
        plain.taskId = "a";
        assertThat(plain.print(sessions.get(0))).isZero();
        assertThat(out()).contains("+TWO by a").doesNotContain("\u001b[");

        out.reset();
        DiffCommand colored = new DiffCommand(ctx(true));
        colored.taskId = "a";
        colored.stat = true;
        colored.print(sessions.get(0));
        assertThat(out()).contains("f.txt").contains("\u001b[");

        out.reset();
        DiffCommand nothing = new DiffCommand(ctx(false));
        nothing.taskId = "d";
        assertThat(nothing.print(sessions.get(3))).isZero();
        assertThat(out()).contains("changed nothing");
    }

    @Test
    void theDashboardsReviewActionsMergeAndMarkBothSidesOfAConflict() throws IOException {
        ReviewActions review = new GitReviewActions();
        RunSnapshot snapshot = new RunSnapshot(GitRepos.RUN, repos.repo, "m", 2, false, Instant.now(), null, sessions);
        assertThat(review.conflicts(snapshot)).containsExactly(Map.entry("a", "b"), Map.entry("b", "a"));

        assertThat(review.merge(sessions.get(0)).merged()).isTrue();
        ReviewActions.MergeResult second = review.merge(sessions.get(1));
        assertThat(second.merged()).isFalse();
        assertThat(second.message()).contains("f.txt");
        assertThat(repos.status()).isEmpty();
        assertThat(repos.mergeInProgress()).isFalse();
        assertThat(review.merge(sessions.get(3)).message()).contains("has no commit");
        // Now that a is in main, b conflicts with main as well as with a.
        assertThat(review.conflicts(snapshot)).containsEntry("b", "main, a");
    }

    @Test
    void aRunWithoutWorktreesIsRefusedWithOneLine() throws IOException {
        CliHarness cli = new CliHarness(Files.createDirectories(dir.resolve("plain")));
        String run = cli.batch("[{\"id\":\"a\",\"prompt\":\"hello\"}]");
        for (String[] args : List.of(
                new String[] {"diff", "a"},
                new String[] {"merge", "--all"},
                new String[] {"merge", "a", "--run", run},
                new String[] {"conflicts"})) {
            CliHarness.Result r = cli.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err().strip())
                    .as(String.join(" ", args))
                    .contains("isolation none")
                    .doesNotContain("\n");
        }
        assertThat(cli.run("merge").err()).contains("name the tasks to merge, or give --all");
        assertThat(cli.run("merge", "a", "--squash", "--rebase").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("merge", "nosuch").err()).contains("no task 'nosuch'");
    }

    @Test
    void theReviewHintsAreCommandLinesTheCliAccepts() throws IOException {
        CliHarness cli = new CliHarness(Files.createDirectories(dir.resolve("hints")));
        for (String hint :
                List.of(Hints.conflicts(GitRepos.RUN), Hints.diff("a", GitRepos.RUN), Hints.CLEAN_BRANCHES)) {
            String[] words = hint.split(" ");
            cli.parse(java.util.Arrays.copyOfRange(words, 1, words.length)); // a usage error throws
        }
    }

    @Test
    void cleanBranchesDeletesTheBranchesOfRemovedRunsAndNothingOutsideThePrefix() throws IOException {
        repos.git.check("branch", "claude-multi/20261130-000000-zzzz/x");
        repos.git.check("branch", "feature/mine");
        repos.git.check("branch", "claude-multi-other/20261130-000000-zzzz/x");
        Path state = dir.resolve("empty-state");
        Map<String, String> env =
                Map.of("CLAUDE_SESSIONS_DIR", state.toString(), "PATH", System.getenv("PATH"), "HOME", dir.toString());
        CliContext inRepo = new CliContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]),
                env,
                repos.repo,
                false);

        assertThat(Cli.execute(inRepo, "clean")).isZero();
        assertThat(repos.branchExists("claude-multi/20261130-000000-zzzz/x"))
                .as("only with --branches")
                .isTrue();

        assertThat(Cli.execute(inRepo, "clean", "--branches")).as(err()).isZero();
        assertThat(out()).contains("deleted branch claude-multi/20261130-000000-zzzz/x");
        assertThat(repos.branchExists("claude-multi/20261130-000000-zzzz/x")).isFalse();
        assertThat(repos.branchExists("feature/mine")).isTrue();
        assertThat(repos.branchExists("claude-multi-other/20261130-000000-zzzz/x"))
                .isTrue();
        assertThat(repos.branchExists("main")).isTrue();
    }
}
