package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a headless run prints when its output is piped (issue 9, items 14 and 15). */
class HeadlessOutputTest {
    private static final String LONG =
            "Reached maximum budget ($0.5) while the agent was still reading the test logs of"
                    + " the payment module, which it had been asked to fix, and no further turn could be paid for: raise the budget";

    @TempDir
    Path dir;

    @Test
    void aPipedSummaryKeepsLongFailureReasonsWhole() throws Exception {
        CliHarness h = new CliHarness(dir);
        Files.writeString(
                h.claude,
                "#!/bin/bash\ncat > /dev/null\n"
                        + "echo '{\"type\":\"result\",\"subtype\":\"error_max_budget_usd\",\"is_error\":true,\"total_cost_usd\":0.51,"
                        + "\"num_turns\":9,\"errors\":[\"" + LONG + "\"]}'\nexit 1\n");
        Path tasks = Files.writeString(
                dir.resolve("tasks.json"),
                "[{\"id\":\"a-task-with-a-rather-long-identifier\",\"prompt\":\"fix payments\"}]");
        CliHarness.Result r = h.run("run", tasks.toString(), "--no-tui");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        String summary = r.out().substring(r.out().lastIndexOf("a-task-with-a-rather-long-identifier"));
        assertThat(summary).as(r.out()).contains("error_max_budget_usd: " + LONG);
    }

    @Test
    void onATerminalTheSummaryFitsItsWidth() {
        Map<String, String> env = Map.of("COLUMNS", "132");
        CliContext tty = new CliContext(System.out, System.err, new ByteArrayInputStream(new byte[0]), env, dir, true);
        assertThat(BatchRunner.summaryWidth(tty)).isEqualTo(132);
        CliContext ttyNoColumns =
                new CliContext(System.out, System.err, new ByteArrayInputStream(new byte[0]), Map.of(), dir, true);
        assertThat(BatchRunner.summaryWidth(ttyNoColumns)).isEqualTo(100);
        CliContext piped =
                new CliContext(System.out, System.err, new ByteArrayInputStream(new byte[0]), env, dir, false);
        assertThat(BatchRunner.summaryWidth(piped)).as("piped: never cut").isZero();
    }

    @Test
    void simulatedCostsAreLabelledOnEveryLineThatShowsThem() throws Exception {
        CliHarness h = new CliHarness(dir);
        Path tasks = Files.writeString(
                dir.resolve("tasks.json"),
                "{\"defaults\":{\"env\":{\"CLAUDE_MULTI_SIM_SPEED\":\"0.02\"}},"
                        + "\"tasks\":[{\"id\":\"sim-ok\",\"prompt\":\"say hello\"}]}");
        CliHarness.Result r = h.run("demo", tasks.toString(), "--no-tui");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .as(r.out())
                .containsPattern("✓ sim-ok completed \\S+ \\$\\d\\.\\d{4} \\(simulated\\) ")
                .containsPattern("✓ sim-ok +completed +\\S+ +\\$\\d\\.\\d{4}\\* ")
                .containsPattern("cost \\$\\d\\.\\d{4}\\* ")
                .contains("* simulated: the demo agent called no API and spent nothing");
        CliHarness.Result status = h.run("status");
        assertThat(status.out()).containsPattern("\\$\\d\\.\\d{4}\\*").contains("* simulated:");
        assertThat(h.run("result", "sim-ok").out())
                .containsPattern("completed · cost \\$\\d\\.\\d{4} \\(simulated\\) · ");
    }

    @Test
    void statusAndSummaryCountEachFinalStatusUnderItsOwnName() throws Exception {
        CliHarness h = new CliHarness(dir);
        Path tasks = Files.writeString(
                dir.resolve("tasks.json"),
                "[{\"id\":\"broken\",\"prompt\":\"fail now\"},"
                        + "{\"id\":\"slow-1\",\"prompt\":\"sleep\"},{\"id\":\"slow-2\",\"prompt\":\"sleep\"},"
                        + "{\"id\":\"fine\",\"prompt\":\"hello\"}]");
        CliHarness.Result r = h.run("run", tasks.toString(), "--no-tui", "-j", "4", "--timeout", "1s", "--grace", "1s");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("4 tasks: 1 completed, 1 failed, 2 timed_out");
        CliHarness.Result status = h.run("status");
        assertThat(status.out())
                .as(status.out())
                .contains("Total: 4 | Completed: 1 | Running: 0 | Queued: 0 | Failed: 1 | Timed out: 2")
                .contains("4 tasks: 1 completed, 1 failed, 2 timed_out");
        CliHarness.Result list = h.run("list", "--json");
        assertThat(list.out().replaceAll("\\s", ""))
                .contains("\"counts\":{\"completed\":1,\"failed\":1,\"timed_out\":2}");
    }
}
