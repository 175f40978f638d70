package dev.claudemulti.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.agent.Tokens;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Issue 11 in the reports: skipped sessions, waiting retries, estimated costs, the batch budget and a halt. */
class BatchReportsTest {
    private static final Instant RETRY_AT = Snapshots.END.plusSeconds(42);

    static SessionView skipped(String id, String reason) {
        return SessionView.queued(id, 1, "sonnet").withState(SessionState.SKIPPED, reason);
    }

    static SessionView waitingRetry() {
        return SessionView.queued("flaky", 2, "sonnet")
                .withRetry(new SessionView.PendingRetry(RETRY_AT, 3, "HTTP 529"));
    }

    /** A batch that halted after one failure: one still running (its cost estimated), one waiting to retry, two skipped. */
    static RunSnapshot halted(RunSnapshot.BatchStatus batch) {
        return new RunSnapshot(
                "20261124-120000-0a1b",
                Path.of("/p"),
                "sonnet",
                8,
                false,
                Snapshots.START,
                Snapshots.END,
                List.of(
                        Snapshots.session("ok", SessionState.COMPLETED, null, 0, 60, 1.2, 3, Tokens.ZERO, "Done."),
                        Snapshots.session("bad", SessionState.FAILED, "exit 1", 0, 40, 0.5, 2, Tokens.ZERO, null),
                        Snapshots.session("live", SessionState.RUNNING, null, 10, null, null, 1, Tokens.ZERO, null)
                                .withCost(0.4213, true),
                        waitingRetry(),
                        skipped("later-1", "halted: 1 failure"),
                        skipped("later-2", "halted: 1 failure")),
                0,
                batch);
    }

    static RunSnapshot halted() {
        return halted(new RunSnapshot.BatchStatus(2, null, null, 5.0, "halted: 1 failure"));
    }

    @Test
    void skippedIsCountedUnderItsOwnName() {
        StatusCounts counts = StatusCounts.of(halted().sessions());
        assertThat(counts.text()).isEqualTo("1 completed, 1 failed, 2 skipped, 1 running, 1 queued");
        assertThat(counts.entries())
                .extracting(StatusCounts.Entry::title, StatusCounts.Entry::count)
                .containsExactly(
                        Tuple.tuple("Total", 6L),
                        Tuple.tuple("Completed", 1L),
                        Tuple.tuple("Running", 1L),
                        Tuple.tuple("Queued", 1L),
                        Tuple.tuple("Failed", 1L),
                        Tuple.tuple("Skipped", 2L));
        assertThat(counts.byKey()).containsEntry("skipped", 2L);
        assertThat(counts.endedWithoutCompleting()).isEqualTo(3);
        assertThat(Status.SKIPPED.icon(false)).isEqualTo("⊝");
        assertThat(Status.SKIPPED.icon(true)).isEqualTo("-");
    }

    @Test
    void summaryShowsSkippedReasonsEstimatesTheBudgetAndTheHalt() {
        String text = Summary.render(halted(), 0);
        assertThat(text)
                .contains("⊝ later-1  skipped ")
                .contains("halted: 1 failure\n")
                .contains("~$0.42 ")
                .contains("$1.20 ")
                .contains("6 tasks: 1 completed, 1 failed, 2 skipped, 1 running, 1 queued")
                .contains("cost ~$2.12 ·")
                .contains("budget: ~$2.12 of $5.00 used\n")
                .contains("run halted: 1 failure\n");
        assertThat(Summary.render(halted(), 0, true)).contains("- later-1  skipped ");
        String plain = Summary.render(halted(new RunSnapshot.BatchStatus(8, null, null, null, null)), 0);
        assertThat(plain).doesNotContain("budget:").doesNotContain("run halted");
    }

    @Test
    void jsonCarriesTheRetryTheEstimateAndTheBatch() throws Exception {
        Instant until = Instant.parse("2026-11-24T14:05:00Z");
        JsonNode root = new ObjectMapper()
                .readTree(JsonReport.render(
                        halted(new RunSnapshot.BatchStatus(2, until, "rate limited", 5.0, "halted: 1 failure"))));
        assertThat(root.at("/batch/parallel").asInt()).isEqualTo(8);
        assertThat(root.at("/batch/parallel_limit").asInt()).isEqualTo(2);
        assertThat(root.at("/batch/paused_until").asText()).isEqualTo("2026-11-24T14:05:00Z");
        assertThat(root.at("/batch/pause_reason").asText()).isEqualTo("rate limited");
        assertThat(root.at("/batch/max_cost_usd").asDouble()).isEqualTo(5.0);
        assertThat(root.at("/batch/halt_reason").asText()).isEqualTo("halted: 1 failure");
        JsonNode live = root.at("/tasks/2");
        assertThat(live.get("cost_usd").asDouble()).isEqualTo(0.4213);
        assertThat(live.get("cost_estimated").asBoolean()).isTrue();
        assertThat(live.has("retry")).isFalse();
        assertThat(root.at("/tasks/0/cost_estimated").asBoolean()).isFalse();
        JsonNode waiting = root.at("/tasks/3");
        assertThat(waiting.get("status").asText()).isEqualTo("queued");
        assertThat(waiting.at("/retry/at").asText()).isEqualTo(RETRY_AT.toString());
        assertThat(waiting.at("/retry/attempt").asInt()).isEqualTo(2);
        assertThat(waiting.at("/retry/max_attempts").asInt()).isEqualTo(3);
        assertThat(waiting.at("/retry/cause").asText()).isEqualTo("HTTP 529");
        JsonNode skipped = root.at("/tasks/4");
        assertThat(skipped.get("status").asText()).isEqualTo("skipped");
        assertThat(skipped.get("reason").asText()).isEqualTo("halted: 1 failure");
        assertThat(root.at("/totals/skipped").asInt()).isEqualTo(2);
        assertThat(root.at("/totals/cost_estimated").asBoolean()).isTrue();
    }

    @Test
    void markdownShowsSkippedRowsTheBudgetAndTheHalt() {
        String md = MarkdownReport.render(halted());
        assertThat(md)
                .contains("| later-1 | skipped | halted: 1 failure | - | - | 0 | 0 |")
                .contains("| live | running |  | ")
                .contains("\\~$0.42")
                .contains("- Tasks: 6 (1 completed, 1 failed, 2 skipped, 1 running, 1 queued)")
                .contains("- Cost: \\~$2.12\n")
                .contains("- Budget: \\~$2.12 of $5.00 used\n")
                .contains("- Run halted: 1 failure\n");
    }

    @Test
    void junitMarksSkippedTasksSkippedNotFailed() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(JUnitReport.render(halted()).getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("6");
        assertThat(suite.getAttribute("skipped")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("3"); // bad, and live and flaky not run
        NodeList skips = doc.getElementsByTagName("skipped");
        assertThat(skips.getLength()).isEqualTo(2);
        assertThat(((Element) skips.item(0)).getAttribute("message")).isEqualTo("halted: 1 failure");
        Element later = (Element) doc.getElementsByTagName("testcase").item(4);
        assertThat(later.getAttribute("name")).isEqualTo("later-1");
        assertThat(later.getElementsByTagName("failure").getLength()).isZero();
        Element props = (Element) suite.getElementsByTagName("properties").item(0);
        assertThat(props.getParentNode()).isEqualTo(suite);
        NodeList p = props.getElementsByTagName("property");
        assertThat(((Element) p.item(0)).getAttribute("value")).isEqualTo("budget: ~$2.12 of $5.00 used");
        assertThat(((Element) p.item(1)).getAttribute("value")).isEqualTo("run halted: 1 failure");
    }

    @Test
    void batchTextSaysTheSameEverywhere() {
        SessionView waiting = waitingRetry();
        assertThat(BatchText.retrying(waiting, RETRY_AT.minusSeconds(42))).isEqualTo("retrying in 42s (2/3, HTTP 529)");
        assertThat(BatchText.retrying(waiting, RETRY_AT.minusMillis(41_200)))
                .isEqualTo("retrying in 42s (2/3, HTTP 529)");
        assertThat(BatchText.retrying(waiting, RETRY_AT.minusMillis(300))).isEqualTo("retrying in 1s (2/3, HTTP 529)");
        assertThat(BatchText.retrying(waiting, RETRY_AT.plusSeconds(1))).isEqualTo("retrying now (2/3, HTTP 529)");
        assertThat(BatchText.retrying(waiting, null)).isEqualTo("retrying in 59m59s (2/3, HTTP 529)");
        assertThat(BatchText.retrying(SessionView.queued("x", 1, null), Snapshots.END))
                .isNull();
        assertThat(BatchText.retryScheduled(waiting, RETRY_AT.minusSeconds(15)))
                .isEqualTo("flaky failed (HTTP 529): retrying in 15s (2/3)");
        SessionView noCause =
                SessionView.queued("t", 2, null).withRetry(new SessionView.PendingRetry(RETRY_AT, 3, null));
        assertThat(BatchText.retryScheduled(noCause, RETRY_AT.minusSeconds(15)))
                .isEqualTo("t failed: retrying in 15s (2/3)");

        assertThat(BatchText.parallel(halted())).isEqualTo("parallel 2/8");
        assertThat(BatchText.parallel(halted(RunSnapshot.BatchStatus.steady(8))))
                .isEqualTo("parallel 8");

        Instant until = Instant.parse("2026-11-24T14:05:30Z");
        RunSnapshot.BatchStatus paused = new RunSnapshot.BatchStatus(4, until, "rate limited", null, null);
        ZoneId utc = ZoneOffset.UTC;
        assertThat(BatchText.paused(paused, until.minusSeconds(60), utc)).isEqualTo("paused: rate limited until 14:05");
        assertThat(BatchText.paused(paused, until.minusSeconds(60), ZoneOffset.ofHours(2)))
                .isEqualTo("paused: rate limited until 16:05");
        assertThat(BatchText.paused(paused, until, utc)).isNull();
        assertThat(BatchText.paused(RunSnapshot.BatchStatus.steady(4), until, utc))
                .isNull();

        assertThat(BatchText.halted(new RunSnapshot.BatchStatus(4, null, null, 5.0, "budget: $4.80 of $5.00 spent")))
                .isEqualTo("run halted: budget: $4.80 of $5.00 spent");
        assertThat(BatchText.halted(RunSnapshot.BatchStatus.steady(4))).isNull();
        assertThat(BatchText.budgetUsed(RunTotals.of(halted(RunSnapshot.BatchStatus.steady(8)))))
                .isNull();
    }
}
