package dev.claudemulti.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, bad input to the new options and task fields: one clear line on stderr naming what is
 * wrong, exit 2, nothing on stdout, and nothing written or started (no state directory, an empty
 * project directory).
 */
class PolicyInputTest {
    static final String TASKS = "{\"tasks\": [{\"id\": \"a\", \"prompt\": \"SCENARIO_TEXT\"}]}\n";

    @TempDir
    Path tmp;

    @Test
    void malformedHalt() throws Exception {
        assertBadInput(TASKS, List.of("--halt", "now,fail"), "now,fail");
        assertBadInput(TASKS, List.of("--halt", "later,fail=1"), "later,fail=1");
        assertBadInput(TASKS, List.of("--halt", "now,fail=0"), "now,fail=0");
        assertBadInput(TASKS, List.of("--halt", "soon,success=101%"), "soon,success=101%");
    }

    @Test
    void negativeRetries() throws Exception {
        assertBadInput(TASKS, List.of("--retries", "-1"), "--retries");
    }

    @Test
    void zeroMaxCost() throws Exception {
        assertBadInput(TASKS, List.of("--max-cost", "0"), "--max-cost");
    }

    @Test
    void zeroMaxCostInTheTaskFile() throws Exception {
        String file = "{\"maxCost\": 0,\n \"tasks\": [{\"id\": \"a\", \"prompt\": \"SCENARIO_TEXT\"}]}\n";
        assertBadInput(file, List.of(), "maxCost");
    }

    @Test
    void priceFileThatIsNotValid() throws Exception {
        Path prices = Files.writeString(tmp.resolve("prices.json"), "{\"claude-sonnet-5-5\": {\"input\": \"cheap\"\n");
        assertBadInput(TASKS, List.of("--prices", prices.toString()), prices.toString());
        Path missing = tmp.resolve("no-such-prices.json");
        assertBadInput(TASKS, List.of("--prices", missing.toString()), missing.toString());
    }

    @Test
    void claudeArgsFlagThatClaudeMultiOwns() throws Exception {
        String file = """
                {"tasks": [
                  {"id": "a", "prompt": "SCENARIO_TEXT", "claudeArgs": ["--effort", "high", "--model", "opus"]}
                ]}
                """;
        Batch.Outcome run = assertBadInput(file, List.of(), "--model");
        assertThat(run.err()).as(run.printed()).startsWith("claude-multi: " + tmp.resolve("tasks.json") + ":2:");
    }

    @Test
    void claudeArgsInDefaultsAreCheckedToo() throws Exception {
        String file = """
                {"defaults": {"claudeArgs": ["--resume", "abc"]},
                 "tasks": [{"id": "a", "prompt": "SCENARIO_TEXT"}]}
                """;
        Batch.Outcome run = assertBadInput(file, List.of(), "--resume");
        assertThat(run.err()).as(run.printed()).startsWith("claude-multi: " + tmp.resolve("tasks.json") + ":1:");
    }

    /** Runs {@code run tasks.json ARGS} in a fresh directory and checks the bad-input contract. */
    private Batch.Outcome assertBadInput(String taskFile, List<String> args, String named) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "case");
        Path project = Files.createDirectories(dir.resolve("project"));
        Path tasks = Files.writeString(tmp.resolve("tasks.json"), taskFile);
        Path state = dir.resolve("state");
        List<String> argv = new ArrayList<>(
                List.of("run", tasks.toString(), "--state-dir", state.toString(), "--claude", "/bin/true"));
        argv.addAll(args);
        Batch.Outcome run = Batch.execute(state, project, argv.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.printed()).isEqualTo(2);
        assertThat(run.out()).as(run.printed()).isEmpty();
        assertThat(run.err().lines().toList())
                .as(run.printed())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("claude-multi: ")
                .contains(named)
                .doesNotContain("Unknown option")
                .doesNotContain("Exception");
        assertThat(state).as("nothing written").doesNotExist();
        assertThat(project).as("nothing started").isEmptyDirectory();
        return run;
    }
}
