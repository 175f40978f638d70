package dev.claudemulti.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.agent.PermissionDenial;
import dev.claudemulti.agent.Tokens;
import dev.claudemulti.display.Costs;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionRecords;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.record.JournalEntries;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.record.SessionRecord;
import dev.claudemulti.store.Journal;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Permission denials and per-status counts, the same in every output (issue 9, items 7, 10, 15). */
class DenialsAndCountsTest {
    private static final List<PermissionDenial> DENIED = List.of(
            new PermissionDenial("Write", "toolu_1", "/work/out.txt"),
            new PermissionDenial("Bash", "toolu_2", "rm -rf build"),
            new PermissionDenial("Write", "toolu_3", "/work/b.txt"));

    private static SessionView withDenials(SessionView v, List<PermissionDenial> denials) {
        return v.withResult(v.resultText(), denials);
    }

    static RunSnapshot run(boolean simulated) {
        return new RunSnapshot(
                "20261124-120000-0a1b",
                Path.of("/p"),
                "sonnet",
                4,
                simulated,
                Snapshots.START,
                Snapshots.END,
                List.of(
                        Snapshots.session("clean", SessionState.COMPLETED, null, 0, 60, 0.12, 3, Tokens.ZERO, "Done."),
                        withDenials(
                                Snapshots.session(
                                        "denied",
                                        SessionState.COMPLETED,
                                        null,
                                        0,
                                        50,
                                        0.05,
                                        2,
                                        Tokens.ZERO,
                                        "I could not write the file."),
                                DENIED),
                        Snapshots.session(
                                "broken",
                                SessionState.FAILED,
                                "error_max_budget_usd: Reached maximum budget ($0.5) after a very long explanation that goes on"
                                        + " and on past any terminal width you could name, 140 columns and more, to the end",
                                0,
                                40,
                                0.5,
                                9,
                                Tokens.ZERO,
                                null),
                        Snapshots.session(
                                "halted-1", SessionState.STOPPED, "stopped by user", 0, 10, null, 0, Tokens.ZERO, null),
                        Snapshots.session(
                                "halted-2", SessionState.STOPPED, "stopped by user", 0, 10, null, 0, Tokens.ZERO, null),
                        Snapshots.session(
                                "late",
                                SessionState.TIMED_OUT,
                                "timed out after 60s",
                                0,
                                60,
                                null,
                                0,
                                Tokens.ZERO,
                                null)));
    }

    @Test
    void eachStatusIsCountedUnderItsOwnName() {
        StatusCounts counts = StatusCounts.of(run(false).sessions());
        assertThat(counts.text()).isEqualTo("1 completed, 1 completed with denials, 1 failed, 1 timed_out, 2 stopped");
        assertThat(counts.entries())
                .extracting(StatusCounts.Entry::title, StatusCounts.Entry::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Total", 6L),
                        org.assertj.core.groups.Tuple.tuple("Completed", 1L),
                        org.assertj.core.groups.Tuple.tuple("Running", 0L),
                        org.assertj.core.groups.Tuple.tuple("Queued", 0L),
                        org.assertj.core.groups.Tuple.tuple("Failed", 1L),
                        org.assertj.core.groups.Tuple.tuple("Completed with denials", 1L),
                        org.assertj.core.groups.Tuple.tuple("Timed out", 1L),
                        org.assertj.core.groups.Tuple.tuple("Stopped", 2L));
        assertThat(counts.endedWithoutCompleting()).isEqualTo(4);
        assertThat(RunTotals.of(run(false)).notCompleted()).isEqualTo(4);
    }

    @Test
    void summaryMarksDenialsAndNeverCutsWithoutAWidth() {
        String text = Summary.render(run(false), 0);
        assertThat(text)
                .contains("✓ clean     completed ")
                .contains("⚠ denied    completed with denials ")
                .contains("3 permission denials: Write, Bash")
                .contains("to the end\n")
                .contains("6 tasks: 1 completed, 1 completed with denials, 1 failed, 1 timed_out, 2 stopped");
        assertThat(text.lines().filter(l -> l.contains("clean")).findFirst().orElseThrow())
                .doesNotContain("denial");
        assertThat(Summary.render(run(false), 0, true)).contains("! denied ");
    }

    @Test
    void simulatedCostsAreMarkedWithALegend() {
        String real = Summary.render(run(false), 0);
        assertThat(real).contains("$0.1200 ").doesNotContain("$0.1200*").doesNotContain("simulated");
        String sim = Summary.render(run(true), 0);
        assertThat(sim).contains("$0.1200*").contains("cost $0.6700*").contains(Costs.LEGEND);
        assertThat(Costs.usdSpelled(0.12, true)).isEqualTo("$0.1200 (simulated)");
        assertThat(Costs.usdSpelled(null, true)).isEqualTo("-");
        assertThat(MarkdownReport.render(run(true))).contains("$0.1200\\*").contains("simulated: the demo agent");
    }

    @Test
    void jsonReportHasTheDenialsAndEveryCount() throws Exception {
        JsonNode root = new ObjectMapper().readTree(JsonReport.render(run(false)));
        JsonNode denied = root.at("/tasks/1");
        assertThat(denied.get("status").asText()).isEqualTo("completed_with_denials");
        assertThat(denied.at("/permission_denials/0/tool_name").asText()).isEqualTo("Write");
        assertThat(denied.at("/permission_denials/0/tool_use_id").asText()).isEqualTo("toolu_1");
        assertThat(denied.at("/permission_denials/0/target").asText()).isEqualTo("/work/out.txt");
        assertThat(denied.get("permission_denials")).hasSize(3);
        assertThat(root.at("/tasks/0/status").asText()).isEqualTo("completed");
        assertThat(root.at("/tasks/0/permission_denials")).isEmpty();
        JsonNode totals = root.get("totals");
        assertThat(totals.get("completed").asInt()).isEqualTo(1);
        assertThat(totals.get("completed_with_denials").asInt()).isEqualTo(1);
        assertThat(totals.get("failed").asInt()).isEqualTo(1);
        assertThat(totals.get("stopped").asInt()).isEqualTo(2);
        assertThat(totals.get("timed_out").asInt()).isEqualTo(1);
        assertThat(totals.get("permission_denials").asInt()).isEqualTo(3);
    }

    @Test
    void markdownAndJUnitShowTheDenialsAndTheCompletionPasses() throws Exception {
        String md = MarkdownReport.render(run(false));
        assertThat(md)
                .contains("| denied | completed with denials | 3 permission denials: Write, Bash |")
                .contains("- Tasks: 6 (1 completed, 1 completed with denials, 1 failed, 1 timed_out, 2 stopped)");
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(JUnitReport.render(run(false)).getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("failures")).isEqualTo("4");
        Element denied = (Element) doc.getElementsByTagName("testcase").item(1);
        assertThat(denied.getElementsByTagName("failure").getLength()).isZero();
        assertThat(denied.getElementsByTagName("system-err").item(0).getTextContent())
                .startsWith("completed with denials: 3 permission denials: Write, Bash")
                .contains("denied: Write /work/out.txt", "denied: Bash: rm -rf build");
        assertThat(((Element) denied.getElementsByTagName("property").item(1)).getAttribute("value"))
                .isEqualTo("3");
    }

    @Test
    void denialsSurviveTheJournal(@TempDir Path dir) throws Exception {
        SessionView v = run(false).sessions().get(1);
        SessionView back = SessionRecords.toView(throughJournal(dir.resolve("1.jsonl"), v));
        assertThat(back.denials()).isEqualTo(DENIED);
        assertThat(back).isEqualTo(v);
        Path withoutDenials = dir.resolve("0.jsonl");
        throughJournal(withoutDenials, run(false).sessions().get(0));
        assertThat(new ObjectMapper().readTree(Files.readString(withoutDenials)).has("denials"))
                .isFalse();
    }

    /** {@code v} written to a journal as a session entry and read back. */
    private static SessionRecord throughJournal(Path file, SessionView v) throws Exception {
        try (Journal journal = Journal.open(file)) {
            JournalEntries.append(
                    journal, List.of(new JournalEntry.SessionChanged(SessionRecords.toRecord(v), null, null, null)));
        }
        return ((JournalEntry.SessionChanged) JournalEntries.replay(file).get(0).entry()).session();
    }
}
