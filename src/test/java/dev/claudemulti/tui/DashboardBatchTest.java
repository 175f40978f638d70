package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11 on the dashboard: waiting retries, skipped sessions, estimated costs, the parallel limit and a pause. */
class DashboardBatchTest {
    private static final Instant RETRY_AT = DemoRun.NOW.plusSeconds(42);

    static SessionView retrying(String id) {
        return SessionView.queued(id, 2, "sonnet").withRetry(new SessionView.PendingRetry(RETRY_AT, 3, "HTTP 529"));
    }

    static SessionView skipped(String id, String reason) {
        return SessionView.queued(id, 1, "sonnet").withState(SessionState.SKIPPED, reason);
    }

    static SessionView estimated(String id, double cost) {
        return DemoRun.view(id, 1, SessionState.RUNNING, null, 10, null, 5_000, 2, null, "Bash: npm test", null)
                .withCost(cost, true);
    }

    private static ScriptedEngine engine(List<SessionView> sessions, int parallel, RunSnapshot.BatchStatus batch) {
        RunSnapshot s = DemoRun.snapshot();
        return new ScriptedEngine(new RunSnapshot(
                s.runId(), s.projectDir(), s.model(), parallel, false, s.startedAt(), null, sessions, 0, batch));
    }

    private static List<SessionView> mixed() {
        return List.of(
                DemoRun.view("done", 1, SessionState.COMPLETED, null, 0, 60, 100, 1, 0.1234, null, "ok"),
                estimated("busy", 0.1234),
                retrying("flaky"),
                skipped("never", "halted: 1 failure"));
    }

    @Test
    void aWaitingRetryCountsDownInItsStatusCell() throws Exception {
        try (Harness h = new Harness(engine(mixed(), 8, null), 140, 20)) {
            String row = h.lineWith("flaky");
            assertThat(row).startsWith("· flaky #2").contains("retrying in 42s (2/3, HTTP 529)");
            h.clock.advanceSeconds(30);
            h.press("j"); // any redraw
            assertThat(h.lineWith("flaky")).contains("retrying in 12s (2/3, HTTP 529)");
            h.press("/").press("retrying").press(KeyType.Enter);
            assertThat(h.text()).contains("(1 of 4)").contains("flaky").doesNotContain("busy");
        }
    }

    @Test
    void atSeventyColumnsTheRetryKeepsItsWaitAndActivityGoesFirst() throws Exception {
        try (Harness h = new Harness(engine(mixed(), 8, null), 70, 20)) {
            assertThat(h.line(1)).contains("STATUS").doesNotContain("ACTIVITY");
            assertThat(h.lineWith("flaky")).contains("retrying in 42s");
        }
    }

    @Test
    void skippedIsItsOwnStatusWithItsReasonInTheFooterAndTheFilter() throws Exception {
        try (Harness h = new Harness(engine(mixed(), 8, null), 140, 20)) {
            String row = h.lineWith("never");
            assertThat(row).startsWith("⊝ never").contains("skipped: halted: 1 failure");
            int r = h.lines().indexOf(row);
            assertThat(h.cellAt(h.line(1).indexOf("STATUS"), r).getForegroundColor())
                    .isEqualTo(TextColor.ANSI.BLACK_BRIGHT);
            assertThat(h.line(-2)).contains("Total 4 │ Completed 1 │ Running 1 │ Queued 1 │ Failed 0 │ Skipped 1");
            h.press("/").press("skipped").press(KeyType.Enter);
            assertThat(h.text()).contains("(1 of 4)").contains("never").doesNotContain("flaky");
        }
    }

    @Test
    void anEstimateIsMarkedAndSoIsATotalThatIncludesIt() throws Exception {
        try (Harness h = new Harness(engine(mixed(), 8, null), 140, 20)) {
            assertThat(h.lineWith("busy")).contains("~$0.12");
            assertThat(h.lineWith("done")).contains("$0.12").doesNotContain("~");
            assertThat(h.line(-2)).contains("cost ~$0.25");
        }
        List<SessionView> exact =
                List.of(DemoRun.view("done", 1, SessionState.COMPLETED, null, 0, 60, 100, 1, 0.1234, null, "ok"));
        try (Harness h = new Harness(engine(exact, 8, null), 140, 20)) {
            assertThat(h.line(-2)).contains("cost $0.12").doesNotContain("~");
        }
    }

    @Test
    void anEstimateGetsTheCostColumnsSpareCellAndANeverStartedRowNoFigures() {
        int costWidth = SessionTable.layout(140, mixed()).stream()
                .filter(p -> p.column() == SessionTable.Column.COST)
                .findFirst()
                .orElseThrow()
                .width();
        assertThat(costWidth).isEqualTo(SessionTable.Column.COST.max);
        assertThat(SessionTable.text(SessionTable.Column.COST, estimated("x", 0.1832), DemoRun.NOW, true, null))
                .isEqualTo("~$0.18*");
        SessionView never = skipped("never", "halted: 1 failure");
        assertThat(SessionTable.text(SessionTable.Column.OUTPUT, never, DemoRun.NOW))
                .isEmpty();
        assertThat(SessionTable.text(SessionTable.Column.TURNS, never, DemoRun.NOW))
                .isEmpty();
    }

    @Test
    void theHeaderShowsALoweredLimitAndAPause() throws Exception {
        ScriptedEngine e = engine(mixed(), 8, RunSnapshot.BatchStatus.steady(8));
        try (Harness h = new Harness(e, 140, 20)) {
            assertThat(h.line(0)).contains("parallel 8 ").doesNotContain("parallel 8/");
            Instant until = DemoRun.NOW.plusSeconds(300);
            e.batch(new RunSnapshot.BatchStatus(2, until, "rate limited", null, null));
            h.sync();
            String clock = DateTimeFormatter.ofPattern("HH:mm").format(until.atZone(ZoneId.systemDefault()));
            awaitText(h, "paused: rate limited until " + clock);
            assertThat(h.line(0)).contains("paused: rate limited until " + clock + "  parallel 2/8");
            int x = h.line(0).indexOf("paused:");
            assertThat(h.cellAt(x, 0).getBackgroundColor()).isEqualTo(TextColor.ANSI.YELLOW_BRIGHT);
            h.clock.advanceSeconds(301); // the pause is over: it goes, even before the engine says so
            h.press("j");
            assertThat(h.line(0)).doesNotContain("paused").contains("parallel 2/8");
        }
    }

    @Test
    void aHaltedBatchSaysWhyInItsFinishedBanner() throws Exception {
        List<SessionView> ended = List.of(
                DemoRun.view("bad", 1, SessionState.FAILED, "exit 1", 0, 60, 100, 1, 0.01, null, null),
                skipped("never", "halted: 1 failure"));
        ScriptedEngine e = engine(ended, 4, new RunSnapshot.BatchStatus(4, null, null, null, "halted: 1 failure"));
        try (Harness h = new Harness(e, 140, 20)) {
            assertThat(h.text()).contains("✗ batch finished: 0 completed, 1 failed, 1 skipped (run halted: 1 failure)");
        }
    }

    private static void awaitText(Harness h, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!h.text().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        h.sync();
        assertThat(h.text()).contains(text);
    }
}
