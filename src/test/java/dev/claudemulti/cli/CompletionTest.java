package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script, run under bash: commands and options from picocli, task and run ids from the state directory. */
class CompletionTest {
    @TempDir
    static Path dir;

    static CliHarness cli;
    static Path script;
    static String first;
    static String second;

    @BeforeAll
    static void twoRuns() throws Exception {
        cli = new CliHarness(dir);
        first = cli.batch("[{\"id\":\"alpha\",\"prompt\":\"hello\"},{\"id\":\"beta\",\"prompt\":\"hello\"}]");
        second = cli.batch("[{\"id\":\"gamma\",\"prompt\":\"hello\"},{\"id\":\"alpha\",\"prompt\":\"hello\"}]");
        CliHarness.Result r = cli.run("completion");
        assertThat(r.code()).isZero();
        script = dir.resolve("completion.bash");
        Files.writeString(script, r.out());
    }

    @Test
    void taskIdsForTheCommandsThatTakeOne() throws Exception {
        assertThat(complete(cli.state, "stop", "")).containsExactly("alpha", "beta", "gamma");
        assertThat(complete(cli.state, "result", "g")).containsExactly("gamma");
        assertThat(complete(cli.state, "kill", "-q", "")).containsExactly("alpha", "beta", "gamma");
        assertThat(complete(cli.state, "output", "--run", second, "")).containsExactly("alpha", "gamma");
        assertThat(complete(cli.state, "output", "--run=" + first, "")).containsExactly("alpha", "beta");
        assertThat(complete(cli.state, "stop", "alpha", "")).doesNotContain("alpha", "beta");
        assertThat(complete(cli.state, "diff", "")).containsExactly("alpha", "beta", "gamma");
        assertThat(complete(cli.state, "continue", "--run", first, "")).containsExactly("alpha", "beta");
        assertThat(complete(cli.state, "continue", "alpha", "")).doesNotContain("alpha", "beta");
        // merge takes any number of tasks.
        assertThat(complete(cli.state, "merge", "alpha", "--run", second, "")).containsExactly("alpha", "gamma");
    }

    @Test
    void runIdsAfterRunAndForReport() throws Exception {
        assertThat(complete(cli.state, "status", "--run", "")).containsExactly(first, second);
        assertThat(complete(cli.state, "stop-all", "-r", "")).containsExactly(first, second);
        assertThat(complete(cli.state, "report", "")).containsExactly(first, second);
        assertThat(complete(cli.state, "run", "--resume", "")).containsExactly(first, second);
        assertThat(complete(cli.state, "dashboard", "--run", "")).containsExactly(first, second);
        assertThat(complete(cli.state, "conflicts", "--run", "")).containsExactly(first, second);
    }

    @Test
    void commandsAndOptionsStillComeFromPicocli() throws Exception {
        assertThat(complete(cli.state, "sto")).containsExactly("stop", "stop-all");
        assertThat(complete(cli.state, "result", "--qu")).containsExactly("--quiet");
        assertThat(complete(cli.state, "run", "--retr")).containsExactly("--retries", "--retry-delay", "--retry-fresh");
        assertThat(complete(cli.state, "run", "--ma")).containsExactly("--max-cost");
        assertThat(complete(cli.state, "start", "--ha")).containsExactly("--halt");
        assertThat(complete(cli.state, "run", "--no-a")).containsExactly("--no-adaptive");
        assertThat(complete(cli.state, "run-multi", "--res")).containsExactly("--result-grace");
    }

    @Test
    void aMissingStateDirectoryCompletesNothingAndSaysNothing() throws Exception {
        Path none = dir.resolve("no-such-dir");
        assertThat(complete(none, "stop", "")).isEmpty();
        assertThat(complete(none, "status", "--run", "")).isEmpty();
        // --state-dir on the line wins over the environment.
        assertThat(complete(none, "stop", "--state-dir", cli.state.toString(), ""))
                .containsExactly("alpha", "beta", "gamma");
    }

    /** COMPREPLY for the words after "claude-multi", the last being the word under the cursor. */
    private static List<String> complete(Path stateDir, String... words) throws Exception {
        StringBuilder line = new StringBuilder("claude-multi");
        List<String> cmd = new ArrayList<>(List.of(
                "bash",
                "-c",
                // compopt only works inside a real completion; outside one it would complain.
                "compopt() { :; }; source \"$0\"; COMP_WORDS=(claude-multi \"$@\"); COMP_CWORD=$#; COMP_LINE=\"${COMP_WORDS[*]}\"; "
                        + "_claude_multi_complete; printf '%s\\n' \"${COMPREPLY[@]}\"",
                script.toString()));
        for (String w : words) {
            cmd.add(w);
            line.append(' ').append(w);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("CLAUDE_SESSIONS_DIR", stateDir.toString());
        pb.environment().put("HOME", dir.toString());
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(line.toString()).isTrue();
        assertThat(Files.readString(err)).as(line + ": stderr").isEmpty();
        return Files.readString(out).lines().filter(l -> !l.isEmpty()).sorted().toList();
    }
}
