package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The ancestor's environment variables, through the CLI's own environment map, for run and start. */
class EnvironmentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void runHonoursEveryAncestorVariable() throws Exception {
        CliHarness cli = new CliHarness(dir);
        Path project = Files.createDirectories(dir.resolve("project"));
        cli.env.put("CLAUDE_DEFAULT_MODEL", "opus");
        cli.env.put("CLAUDE_DEFAULT_BUDGET", "2.5");
        cli.env.put("CLAUDE_MAX_PARALLEL", "3");
        cli.env.put("CLAUDE_SESSION_TIMEOUT", "1");
        cli.env.put("CLAUDE_PROJECT_DIR", project.toString());
        String runId = cli.batch("[{\"id\":\"a\",\"prompt\":\"hello\"},{\"id\":\"slow\",\"prompt\":\"sleep\"}]");

        // CLAUDE_SESSIONS_DIR: the run is where the variable says.
        Path runDir = cli.state.resolve("runs").resolve(runId);
        JsonNode options = JSON.readTree(runDir.resolve("run.json").toFile()).path("options");
        assertThat(options.path("parallel").asInt()).isEqualTo(3);
        assertThat(options.path("timeout_s").asInt()).isEqualTo(1);
        assertThat(options.path("project_dir").asText()).isEqualTo(project.toString());
        // The fake claude echoes its arguments and working directory in its result.
        String result = cli.run("result", "a", "-q").out();
        assertThat(result)
                .contains("--model opus")
                .contains("--max-budget-usd 2.5")
                .contains("| " + project);
        assertThat(cli.run("status", "--json").out()).contains("\"timed_out\" : 1");
    }

    @Test
    void badVariableIsExit2BeforeAnythingStarts() throws Exception {
        CliHarness cli = new CliHarness(dir);
        cli.env.put("CLAUDE_MAX_PARALLEL", "many");
        CliHarness.Result r = cli.run("start", "a", "hello");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("claude-multi: CLAUDE_MAX_PARALLEL must be a whole number from 1 to 1000, got 'many'");
        assertThat(cli.state.resolve("runs")).doesNotExist();
    }

    @Test
    void startValidatesInTheForeground() throws Exception {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result badId = cli.run("start", "no spaces", "hello");
        assertThat(badId.code()).isEqualTo(2);
        assertThat(badId.err()).doesNotContain("Exception");
        cli.env.put("CLAUDE_BIN", dir.resolve("missing-claude").toString());
        CliHarness.Result noClaude = cli.run("start", "a", "hello");
        assertThat(noClaude.code()).isEqualTo(2);
        assertThat(noClaude.err()).contains("missing-claude");
    }

    @Test
    void startHonoursTheVariablesAndPositionalModelAndBudget() throws Exception {
        CliHarness cli = new CliHarness(dir);
        cli.env.put("CLAUDE_DEFAULT_MODEL", "haiku");
        cli.env.put("CLAUDE_DEFAULT_BUDGET", "3");
        CliHarness.Result started = cli.run("start", "bg", "hello");
        assertThat(started.code()).as(started.err()).isZero();
        String runId = started.out().strip();
        awaitFinished(cli, runId);
        assertThat(cli.run("result", "bg", "-q").out())
                .contains("--model haiku")
                .contains("--max-budget-usd 3");

        CliHarness.Result second = cli.run("start", "bg2", "hello", "sonnet", "0.5");
        String run2 = second.out().strip();
        awaitFinished(cli, run2);
        assertThat(cli.run("result", "bg2", "-q").out())
                .contains("--model sonnet")
                .contains("--max-budget-usd 0.5");
        // Each start is a run of its own; result finds a task in an earlier one.
        assertThat(cli.run("result", "bg").code()).isZero();
        assertThat(Files.readString(cli.state.resolve("runs").resolve(run2).resolve("orchestrator.out")))
                .contains("✓ bg2 completed"); // UTF-8 even without a locale in the environment
    }

    @Test
    void runReportIsWrittenWhenTheBatchEnds() throws Exception {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result run = cli.run(
                "run",
                "[{\"id\":\"x\",\"prompt\":\"fail\"},{\"id\":\"y\",\"prompt\":\"hi\"}]",
                "--no-tui",
                "--report",
                "batch.xml");
        assertThat(run.code()).isEqualTo(1);
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(dir.resolve("batch.xml").toFile());
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
    }

    static void awaitFinished(CliHarness cli, String runId) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            String state = JSON.readTree(
                            cli.run("status", "--json", "--run", runId).out())
                    .path("run_state")
                    .asText();
            if (!state.equals("running") && !state.equals("starting")) {
                // The orchestrator still writes run.json, the report and its summary after the last
                // state change: wait for it to exit so the temp directory is not deleted under it.
                long pid = JSON.readTree(cli.state
                                .resolve("runs")
                                .resolve(runId)
                                .resolve("run.json")
                                .toFile())
                        .path("pid")
                        .asLong();
                ProcessHandle.of(pid)
                        .ifPresent(p -> p.onExit()
                                .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                                .join());
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " did not finish");
    }
}
