package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

/** The commands that read a recorded run, against one made by a real headless run of the fake claude. */
class RecordedRunCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static CliHarness cli;
    static String runId;

    @BeforeAll
    static void recordARun() throws Exception {
        cli = new CliHarness(dir);
        runId = cli.batch("[{\"id\":\"ok-1\",\"prompt\":\"hello\"},{\"id\":\"bad-2\",\"prompt\":\"fail please\"},"
                + "{\"id\":\"ok-3\",\"prompt\":\"again\"}]");
    }

    @Test
    void statusShowsTheAncestorsTableAndRealTotals() {
        CliHarness.Result r = cli.run("status");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("run " + runId + " (finished)")
                .containsPattern("✓\\s+ok-1\\s+completed\\s+\\d+s\\s+\\(\\d+ B\\)\\s+\\$0\\.0100")
                .containsPattern("✗\\s+bad-2\\s+failed")
                .contains("Total: 3 | Completed: 2 | Running: 0 | Queued: 0 | Failed: 1")
                .contains("cost $0.0400")
                .contains("speedup")
                .contains("tokens: 5 input · 6 output");
    }

    @Test
    void statusJsonIsTheReportShapeAndMore() throws Exception {
        CliHarness.Result r = cli.run("status", "--json", "--run", runId);
        assertThat(r.code()).isZero();
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.path("run").asText()).isEqualTo(runId);
        assertThat(root.path("run_state").asText()).isEqualTo("finished");
        assertThat(root.path("totals").path("completed").asInt()).isEqualTo(2);
        assertThat(root.path("totals").path("tokens").path("output").asLong()).isEqualTo(6);
        assertThat(root.path("totals").has("speedup")).isTrue();
        assertThat(root.path("tasks").get(1).path("status").asText()).isEqualTo("failed");
        assertThat(root.path("tasks").get(0).path("output_bytes").asLong()).isPositive();
    }

    @Test
    void listShowsRunsWithStateCountsAndTasks() throws Exception {
        CliHarness.Result r = cli.run("list");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(runId)
                .contains("finished")
                .contains("2 completed, 1 failed")
                .contains("$0.0400")
                .contains("ok-1, bad-2, ok-3");
        JsonNode runs = JSON.readTree(cli.run("list", "--json").out());
        assertThat(runs.get(runs.size() - 1).path("run").asText()).isEqualTo(runId);
        assertThat(runs.get(runs.size() - 1).path("counts").path("failed").asInt())
                .isEqualTo(1);
    }

    @Test
    void resultPrintsTheTextThenFiguresAndExitsByOutcome() {
        CliHarness.Result ok = cli.run("result", "ok-1");
        assertThat(ok.code()).isZero();
        assertThat(ok.out())
                .startsWith("done hello")
                .contains("completed · cost $0.0100")
                .contains("1 turn");
        assertThat(cli.run("result", "ok-1", "-q").out()).doesNotContain("cost");
        CliHarness.Result bad = cli.run("result", "bad-2");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).startsWith("boom").contains("failed").contains("error_during_execution");
    }

    @Test
    void resultOfACompletionWithDenialsSaysSoAndListsThem() throws Exception {
        CliHarness own = new CliHarness(Files.createDirectories(dir.resolve("denials")));
        own.batch("[{\"id\":\"den\",\"prompt\":\"deny the write\"}]");
        CliHarness.Result r = own.run("result", "den");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .startsWith("could not write it\n")
                .contains("⚠ completed with denials · cost $0.0100")
                .contains("· 2 turns · 1 permission denial: Write  (run ")
                .contains("  ⚠ denied: Write /work/out.txt");
        assertThat(cli.run("result", "ok-1").out())
                .contains("✓ completed · cost")
                .doesNotContain("denial");
    }

    @Test
    void unknownTaskOrRunIsOneLineAndExit2() {
        CliHarness.Result task = cli.run("result", "nope", "--run", runId);
        assertThat(task.code()).isEqualTo(2);
        assertThat(task.err().strip())
                .isEqualTo("claude-multi: no task 'nope' in run " + runId + "; tasks: ok-1, bad-2, ok-3");
        for (String cmd : new String[] {"status", "result", "output", "stop", "kill", "report"}) {
            String[] args = switch (cmd) {
                case "status" -> new String[] {cmd, "--run", "20000101-000000-0000"};
                case "report" -> new String[] {cmd, "20000101-000000-0000", "-o", "r.json"};
                default -> new String[] {cmd, "ok-1", "--run", "20000101-000000-0000"};
            };
            CliHarness.Result r = cli.run(args);
            assertThat(r.code()).as(cmd).isEqualTo(2);
            assertThat(r.err().strip())
                    .as(cmd)
                    .isEqualTo("claude-multi: unknown run 20000101-000000-0000 (see claude-multi list)");
        }
    }

    @Test
    void outputIsRawStreamJsonOrReadableEvents() {
        CliHarness.Result raw = cli.run("output", "ok-1");
        assertThat(raw.code()).isZero();
        assertThat(raw.out().lines()).hasSize(3).allMatch(l -> l.startsWith("{\"type\":"));
        CliHarness.Result events = cli.run("output", "ok-1", "--events");
        assertThat(events.out())
                .contains("● init model=m session=s1")
                .contains("working on it")
                .contains("■ result: success  $0.0100  1 turn");
        // A finished session: -f prints it all and returns.
        assertThat(cli.run("output", "ok-1", "-f").out()).isEqualTo(raw.out());
    }

    @Test
    void reportWritesEachFormatAndJUnitParses() throws Exception {
        CliHarness.Result r = cli.run("report", runId, "-o", "out/report.xml");
        assertThat(r.code()).as(r.err()).isZero();
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(dir.resolve("out/report.xml").toFile());
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(3);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(cli.run("report", "-o", "r.md").code()).isZero();
        assertThat(Files.readString(dir.resolve("r.md"))).contains("ok-1").contains("bad-2");
        assertThat(cli.run("report", "--run", runId, "-o", "r.json").code()).isZero();
        assertThat(JSON.readTree(dir.resolve("r.json").toFile())
                        .path("totals")
                        .path("tasks")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void badReportExtensionIsExit2AndRunStartsNothing() throws Exception {
        CliHarness.Result r = cli.run("report", "-o", "r.txt");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("report file must end in .json, .md or .xml");
        int runsBefore = runCount();
        CliHarness.Result run =
                cli.run("run", "[{\"id\":\"x\",\"prompt\":\"hello\"}]", "--no-tui", "--report", "r.html");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).doesNotContain("Exception").contains(".json, .md or .xml");
        assertThat(runCount()).isEqualTo(runsBefore);
    }

    @Test
    void cleanDryRunRemovesNothing() throws Exception {
        int before = runCount();
        CliHarness.Result r = cli.run("clean", "--dry-run");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("would remove " + runId).contains("would be freed");
        assertThat(runCount()).isEqualTo(before);
        CliHarness.Result recent = cli.run("clean", "--older-than", "7d");
        assertThat(recent.out()).contains("removed 0 runs");
        assertThat(cli.run("clean", "--older-than", "soon").code()).isEqualTo(2);
    }

    @Test
    void completionAndVersion() {
        CliHarness.Result c = cli.run("completion");
        assertThat(c.code()).isZero();
        assertThat(c.out())
                .contains("bashcompinit")
                .contains("status")
                .contains("stop-all")
                .contains("run-multi");
        assertThat(cli.run("completion", "fish").code()).isEqualTo(2);
        assertThat(cli.run("version").out()).startsWith("claude-multi ");
        assertThat(cli.run("--version").out()).startsWith("claude-multi ");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "run",
                "run-multi",
                "start",
                "status",
                "list",
                "result",
                "output",
                "stop",
                "kill",
                "stop-all",
                "clean",
                "report",
                "demo",
                "version",
                "completion"
            })
    void everyCommandHasHelp(String command) {
        CliHarness.Result r = cli.run(command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: claude-multi " + command);
    }

    private static int runCount() throws Exception {
        try (var s = Files.list(cli.state.resolve("runs"))) {
            return (int) s.count();
        }
    }
}
