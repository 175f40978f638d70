package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** list, status, stop-all, clean and report when nothing has run yet, and the edges of their options. */
class StateCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void nothingHasRunYetIsOneLineAndExit0() throws Exception {
        CliHarness cli = new CliHarness(dir);
        for (int round = 0; round < 2; round++) { // no state directory, then an empty one
            for (String command : new String[] {"list", "status", "stop-all", "clean"}) {
                CliHarness.Result r = cli.run(command);
                assertThat(r.code()).as(command + ": " + r.err()).isZero();
                assertThat(r.out().lines().toList()).as(command).hasSize(1);
                assertThat(r.out()).as(command).startsWith("no runs yet");
                assertThat(r.err()).as(command).isEmpty();
            }
            assertThat(JSON.readTree(cli.run("list", "--json").out()).isEmpty()).isTrue();
            assertThat(cli.run("status", "--json").code()).isZero();
            Files.createDirectories(cli.state.resolve("runs"));
        }
        // A run that does not exist is still an error.
        assertThat(cli.run("status", "--run", "20260101-000000-0001").code()).isEqualTo(2);
        assertThat(cli.run("result", "x").code()).isEqualTo(2);
    }

    @Test
    void cleanRefusesAnAgeWithoutAUnitAndListsTheUnits() throws Exception {
        CliHarness cli = new CliHarness(dir);
        cli.batch("[{\"id\":\"a\",\"prompt\":\"hello\"}]");
        CliHarness.Result r = cli.run("clean", "--older-than", "7");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("claude-multi: --older-than: '7' has no unit; write a number and a unit: "
                        + "30m, 12h, 7d, 2w (s, m, h, d, w: seconds, minutes, hours, days, weeks)");
        assertThat(r.out()).isEmpty();
        try (Stream<Path> runs = Files.list(cli.state.resolve("runs"))) {
            assertThat(runs.count()).isEqualTo(1);
        }
        assertThat(cli.run("clean", "--older-than", "7x").err())
                .contains("is not an age")
                .contains("30m, 12h, 7d, 2w");
        CliHarness.Result week = cli.run("clean", "--older-than", "1w");
        assertThat(week.code()).isZero();
        assertThat(week.out()).contains("removed 0 runs");
    }

    @Test
    void reportToStandardOutputInEachFormat() throws Exception {
        CliHarness cli = new CliHarness(dir);
        String runId = cli.batch("[{\"id\":\"a\",\"prompt\":\"hello\"},{\"id\":\"b\",\"prompt\":\"fail now\"}]");
        CliHarness.Result json = cli.run("report", "-o", "-");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode report = JSON.readTree(json.out());
        assertThat(report.path("run").asText()).isEqualTo(runId);
        assertThat(report.path("tasks")).hasSize(2);
        assertThat(json.err()).isEmpty();
        assertThat(dir.resolve("-")).doesNotExist();

        CliHarness.Result md = cli.run("report", runId, "-o", "-", "--format", "md");
        assertThat(md.code()).isZero();
        assertThat(md.out()).startsWith("# claude-multi run " + runId);

        CliHarness.Result xml = cli.run("report", "-o", "-", "--format", "XML");
        assertThat(xml.code()).isZero();
        var doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.out().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(2);

        assertThat(cli.run("report", "-o", "-", "--format", "pdf").code()).isEqualTo(2);
        CliHarness.Result mismatch = cli.run("report", "-o", "r.json", "--format", "md");
        assertThat(mismatch.code()).isEqualTo(2);
        assertThat(mismatch.err()).contains("--format md does not match r.json");
    }
}
