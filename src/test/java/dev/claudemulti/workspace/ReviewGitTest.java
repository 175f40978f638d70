package dev.claudemulti.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conflicts, merges, diffs and cleanup against real git repositories, as a run with worktrees leaves them. */
class ReviewGitTest {
    @TempDir
    Path dir;

    GitRepos repos;
    SessionWorkspace a;
    SessionWorkspace b;
    SessionWorkspace c;

    @BeforeEach
    void twoSessionsWriteTheSameFileDifferently() throws IOException {
        repos = new GitRepos(dir);
        a = repos.session("a", "f.txt", "one\nTWO by a\nthree\n");
        b = repos.session("b", "f.txt", "one\n2 by b\nthree\n");
        c = repos.session("c", "g.txt", "new file\n");
    }

    private Map<String, SessionWorkspace> sessions() {
        Map<String, SessionWorkspace> m = new LinkedHashMap<>();
        m.put("a", a);
        m.put("b", b);
        m.put("c", c);
        return m;
    }

    @Test
    void conflictsNameThePairAndItsFilesAndTouchNothing() throws IOException {
        String head = repos.head();
        List<Conflicts.Conflict> found = Conflicts.compute(repos.git, sessions());
        assertThat(found).containsExactly(new Conflicts.Conflict("a", "b", true, List.of("f.txt")));
        assertThat(repos.head()).isEqualTo(head);
        assertThat(repos.status()).isEmpty();
        assertThat(Files.readString(repos.repo.resolve("f.txt"))).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void aSessionConflictsWithTheCurrentBranchWhenTheUserChangedTheSameLines() throws IOException {
        repos.commitOnCurrent("f.txt", "one\nuser's two\nthree\n");
        List<Conflicts.Conflict> found = Conflicts.compute(repos.git, sessions());
        assertThat(found)
                .contains(
                        new Conflicts.Conflict("a", "main", false, List.of("f.txt")),
                        new Conflicts.Conflict("b", "main", false, List.of("f.txt")));
        assertThat(found).noneMatch(x -> x.task().equals("c"));
    }

    @Test
    void sessionsWithoutACommitAreLeftOut() throws IOException {
        SessionWorkspace running = repos.worktree("d");
        Map<String, SessionWorkspace> m = new LinkedHashMap<>(sessions());
        m.put("d", running);
        assertThat(Conflicts.compute(repos.git, m)).hasSize(1);
    }

    @Test
    void mergeStopsAtTheConflictAndLeavesTheRepositoryAsBeforeIt() throws IOException {
        Merger merger = new Merger(repos.git, Merger.Mode.MERGE);
        assertThat(merger.refusal()).isNull();
        Merger.Step first = merger.merge("a", a);
        assertThat(first.merged()).as(first.detail()).isTrue();
        String afterA = repos.head();
        assertThat(Files.readString(repos.repo.resolve("f.txt"))).contains("TWO by a");

        Merger.Step second = merger.merge("b", b);
        assertThat(second.merged()).isFalse();
        assertThat(second.conflicts()).containsExactly("f.txt");
        assertThat(second.detail()).contains("main");
        assertThat(repos.head()).isEqualTo(afterA);
        assertThat(repos.status()).isEmpty();
        assertThat(repos.mergeInProgress()).isFalse();
        assertThat(Files.readString(repos.repo.resolve("f.txt"))).doesNotContain("<<<<<<<");
        // a's branch is now an ancestor of main: merged, as clean and git branch --merged see it.
        assertThat(repos.git
                        .run("merge-base", "--is-ancestor", a.branch(), "HEAD")
                        .ok())
                .isTrue();
        assertThat(merger.merge("a", a).detail()).startsWith("already in main");
    }

    @Test
    void squashAndRebaseLandTheChangesWithoutAMergeCommit() throws IOException {
        Merger.Step squashed = new Merger(repos.git, Merger.Mode.SQUASH).merge("c", c);
        assertThat(squashed.merged()).as(squashed.detail()).isTrue();
        assertThat(repos.git.check("log", "-1", "--format=%B")).contains("c: wrote g.txt");
        assertThat(repos.git.check("rev-list", "--count", "--merges", "HEAD").strip())
                .isEqualTo("0");

        Merger.Step rebased = new Merger(repos.git, Merger.Mode.REBASE).merge("a", a);
        assertThat(rebased.merged()).as(rebased.detail()).isTrue();
        assertThat(repos.git.check("rev-list", "--count", "--merges", "HEAD").strip())
                .isEqualTo("0");
        assertThat(Files.readString(repos.repo.resolve("f.txt"))).contains("TWO by a");
        assertThat(repos.status()).isEmpty();
    }

    @Test
    void aDirtyTreeADetachedHeadAndASessionWithoutACommitAreRefused() throws IOException {
        Merger merger = new Merger(repos.git, Merger.Mode.MERGE);
        assertThat(Merger.refusal("d", repos.worktree("d")))
                .contains("has no commit")
                .doesNotContain("\n");
        assertThat(Merger.refusal("e", null)).contains("isolation none");
        assertThat(Merger.refusal("a", a)).isNull();

        Files.writeString(repos.repo.resolve("f.txt"), "edited by the user\n");
        assertThat(merger.refusal()).contains("uncommitted changes").doesNotContain("\n");
        repos.git.check("checkout", "-q", "--", "f.txt");
        assertThat(merger.refusal()).isNull();

        repos.git.check("checkout", "-q", "--detach", "HEAD");
        assertThat(merger.refusal()).contains("detached").doesNotContain("\n");
    }

    @Test
    void theDiffIsStreamedFromGitPlainWhenNotOnATerminal() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(new DiffStream(a).copyTo(out, false, false)).isZero();
        String patch = out.toString(StandardCharsets.UTF_8);
        assertThat(patch).contains("+TWO by a").contains("-two").doesNotContain("\u001b[");

        out.reset();
        new DiffStream(a).copyTo(out, false, true);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\u001b[");

        out.reset();
        new DiffStream(c).copyTo(out, true, false);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("g.txt").contains("1 file changed");
    }

    @Test
    void aRunningSessionsDiffIsItsWorktreeAgainstTheBase() throws IOException {
        SessionWorkspace running = repos.worktree("d");
        Files.writeString(Path.of(running.worktree(), "f.txt"), "being edited\n");
        DiffStream diff = new DiffStream(running);
        assertThat(diff.available()).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        diff.copyTo(out, false, false);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("+being edited");
        assertThat(new DiffStream(running.committed(null, Changes.NONE)).available())
                .isFalse();
    }

    @Test
    void cleanRemovesWorktreesDeletesMergedBranchesAndKeepsUnmergedOnes() throws IOException {
        new Merger(repos.git, Merger.Mode.MERGE).merge("a", a);
        repos.git.check("branch", "feature/mine");
        repos.git.check("branch", "claude-multi/20261130-000000-zzzz/a"); // another run's: not this clean's
        BranchCleanup.Outcome o = new BranchCleanup(false, false).clean(GitRepos.RUN, sessions());
        assertThat(o.removedWorktrees()).containsExactly(a.worktree(), b.worktree(), c.worktree());
        assertThat(o.deletedBranches()).containsExactly(a.branch());
        assertThat(o.keptBranches()).containsExactly(b.branch(), c.branch());
        assertThat(o.worktreesGone()).isTrue();
        assertThat(Path.of(a.worktree())).doesNotExist();
        assertThat(repos.branchExists(a.branch())).isFalse();
        assertThat(repos.branchExists(b.branch())).isTrue();
        assertThat(repos.branchExists("feature/mine")).isTrue();
        assertThat(repos.branchExists("claude-multi/20261130-000000-zzzz/a")).isTrue();
        assertThat(repos.git.check("worktree", "list")).doesNotContain(a.worktree());

        BranchCleanup.Outcome all = new BranchCleanup(true, false).clean(GitRepos.RUN, sessions());
        assertThat(all.deletedBranches()).containsExactly(b.branch(), c.branch());
        assertThat(repos.branchExists("feature/mine")).isTrue();
    }

    @Test
    void anEarlierAttemptsRefGoesByTheSameRuleAsItsBranch() throws IOException {
        String attemptA = "refs/" + a.branch() + "/attempt-1";
        String attemptB = "refs/" + b.branch() + "/attempt-1";
        repos.git.check("update-ref", attemptA, repos.base); // merged: the base is in main
        repos.git.check("update-ref", attemptB, b.commit());
        BranchCleanup.Outcome o = new BranchCleanup(false, false).clean(GitRepos.RUN, sessions());
        assertThat(o.deletedBranches()).contains(attemptA);
        assertThat(o.keptBranches()).contains(attemptB);
        assertThat(repos.git.run("rev-parse", "--verify", "--quiet", attemptB).ok())
                .isTrue();

        BranchCleanup.Outcome orphans =
                new BranchCleanup(true, false).cleanOrphans(repos.git, "claude-multi/", Set.of());
        assertThat(orphans.deletedBranches()).contains(attemptB, b.branch(), c.branch());
        assertThat(repos.git.run("rev-parse", "--verify", "--quiet", attemptB).ok())
                .isFalse();
    }

    @Test
    void aWorktreeWithUncommittedChangesIsKeptWithItsBranch() throws IOException {
        Files.writeString(Path.of(b.worktree(), "untracked.txt"), "work not committed\n");
        BranchCleanup.Outcome o = new BranchCleanup(true, false).clean(GitRepos.RUN, sessions());
        assertThat(o.keptWorktrees()).containsOnlyKeys(b.worktree());
        assertThat(o.worktreesGone()).isFalse();
        assertThat(Path.of(b.worktree(), "untracked.txt")).exists();
        assertThat(repos.branchExists(b.branch())).isTrue();
    }

    @Test
    void aBranchThatIsNotTheRunsTasksIsNeverTouched() throws IOException {
        SessionWorkspace foreign = new SessionWorkspace(
                a.repo(), dir.resolve("nowhere").toString(), "feature/mine", repos.base, repos.base, Changes.NONE);
        repos.git.check("branch", "feature/mine");
        new BranchCleanup(true, false).clean(GitRepos.RUN, Map.of("a", foreign));
        assertThat(repos.branchExists("feature/mine")).isTrue();
    }

    @Test
    void orphanBranchesOfRemovedRunsGoOnlyUnderThePrefix() throws IOException {
        repos.git.check("branch", "claude-multi/20261130-000000-zzzz/x"); // a removed run's, merged (at base)
        repos.git.check("branch", "claude-multi/notarun/x");
        repos.git.check("branch", "claude-multi-other/20261130-000000-zzzz/x");
        BranchCleanup.Outcome o =
                new BranchCleanup(false, false).cleanOrphans(repos.git, "claude-multi/", Set.of(GitRepos.RUN));
        assertThat(o.deletedBranches()).containsExactly("claude-multi/20261130-000000-zzzz/x");
        assertThat(repos.branchExists("claude-multi/notarun/x")).isTrue();
        assertThat(repos.branchExists("claude-multi-other/20261130-000000-zzzz/x"))
                .isTrue();
        assertThat(repos.branchExists(a.branch())).isTrue(); // its run is known
    }
}
