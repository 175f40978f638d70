package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.workspace.Changes;
import dev.claudemulti.workspace.SessionWorkspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard of a run whose sessions have worktrees (issue 10): the CHANGES column and its
 * conflict marks, the diff view read from a real repository, and merging through a scripted
 * {@link ReviewActions}.
 */
class DashboardWorkspaceTest {
    @TempDir
    Path dir;

    /** Merges and conflicts as a test scripts them, remembering what was asked and on which thread. */
    static final class ScriptedReview implements ReviewActions {
        final List<String> merged = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile MergeResult answer = new MergeResult(true, "fast-forward");
        volatile Map<String, String> conflicts = Map.of();

        @Override
        public MergeResult merge(SessionView session) {
            threads.add(Thread.currentThread().getName());
            merged.add(session.taskId());
            return answer;
        }

        @Override
        public Map<String, String> conflicts(RunSnapshot snapshot) {
            threads.add(Thread.currentThread().getName());
            return conflicts;
        }
    }

    private static SessionWorkspace workspace(String branch, String commit, Changes changes) {
        return new SessionWorkspace(
                "/home/dev/shop",
                "/state/runs/r1/worktrees/" + branch,
                "claude-multi/r1/" + branch,
                "9e1d0c33aa77",
                commit,
                changes);
    }

    /** Three sessions with worktrees: one with changes, one that changed nothing, one still running. */
    private static List<SessionView> isolated(SessionWorkspace withChanges) {
        List<SessionView> out = new ArrayList<>();
        out.add(DemoRun.view("fix-types", 1, SessionState.COMPLETED, null, 0, 142, 48_230, 14, 0.42, "Edit", "done")
                .withWorkspace(withChanges));
        out.add(DemoRun.view(
                        "changelog", 1, SessionState.COMPLETED, null, 0, 100, 6_150, 3, 0.06, "Write", "nothing to do")
                .withWorkspace(workspace("changelog", null, Changes.NONE)));
        out.add(DemoRun.view("api-docs", 1, SessionState.RUNNING, null, 12, null, 8_712, 4, null, "Read", null)
                .withWorkspace(workspace("api-docs", null, null)));
        return out;
    }

    private static ScriptedEngine engine(List<SessionView> sessions) {
        return new ScriptedEngine(
                new RunSnapshot("r1", Path.of("/home/dev/shop"), "sonnet", 3, false, DemoRun.T0, null, sessions));
    }

    private static Harness harness(ScriptedEngine e, ReviewActions review) throws IOException {
        return new Harness(
                e, 120, 24, new DashboardOptions(false, "claude-multi", null, review), TailSourceFactory.none());
    }

    /** Syncs with the GUI thread until the screen satisfies {@code done}: work done off it lands a frame later. */
    private static void await(Harness h, Predicate<String> done) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.test(h.text())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the screen never got there:\n" + h.text());
            }
            Thread.sleep(20);
            h.sync();
        }
    }

    @Test
    void withoutWorktreesThereIsNoChangesColumnAndNoDiffOrMergeHint() throws Exception {
        try (Harness h = new Harness(new ScriptedEngine(DemoRun.snapshot()), 120, 20)) {
            assertThat(h.line(1)).doesNotContain("CHANGES");
            assertThat(h.line(-1)).doesNotContain("diff").doesNotContain("merge");
            h.press("d");
            assertThat(h.text()).contains("fix-types has no worktree of its own (isolation none): no diff");
            h.press("m");
            assertThat(h.text()).contains("no merge");
        }
    }

    @Test
    void theChangesColumnCountsEndedSessionsAndMarksConflicts() throws Exception {
        ScriptedReview review = new ScriptedReview();
        review.conflicts = Map.of("fix-types", "main");
        try (Harness h =
                harness(engine(isolated(workspace("fix-types", "3f2a9c01b2c4", new Changes(5, 120, 8)))), review)) {
            assertThat(h.line(1)).contains("CHANGES");
            await(h, t -> t.contains("✗ main"));
            String row = h.lineWith("fix-types");
            assertThat(row).contains("+120 −8 · 5 files ✗ main");
            assertThat(h.lineWith("changelog")).contains("no changes");
            assertThat(h.lineWith("api-docs")).doesNotContain("changes").doesNotContain("+");
            int x = row.indexOf("✗ main");
            assertThat(h.cellAt(x, 2).getForegroundColor()).isEqualTo(TextColor.ANSI.RED_BRIGHT);
            assertThat(h.line(-1)).contains("d diff").contains("m merge");
            assertThat(review.threads).isNotEmpty().doesNotContain("gui");
        }
    }

    @Test
    void theDiffViewShowsTheFilesAndColouredHunksScrollsAndGoesBack() throws Exception {
        GitFixture git = GitFixture.create(dir, Map.of("src/app.txt", "one\ntwo\nthree\n", "README", "hello\n"));
        String longFile =
                IntStream.rangeClosed(1, 200).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n"));
        SessionWorkspace ws = git.session(
                "claude-multi/r1/fix-types", Map.of("src/app.txt", "one\n2\nthree\n", "src/long.txt", longFile));
        try (Harness h = harness(engine(isolated(ws)), new ScriptedReview())) {
            h.press("d");
            await(h, t -> t.contains("lines 1-") && !t.contains("…"));
            assertThat(h.line(0)).contains("diff");
            assertThat(h.line(1))
                    .contains("fix-types")
                    .contains("claude-multi/r1/fix-types")
                    .contains(ws.base().substring(0, 10) + ".." + ws.commit().substring(0, 10));
            assertThat(h.line(2)).contains("src/app.txt").contains("|");
            assertThat(h.text()).contains("src/long.txt").contains("2 files changed");
            int hunk = h.lines().indexOf(h.lineWith("@@ -1,3 +1,3 @@"));
            assertThat(h.cellAt(0, hunk).getForegroundColor()).isEqualTo(TextColor.ANSI.CYAN);
            int removed = h.lines().indexOf("-two");
            int added = h.lines().indexOf("+2");
            assertThat(removed).isPositive();
            assertThat(h.cellAt(0, removed).getForegroundColor()).isEqualTo(TextColor.ANSI.RED);
            assertThat(h.cellAt(0, added).getForegroundColor()).isEqualTo(TextColor.ANSI.GREEN);
            assertThat(h.line(-1)).contains("Esc back").contains("scroll");

            String total = h.line(1).replaceAll(".* of (\\d+)$", "$1");
            h.press("G");
            assertThat(h.text()).contains("+line 200").doesNotContain("src/app.txt |");
            assertThat(h.line(1)).endsWith("of " + total);
            h.press("g");
            assertThat(h.line(2)).contains("src/app.txt");
            h.press("j");
            assertThat(h.line(1)).contains("lines 2-");
            h.press(KeyType.PageDown);
            assertThat(h.line(1)).doesNotContain("lines 2-");
            h.press(KeyType.PageUp).press("k");
            assertThat(h.line(1)).contains("lines 1-");

            h.press(KeyType.Escape);
            assertThat(h.line(1)).contains("CHANGES");
            assertThat(h.lineWith("fix-types")).contains("+201 −1 · 2 files");
        }
    }

    @Test
    void aSessionWithoutACommitHasNoDiffButOneLineSayingWhy() throws Exception {
        try (Harness h = harness(
                engine(isolated(workspace("fix-types", "3f2a9c01b2c4", new Changes(1, 1, 0)))), new ScriptedReview())) {
            h.press("j").press("d");
            assertThat(h.text()).contains("changelog made no changes: no diff");
            assertThat(h.line(1)).contains("CHANGES");
            h.press("j").press("d");
            assertThat(h.text()).contains("api-docs is still running; its work is committed when it ends");
        }
    }

    @Test
    void mergeAsksFirstRunsOffTheGuiThreadAndSaysHowItWent() throws Exception {
        ScriptedReview review = new ScriptedReview();
        try (Harness h =
                harness(engine(isolated(workspace("fix-types", "3f2a9c01b2c4", new Changes(5, 120, 8)))), review)) {
            h.press("m");
            assertThat(h.line(-1)).contains("merge fix-types (claude-multi/r1/fix-types) into the current branch? y/n");
            h.press("n");
            assertThat(h.text()).contains("cancelled");
            assertThat(review.merged).isEmpty();

            h.press("m").press("y");
            await(h, t -> t.contains("merged fix-types: fast-forward"));
            assertThat(review.merged).containsExactly("fix-types");

            review.answer = new ReviewActions.MergeResult(false, "conflicts in src/app.txt, src/b.txt");
            h.press("m").press("y");
            await(h, t -> t.contains("fix-types not merged, nothing changed: conflicts in src/app.txt, src/b.txt"));
            assertThat(review.threads).doesNotContain("gui");

            h.press("j").press("m");
            assertThat(h.text()).contains("changelog made no changes: no merge");
            assertThat(review.merged).hasSize(2);
        }
    }

    @Test
    void helpExplainsDiffAndMergeOnlyWhenSessionsHaveWorktrees() throws Exception {
        try (Harness h = harness(
                engine(isolated(workspace("fix-types", "3f2a9c01b2c4", new Changes(5, 120, 8)))),
                new ScriptedReview())) {
            h.press("?");
            assertThat(h.text())
                    .contains("the session's diff against its base")
                    .contains("s K S r m q ask y/n first")
                    .contains("in the diff view: scroll, back");
        }
        try (Harness h = new Harness(new ScriptedEngine(DemoRun.snapshot()), 120, 30)) {
            h.press("?");
            assertThat(h.text()).doesNotContain("diff against").contains("s K S r q ask y/n first");
        }
    }
}
