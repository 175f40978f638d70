package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.workspace.Git;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review commands on a run recorded with worktrees, end to end: a fake agent writes the file
 * its prompt names ("write NAME TEXT") in a real git repository; two sessions write the same file
 * differently. Skipped where runs do not record worktrees (a build without the isolation code).
 */
class ReviewEndToEndTest {
    private static final String AGENT = """
            #!/bin/sh
            prompt=$(cat)
            case "$prompt" in
              write*) set -- $prompt; echo "$3" > "$2" ;;
            esac
            echo '{"type":"system","subtype":"init","session_id":"s1","model":"m"}'
            echo '{"type":"result","subtype":"success","is_error":false,"result":"did it","total_cost_usd":0.01,"num_turns":1,"duration_ms":5,"usage":{"input_tokens":1,"output_tokens":1}}'
            """;

    @TempDir
    Path tmp;

    @Test
    void conflictsShowThePairMergeStopsAtItCleanKeepsTheUnmerged() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        cli.fakeClaude(AGENT);
        Path project = Files.createDirectories(tmp.resolve("project"));
        Git git = new Git(project);
        git.check("init", "-q", "-b", "main");
        git.check("config", "user.name", "Test User");
        git.check("config", "user.email", "test@example.com");
        Files.writeString(project.resolve("f.txt"), "base\n");
        git.check("add", "-A");
        git.check("commit", "-q", "-m", "initial");
        Path tasks = Files.writeString(tmp.resolve("tasks.json"), """
                [{"id": "a", "prompt": "write f.txt alpha"}, {"id": "b", "prompt": "write f.txt beta"},
                 {"id": "c", "prompt": "write g.txt gamma"}]""");
        CliHarness.Result ran = cli.run("run", tasks.toString(), "-C", project.toString(), "--no-tui");
        assertThat(ran.code()).as(ran.out() + ran.err()).isZero();
        RunStore recorded = StateDir.existing(cli.state).latestRun();
        String run = recorded.runId();
        assertThat(RecordedRun.load(recorded).snapshot().sessions().get(0).workspace())
                .as("a run in a git repository records each session's worktree")
                .isNotNull();

        CliHarness.Result conflicts = cli.run("conflicts");
        assertThat(conflicts.code()).as(conflicts.err()).isEqualTo(ExitCodes.NOT_ALL_COMPLETED);
        assertThat(conflicts.out()).containsPattern("(?m)^a +task b +f\\.txt$");

        CliHarness.Result diff = cli.run("diff", "a");
        assertThat(diff.code()).as(diff.err()).isZero();
        assertThat(diff.out()).contains("+alpha").contains("-base");

        for (String hint : new String[] {Hints.conflicts(run), Hints.diff("a", run)}) {
            String[] words = hint.split(" ");
            assertThat(cli.run(Arrays.copyOfRange(words, 1, words.length)).code())
                    .as(hint)
                    .isIn(0, 1);
        }

        CliHarness.Result merge = cli.run("merge", "--all");
        assertThat(merge.code()).as(merge.out() + merge.err()).isEqualTo(ExitCodes.NOT_ALL_COMPLETED);
        assertThat(merge.out()).contains("a  merged as");
        assertThat(merge.err()).contains("task 'b'").contains("f.txt");
        assertThat(git.check("status", "--porcelain")).isEmpty();
        assertThat(git.run("rev-parse", "--quiet", "--verify", "MERGE_HEAD").ok())
                .isFalse();
        assertThat(Files.readString(project.resolve("f.txt"))).isEqualTo("alpha\n");

        CliHarness.Result clean = cli.run("clean");
        assertThat(clean.code()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out())
                .contains("deleted branch claude-multi/" + run + "/a")
                .contains("kept 2 unmerged branches")
                .contains(Hints.CLEAN_BRANCHES);
        assertThat(git.run("rev-parse", "--verify", "--quiet", "refs/heads/claude-multi/" + run + "/a")
                        .ok())
                .isFalse();
        assertThat(git.run("rev-parse", "--verify", "--quiet", "refs/heads/claude-multi/" + run + "/b")
                        .ok())
                .isTrue();
        assertThat(git.check("worktree", "list").lines().count()).isEqualTo(1);
        assertThat(git.check("status", "--porcelain")).isEmpty();
    }
}
