package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.claudemulti.agent.PermissionDenial;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the dashboard says about statuses, counts and messages (issue 9, items 6, 7, 9, 10, 13, 15). */
class DashboardStatusTest {

    private static SessionView denied(String id) {
        SessionView v = DemoRun.view(
                id,
                1,
                SessionState.COMPLETED,
                null,
                0,
                90,
                9_000,
                4,
                0.05,
                "Write out.txt",
                "I could not write out.txt.");
        return v.withResult(
                v.resultText(),
                List.of(
                        new PermissionDenial("Write", "t1", "/w/out.txt"),
                        new PermissionDenial("Bash", "t2", "make"),
                        new PermissionDenial("Write", "t3", "/w/b.txt")));
    }

    private static ScriptedEngine engine(boolean simulated, List<SessionView> sessions) {
        RunSnapshot s = DemoRun.snapshot();
        return new ScriptedEngine(new RunSnapshot(
                s.runId(), s.projectDir(), s.model(), s.parallel(), simulated, s.startedAt(), null, sessions));
    }

    @Test
    void aCompletionWithDenialsIsAWarningNotATick() throws Exception {
        ScriptedEngine e = engine(
                false,
                List.of(
                        denied("write-file"),
                        DemoRun.view("clean", 1, SessionState.COMPLETED, null, 0, 60, 100, 1, 0.01, null, "ok")));
        try (Harness h = new Harness(e, 120, 20)) {
            String row = h.lineWith("write-file");
            assertThat(row).startsWith("⚠ write-file").contains("completed with denials (3: Write, Bash)");
            assertThat(h.lineWith("clean")).startsWith("✓ clean").doesNotContain("denials");
            int r = h.lines().indexOf(row);
            assertThat(h.cellAt(h.line(1).indexOf("STATUS"), r).getForegroundColor())
                    .isEqualTo(TextColor.ANSI.YELLOW_BRIGHT);
            assertThat(h.line(-2)).contains("Completed 1", "Completed with denials 1");
            assertThat(h.text()).contains("⚠ batch finished: 1 completed, 1 completed with denials");
            h.press("/").press("denials").press(KeyType.Enter);
            assertThat(h.text()).contains("write-file").doesNotContain("clean ");
        }
    }

    @Test
    void footerCountsEachStatusUnderItsOwnNameAndAgreesWithTheFilter() throws Exception {
        ScriptedEngine e = engine(
                false,
                List.of(
                        DemoRun.view("ok", 1, SessionState.COMPLETED, null, 0, 60, 100, 1, 0.01, null, "ok"),
                        DemoRun.view("bad-1", 1, SessionState.FAILED, "exit 1", 0, 60, 100, 1, 0.01, null, null),
                        DemoRun.view("bad-2", 1, SessionState.FAILED, "exit 2", 0, 60, 100, 1, 0.01, null, null),
                        DemoRun.view(
                                "slow",
                                1,
                                SessionState.TIMED_OUT,
                                "timed out after 60s",
                                0,
                                60,
                                100,
                                1,
                                null,
                                null,
                                null),
                        DemoRun.view(
                                "st-1", 1, SessionState.STOPPED, "stopped by user", 0, 60, 100, 1, null, null, null),
                        DemoRun.view(
                                "st-2", 1, SessionState.STOPPED, "stopped by user", 0, 60, 100, 1, null, null, null),
                        DemoRun.view("gone", 1, SessionState.KILLED, "killed by user", 0, 60, 100, 1, null, null, null),
                        DemoRun.view("run", 1, SessionState.RUNNING, null, 0, null, 100, 1, null, null, null)));
        try (Harness h = new Harness(e, 140, 20)) {
            assertThat(h.line(-2))
                    .contains(
                            "Total 8 │ Completed 1 │ Running 1 │ Queued 0 │ Failed 2 │ Timed out 1 │ Stopped 2 │ Killed 1");
            h.press("/").press("failed").press(KeyType.Enter);
            assertThat(h.text()).contains("(2 of 8)");
        }
    }

    @Test
    void theStoppingMessageGoesWhenTheSessionHasEnded() throws Exception {
        ScriptedEngine e = DashboardStatusTest.engine(false, DemoRun.sessions());
        try (Harness h = new Harness(e, 120, 20)) {
            h.press("j").press("s").press("y"); // auth-tests
            assertThat(h.text()).contains("stopping auth-tests…");
            SessionView v = e.find("auth-tests");
            e.put(DemoRun.view(
                    v.taskId(), 1, SessionState.STOPPED, "stopped by user", 0, 190, 100, 1, null, null, null));
            h.sync();
            assertThat(h.text()).doesNotContain("stopping auth-tests");
        }
    }

    /**
     * A lost row's reason is cut to its column; the line under the table is not cut before the
     * command that stops the processes (issue 9 item 6), and it goes once they have ended.
     */
    @Test
    void processesOfLostSessionsStillRunningAreNamedUnderTheTableWithTheCommandThatStopsThem() throws Exception {
        ScriptedEngine e = engine(false, DemoRun.sessions());
        String run = e.snapshot().runId();
        e.put(DemoRun.view(
                "api-docs",
                1,
                SessionState.LOST,
                "orchestrator gone; 4 processes still running until its timeout: " + Hints.stopAll(run) + " stops them",
                12,
                null,
                8_712,
                4,
                null,
                null,
                null));
        e.notice = "4 processes of lost sessions still running; " + Hints.lostProcesses(run);
        try (Harness h = new Harness(e, 120, 20)) {
            String line = h.lineWith("processes of lost sessions");
            assertThat(line)
                    .startsWith(" ? 4 processes of lost sessions still running; stop them: claude-multi stop-all --run "
                            + run);
            assertThat(h.cellAt(1, h.lines().indexOf(line)).getBackgroundColor())
                    .isEqualTo(TextColor.ANSI.YELLOW_BRIGHT);

            e.notice = null;
            e.put(DemoRun.view(
                    "api-docs",
                    1,
                    SessionState.LOST,
                    "orchestrator gone while it ran",
                    12,
                    null,
                    8_712,
                    4,
                    null,
                    null,
                    null));
            h.sync();
            assertThat(h.text()).doesNotContain("processes of lost sessions");
        }
    }

    @Test
    void afterStopAllTheFinishedBannerShowsWithoutAKey() throws Exception {
        ScriptedEngine e = DashboardStatusTest.engine(false, DemoRun.sessions());
        try (Harness h = new Harness(e, 120, 20)) {
            h.press("S").press("y");
            assertThat(e.calls).containsExactly("stopAll");
            // The engine ends the sessions later, on its own thread, as a real one does.
            for (SessionView v : e.snapshot().sessions()) {
                if (!v.state().isFinal()) {
                    e.put(DemoRun.view(
                            v.taskId(),
                            v.attempt(),
                            SessionState.STOPPED,
                            "stopped by user (stop-all)",
                            0,
                            200,
                            0,
                            0,
                            null,
                            null,
                            null));
                }
            }
            awaitText(h, "batch finished");
            assertThat(h.text())
                    .doesNotContain("stopping all sessions")
                    .contains("batch finished: 2 completed, 1 failed, 5 stopped");
            assertThat(h.line(-2)).contains("Failed 1", "Stopped 5");
        }
    }

    @Test
    void atSeventyColumnsActivityGoesBeforeStatusIsCut() throws Exception {
        ScriptedEngine e = engine(
                false,
                List.of(
                        DemoRun.view(
                                "budget",
                                1,
                                SessionState.FAILED,
                                "error_max_budget_usd: Reached maximum budget ($0.5)",
                                0,
                                60,
                                100,
                                1,
                                0.51,
                                "Bash: npm test",
                                null),
                        denied("write-file")));
        try (Harness h = new Harness(e, 70, 20)) {
            assertThat(h.line(1)).contains("STATUS").doesNotContain("ACTIVITY");
            assertThat(h.lineWith("budget")).contains("failed: error_max_budg");
            assertThat(h.lineWith("write-file")).contains("completed with denials");
        }
    }

    @Test
    void simulatedCostsAreMarkedWithALegend() throws Exception {
        try (Harness h = new Harness(engine(true, DemoRun.sessions()), 120, 20)) {
            assertThat(h.lineWith("fix-types")).contains("$0.42*");
            assertThat(h.line(-2)).contains("cost $0.51* (* simulated)");
        }
        // Too narrow for the cost beside the counts: the rows' marks keep their legend.
        try (Harness h = new Harness(engine(true, DemoRun.sessions()), 70, 20)) {
            assertThat(h.lineWith("fix-types")).contains("$0.42*");
            assertThat(h.line(-2)).contains("Failed 1").endsWith(" * simulated").doesNotContain("cost");
        }
        // The tail view has no legend: its cost is spelled out.
        try (Harness h = new Harness(engine(true, DemoRun.sessions()), 120, 20)) {
            h.press(KeyType.Enter);
            assertThat(h.line(1)).contains("fix-types", "$0.42 (simulated)");
        }
        try (Harness h = new Harness(engine(false, DemoRun.sessions()), 120, 20)) {
            assertThat(h.lineWith("fix-types")).contains("$0.42").doesNotContain("$0.42*");
            assertThat(h.line(-2)).contains("cost $0.51").doesNotContain("simulated");
        }
    }

    /** Engine events arrive on another thread: wait (bounded) for the redraw they cause, without pressing a key. */
    private static void awaitText(Harness h, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!h.text().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // The text can show mid-refresh (the screen is written row by row): let the frame, and any
        // frame already queued, finish before the caller reads other rows.
        h.sync();
        assertThat(h.text()).contains(text);
    }
}
