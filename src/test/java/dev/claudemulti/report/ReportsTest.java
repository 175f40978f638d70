package dev.claudemulti.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.agent.Tokens;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportsTest {
    @TempDir
    Path dir;

    private final RunSnapshot run = Snapshots.everyStatus();

    @Test
    void jsonHasTheAgreedShape() throws Exception {
        Path file = dir.resolve("out/report.json");
        Reports.write(run, file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(fieldNames(root))
                .containsExactly("run", "simulated", "started", "ended", "batch", "tasks", "totals");
        assertThat(fieldNames(root.get("batch")))
                .containsExactly(
                        "parallel", "parallel_limit", "paused_until", "pause_reason", "max_cost_usd", "halt_reason");
        assertThat(root.at("/batch/parallel_limit").asInt()).isEqualTo(4);
        assertThat(root.at("/batch/paused_until").isNull()).isTrue();
        assertThat(root.get("run").asText()).isEqualTo("20261124-120000-0a1b");
        assertThat(root.get("simulated").asBoolean()).isFalse();
        assertThat(root.get("started").asText()).isEqualTo("2026-11-24T12:00:00Z");
        assertThat(root.get("ended").asText()).isEqualTo("2026-11-24T12:02:10Z");

        JsonNode tasks = root.get("tasks");
        assertThat(tasks).hasSize(7);
        JsonNode first = tasks.get(0);
        assertThat(fieldNames(first))
                .containsExactly(
                        "id",
                        "status",
                        "reason",
                        "attempt",
                        "cost_usd",
                        "cost_estimated",
                        "turns",
                        "duration_ms",
                        "tokens",
                        "session_id",
                        "exit_code",
                        "result",
                        "permission_denials");
        assertThat(first.get("status").asText()).isEqualTo("completed");
        assertThat(first.get("reason").isNull()).isTrue();
        assertThat(first.get("cost_usd").asDouble()).isEqualTo(0.1234);
        assertThat(first.get("duration_ms").asLong()).isEqualTo(125_000);
        assertThat(fieldNames(first.get("tokens"))).containsExactly("input", "output", "cache_read", "cache_write");
        assertThat(first.at("/tokens/cache_read").asLong()).isEqualTo(30000);
        assertThat(first.get("exit_code").asInt()).isZero();
        assertThat(first.get("result").asText()).startsWith("Fixed the login bug.");
        JsonNode queued = tasks.get(6);
        assertThat(queued.get("status").asText()).isEqualTo("queued");
        assertThat(queued.get("duration_ms").isNull()).isTrue();
        assertThat(queued.get("cost_usd").isNull()).isTrue();
        assertThat(queued.get("session_id").isNull()).isTrue();
        assertThat(queued.get("result").isNull()).isTrue();

        JsonNode totals = root.get("totals");
        assertThat(fieldNames(totals))
                .containsExactly(
                        "tasks",
                        "completed",
                        "completed_with_denials",
                        "failed",
                        "timed_out",
                        "stopped",
                        "killed",
                        "lost",
                        "skipped",
                        "attached",
                        "running",
                        "queued",
                        "permission_denials",
                        "cost_usd",
                        "cost_estimated",
                        "wall_ms",
                        "session_ms",
                        "speedup",
                        "tokens");
        assertThat(totals.get("tasks").asInt()).isEqualTo(7);
        assertThat(totals.get("completed").asInt()).isEqualTo(1);
        assertThat(totals.get("failed").asInt()).isEqualTo(1);
        assertThat(totals.get("killed").asInt()).isEqualTo(1);
        assertThat(totals.get("cost_usd").asDouble()).isEqualTo(1.6734);
        assertThat(totals.get("wall_ms").asLong()).isEqualTo(130_000);
        assertThat(totals.get("session_ms").asLong()).isEqualTo(288_000);
        assertThat(totals.get("speedup").asDouble()).isEqualTo(2.22);
        assertThat(totals.at("/tokens/input").asLong()).isEqualTo(1010);
    }

    @Test
    void markdownEscapesCells() throws Exception {
        Path file = dir.resolve("report.md");
        Reports.write(run, file);
        String md = Files.readString(file);
        assertThat(md).startsWith("# claude-multi run 20261124-120000-0a1b\n\n| Task | Status | Reason |");
        assertThat(md).contains("| add\\|tests | failed | exit code 3<br>second line | 43s | $0.0500 | 3 | 100 |");
        assertThat(md).contains("| fix-login | completed |  | 2m05s | $0.1234 | 12 | 31,600 |");
        // Every table row has the same number of unescaped pipes.
        List<String> rows = md.lines().filter(l -> l.startsWith("|")).toList();
        assertThat(rows)
                .hasSize(9)
                .allMatch(
                        r -> r.replace("\\|", "").chars().filter(c -> c == '|').count() == 8);
        assertThat(md)
                .contains("## Totals")
                .contains("- Tasks: 7 (1 completed, 1 failed,")
                .contains("(speedup 2.2x)");
        assertThat(MarkdownReport.cell("a\\|b <script>\r\nc")).isEqualTo("a\\\\\\|b &lt;script&gt;<br>c");
    }

    @Test
    void junitXmlIsWellFormedWithAFailurePerTaskThatDidNotComplete() throws Exception {
        Path file = dir.resolve("junit.xml");
        Reports.write(run, file);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("testsuites");
        assertThat(suite.getAttribute("name")).isEqualTo("claude-multi run 20261124-120000-0a1b");
        assertThat(suite.getAttribute("tests")).isEqualTo("7");
        assertThat(suite.getAttribute("failures")).isEqualTo("6");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(suite.getAttribute("time")).isEqualTo("130.000");

        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(7);
        Element first = (Element) cases.item(0);
        assertThat(first.getAttribute("classname")).isEqualTo("claude-multi.20261124-120000-0a1b");
        assertThat(first.getAttribute("name")).isEqualTo("fix-login");
        assertThat(first.getAttribute("time")).isEqualTo("125.000");
        assertThat(first.getElementsByTagName("failure").getLength()).isZero();

        NodeList failures = doc.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(6);
        List<String> types = new ArrayList<>();
        for (int i = 0; i < failures.getLength(); i++) {
            types.add(((Element) failures.item(i)).getAttribute("type"));
        }
        assertThat(types).containsExactly("failed", "timed_out", "stopped", "killed", "not_run", "not_run");
        Element failed = (Element) cases.item(1);
        assertThat(failed.getAttribute("name")).isEqualTo("add|tests");
        assertThat(((Element) failed.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .isEqualTo("failed: exit code 3 second line");
        assertThat(failed.getElementsByTagName("system-out").item(0).getTextContent())
                .isEqualTo("error <b> & ]]> red");
    }

    @Test
    void junitXmlSurvivesHostileText() throws Exception {
        String hostile = "]]> <![CDATA[ & < > \" ' \u0000\u0001\u0008\u000B\u000C\u001F\uFFFE\uD800 tab\there 😀";
        RunSnapshot run = new RunSnapshot(
                "r]]>&<",
                Path.of("/p"),
                "m",
                1,
                false,
                Snapshots.START,
                Snapshots.END,
                List.of(Snapshots.session(hostile, SessionState.FAILED, hostile, 0, 1, 0.1, 1, Tokens.ZERO, hostile)));
        String xml = JUnitReport.render(run);
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        String out = doc.getElementsByTagName("system-out").item(0).getTextContent();
        assertThat(out).isEqualTo("]]> <![CDATA[ & < > \" '  tab\there 😀");
        assertThat(((Element) doc.getElementsByTagName("testcase").item(0)).getAttribute("name"))
                .isEqualTo("]]> <![CDATA[ & < > \" '  tab\there 😀");
    }

    @Test
    void otherExtensionsAreRefused() {
        assertThatThrownBy(() -> Reports.write(run, dir.resolve("x.txt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("report file must end in .json, .md or .xml: " + dir.resolve("x.txt"));
        assertThat(Reports.checkExtension(Path.of("R.XML"))).isEqualTo("xml");
        assertThat(dir.resolve("x.txt")).doesNotExist();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
