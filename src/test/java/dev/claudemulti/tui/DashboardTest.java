package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DashboardTest {

    private static ScriptedEngine demo() {
        return new ScriptedEngine(DemoRun.snapshot());
    }

    @Test
    void tableShowsEverySessionWithItsFigures() throws Exception {
        try (Harness h = new Harness(demo(), 120, 20)) {
            assertThat(h.line(0))
                    .contains(
                            "claude-multi",
                            "run 20250602-091400-7f3a",
                            "wall 3m05s",
                            "parallel 3",
                            "model sonnet",
                            "/home/dev/shop-frontend",
                            "SIMULATED");
            assertThat(h.line(1)).contains("ID", "STATUS", "ELAPSED", "OUTPUT", "COST", "TURNS", "ACTIVITY");
            assertThat(h.lineWith("fix-types"))
                    .contains("✓", "completed", "2m22s", "47.1 KB", "$0.42", "14", "Fixed 23 type errors");
            assertThat(h.lineWith("auth-tests")).contains("●", "running", "3m05s", "23.3 KB", "Bash: npm test");
            assertThat(h.lineWith("lint-cleanup")).contains("✗", "failed: exit 1");
            assertThat(h.lineWith("perf-budget #2")).contains("running", "14s");
            assertThat(h.lineWith("deps-audit")).contains("queued").doesNotContain("0 B");
        }
    }

    @Test
    void footerTotalsCountEachStateAndTheCost() throws Exception {
        try (Harness h = new Harness(demo(), 120, 20)) {
            assertThat(h.line(-2))
                    .contains("Total 8 │ Completed 2 │ Running 3 │ Queued 2 │ Failed 1")
                    .contains("cost $0.51");
            assertThat(h.line(-1))
                    .contains(
                            "Enter tail", "s stop", "K kill", "S stop all", "r retry", "/ filter", "? help", "q quit");
        }
    }

    @Test
    void statesHaveColoursAndQueuedRowsAreDim() throws Exception {
        try (Harness h = new Harness(demo(), 120, 20)) {
            int failedRow = h.lines().indexOf(h.lineWith("lint-cleanup"));
            int statusCol = h.line(1).indexOf("STATUS");
            assertThat(h.cellAt(statusCol, failedRow).getForegroundColor()).isEqualTo(TextColor.ANSI.RED_BRIGHT);
            int queuedRow = h.lines().indexOf(h.lineWith("deps-audit"));
            assertThat(h.cellAt(3, queuedRow).getForegroundColor()).isEqualTo(TextColor.ANSI.BLACK_BRIGHT);
            int runningRow = h.lines().indexOf(h.lineWith("auth-tests"));
            assertThat(h.cellAt(statusCol, runningRow).getForegroundColor()).isEqualTo(TextColor.ANSI.CYAN_BRIGHT);
        }
    }

    @Test
    void lostSessionsShowInAWarningColour() throws Exception {
        ScriptedEngine e = demo();
        e.put(DemoRun.view(
                "api-docs", 1, SessionState.LOST, "orchestrator gone", 12, null, 8_712, 4, null, null, null));
        try (Harness h = new Harness(e, 120, 20)) {
            int row = h.lines().indexOf(h.lineWith("api-docs"));
            assertThat(h.lineWith("api-docs")).contains("? api-docs", "lost: orchestrator gone");
            assertThat(h.cellAt(h.line(1).indexOf("STATUS"), row).getBackgroundColor())
                    .isEqualTo(TextColor.ANSI.YELLOW_BRIGHT);
        }
    }

    @Test
    void elapsedTicksEverySecondWithoutEngineEvents() throws Exception {
        try (Harness h = new Harness(demo(), 120, 20)) {
            assertThat(h.lineWith("auth-tests")).contains("3m05s");
            h.clock.advanceSeconds(1);
            long deadline = System.currentTimeMillis() + 3000;
            while (!h.lineWith("auth-tests").contains("3m06s") && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(h.lineWith("auth-tests")).contains("3m06s");
            assertThat(h.line(0)).contains("wall 3m06s");
        }
    }

    @Test
    void engineEventsShowUp() throws Exception {
        ScriptedEngine e = demo();
        try (Harness h = new Harness(e, 120, 20)) {
            e.put(DemoRun.view(
                    "deps-audit",
                    1,
                    SessionState.RUNNING,
                    null,
                    180,
                    null,
                    2_600,
                    1,
                    null,
                    "Bash: npm audit --json",
                    null));
            h.sync();
            assertThat(h.lineWith("deps-audit")).contains("running", "2.5 KB", "Bash: npm audit --json");
        }
    }

    @Test
    void stopAsksFirstAndNoDoesNothing() throws Exception {
        ScriptedEngine e = demo();
        try (Harness h = new Harness(e, 120, 20)) {
            h.press("j"); // auth-tests
            h.press("s");
            assertThat(h.line(-1)).contains("stop auth-tests? y/n");
            h.press("n");
            assertThat(e.calls).isEmpty();
            assertThat(h.text()).contains("cancelled").doesNotContain("y/n");
            h.press("s").press("y");
            assertThat(e.calls).containsExactly("stop auth-tests");
        }
    }

    @Test
    void anyKeyButYCancelsAConfirmation() throws Exception {
        ScriptedEngine e = demo();
        try (Harness h = new Harness(e, 120, 20)) {
            h.press("j").press("s").press(KeyType.Enter);
            h.press("S").press(KeyType.Escape);
            h.press("K").press("q");
            assertThat(e.calls).isEmpty();
            assertThat(h.running()).isTrue();
        }
    }

    @Test
    void killAsksFirstAndOnlyForRunningSessions() throws Exception {
        ScriptedEngine e = demo();
        try (Harness h = new Harness(e, 120, 20)) {
            h.press("K"); // fix-types: completed
            assertThat(h.text()).contains("fix-types is not running").doesNotContain("y/n");
            h.press("jj").press("K");
            assertThat(h.line(-1)).contains("kill api-docs now");
            h.press("y");
            assertThat(e.calls).containsExactly("kill api-docs");
        }
    }

    @Test
    void stopAllAsksFirst() throws Exception {
        ScriptedEngine e = demo();
        try (Harness h = new Harness(e, 120, 20)) {
            h.press("S");
            assertThat(h.line(-1)).contains("stop all: 3 running sessions and 2 queued? y/n");
            h.press("y");
            assertThat(e.calls).containsExactly("stopAll");
        }
    }

    @Test
    void retryAsksFirstAndOnlyForEndedSessions() throws Exception {
        ScriptedEngine e = demo();
        try (Harness h = new Harness(e, 120, 20)) {
            h.press("j").press("r");
            assertThat(h.text()).contains("auth-tests is still running").doesNotContain("y/n");
            h.press("jjj").press("r"); // lint-cleanup
            assertThat(h.line(-1)).contains("retry lint-cleanup as attempt #2? y/n");
            h.press("y");
            assertThat(e.calls).containsExactly("retry lint-cleanup");
        }
    }

    @Test
    void selectionMovesWithArrowsVimKeysPagesAndEnds() throws Exception {
        ScriptedEngine e = demo();
        try (Harness h = new Harness(e, 120, 20)) {
            h.press(KeyType.End).press("s");
            assertThat(h.line(-1)).contains("stop i18n-strings?");
            h.press("n").press(KeyType.Home).press(KeyType.ArrowDown).press("s");
            assertThat(h.line(-1)).contains("stop auth-tests?");
            h.press("n").press("k").press(KeyType.PageDown).press("s");
            assertThat(h.line(-1)).contains("stop i18n-strings?");
            h.press("n").press(KeyType.PageUp).press(KeyType.ArrowUp).press("K");
            assertThat(h.text()).contains("fix-types is not running");
            int row = h.lines().indexOf(h.lineWith("fix-types"));
            assertThat(h.cellAt(5, row).getBackgroundColor()).isEqualTo(TextColor.ANSI.BLUE);
        }
    }

    @Test
    void longTablesScrollToKeepTheSelectionInView() throws Exception {
        List<SessionView> many = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(DemoRun.view(
                    String.format("task-%03d", i),
                    1,
                    SessionState.RUNNING,
                    null,
                    i,
                    null,
                    i * 1000L,
                    i % 7,
                    null,
                    "Bash: make test-" + i,
                    null));
        }
        RunSnapshot s = DemoRun.snapshot();
        ScriptedEngine e = new ScriptedEngine(
                new RunSnapshot(s.runId(), s.projectDir(), s.model(), 8, false, s.startedAt(), null, many));
        try (Harness h = new Harness(e, 100, 20)) {
            assertThat(h.text()).contains("task-000").doesNotContain("task-050");
            assertThat(h.line(1)).contains("1-16 of 100");
            h.press(KeyType.End);
            assertThat(h.text()).contains("task-099").doesNotContain("task-000");
            h.press(KeyType.PageUp);
            assertThat(h.text()).contains("task-084");
            assertThat(h.line(0)).doesNotContain("SIMULATED");
        }
    }

    @Test
    void filterByIdOrStatusAndEscClearsIt() throws Exception {
        try (Harness h = new Harness(demo(), 120, 20)) {
            h.press("/");
            assertThat(h.line(-1)).contains("filter");
            h.press("fail").press(KeyType.Enter);
            assertThat(h.text())
                    .contains("lint-cleanup")
                    .doesNotContain("fix-types")
                    .doesNotContain("auth-tests")
                    .contains("filter: fail  (1 of 8)");
            h.press("/");
            h.press(KeyType.Backspace)
                    .press(KeyType.Backspace)
                    .press(KeyType.Backspace)
                    .press(KeyType.Backspace);
            h.press("auth").press(KeyType.Enter);
            assertThat(h.text()).contains("auth-tests").doesNotContain("lint-cleanup");
            h.press("s");
            assertThat(h.line(-1)).contains("stop auth-tests?");
            h.press("n").press(KeyType.Escape);
            assertThat(h.text()).contains("lint-cleanup", "fix-types", "auth-tests");
            h.press("/").press("xyz").press(KeyType.Escape);
            assertThat(h.text()).contains("fix-types").doesNotContain("filter:");
        }
    }

    @Test
    void helpOverlayOpensAndAnyKeyClosesIt() throws Exception {
        ScriptedEngine e = demo();
        try (Harness h = new Harness(e, 120, 30)) {
            h.press("?");
            assertThat(h.text()).contains("keys", "tail the session's output", "any key closes");
            h.press("s");
            assertThat(h.text()).doesNotContain("any key closes").doesNotContain("y/n");
            assertThat(e.calls).isEmpty();
        }
    }

    @Test
    void quitWithRunningSessionsAsksThenStopsAndWaits() throws Exception {
        ScriptedEngine e = demo();
        Harness h = new Harness(e, 120, 20);
        try {
            h.press("q");
            assertThat(h.line(-1)).contains("stop 3 running sessions and quit? y/n");
            h.press("n");
            assertThat(h.running()).isTrue();
            assertThat(e.calls).isEmpty();
            h.press("q").press("y");
            assertThat(e.calls).containsExactly("interrupt INT");
            assertThat(h.text()).contains("stopping… 3 still running");
            assertThat(h.running()).isTrue();
            for (SessionView v : e.snapshot().sessions()) {
                if (!v.state().isFinal()) {
                    e.put(DemoRun.view(
                            v.taskId(),
                            v.attempt(),
                            SessionState.STOPPED,
                            "stopped by user",
                            0,
                            200,
                            0,
                            0,
                            null,
                            null,
                            null));
                }
            }
            h.awaitExit();
            assertThat(h.dashboard.exitReason())
                    .as("quitting a batch before it ends interrupts it")
                    .isEqualTo(Dashboard.Exit.INTERRUPTED);
            assertThat(e.listenerCount()).isZero();
        } finally {
            h.close();
        }
    }

    @Test
    void whileStoppingKKillsWhatIsLeftAfterAConfirmation() throws Exception {
        ScriptedEngine e = demo();
        try (Harness h = new Harness(e, 120, 20)) {
            h.press("q").press("y").press("K");
            assertThat(h.line(-1)).contains("kill 3 sessions now");
            h.press("y");
            assertThat(e.calls)
                    .containsExactly("interrupt INT", "kill auth-tests", "kill api-docs", "kill perf-budget");
        }
    }

    @Test
    void ctrlCIsQuitWithTheSameConfirmation() throws Exception {
        ScriptedEngine e = demo();
        e.obeys = true;
        try (Harness h = new Harness(e, 120, 20)) {
            h.ctrlC();
            assertThat(h.line(-1)).contains("stop 3 running sessions and quit? y/n");
            h.press("y");
            h.awaitExit();
            assertThat(e.calls).containsExactly("interrupt INT");
            assertThat(h.dashboard.exitReason()).isEqualTo(Dashboard.Exit.INTERRUPTED);
        }
    }

    @Test
    void attachedToAnotherProcessQuitJustLeaves() throws Exception {
        ScriptedEngine e = demo();
        e.owns = false;
        try (Harness h = new Harness(e, 120, 20)) {
            h.press("q");
            h.awaitExit();
            assertThat(e.calls).isEmpty();
            assertThat(h.dashboard.exitReason()).isEqualTo(Dashboard.Exit.QUIT);
        }
    }

    private static ScriptedEngine finished() {
        RunSnapshot s = DemoRun.snapshot();
        List<SessionView> done = s.sessions().stream()
                .map(v -> v.state().isFinal()
                        ? v
                        : DemoRun.view(
                                v.taskId(),
                                v.attempt(),
                                SessionState.COMPLETED,
                                null,
                                0,
                                170,
                                5000,
                                3,
                                0.1,
                                null,
                                "done"))
                .collect(Collectors.toList());
        return new ScriptedEngine(new RunSnapshot(
                s.runId(),
                s.projectDir(),
                s.model(),
                s.parallel(),
                s.simulated(),
                s.startedAt(),
                s.startedAt().plusSeconds(200),
                done));
    }

    @Test
    void finishedBannerStaysUntilQAndQDoesNotAsk() throws Exception {
        ScriptedEngine e = finished();
        try (Harness h = new Harness(e, 120, 20)) {
            assertThat(h.text()).contains("✗ batch finished: 7 completed, 1 failed", "press q to quit");
            assertThat(h.line(0)).contains("wall 3m20s");
            h.press("j").press("j");
            assertThat(h.text()).contains("batch finished");
            h.press("q");
            h.awaitExit();
            assertThat(h.dashboard.exitReason()).isEqualTo(Dashboard.Exit.QUIT);
            assertThat(e.calls).isEmpty();
        }
    }

    @Test
    void exitWhenDoneClosesOnceTheLastSessionEnds() throws Exception {
        ScriptedEngine e = demo();
        e.obeys = true;
        try (Harness h =
                new Harness(e, 120, 20, new DashboardOptions(true, "claude-multi", null), TailSourceFactory.none())) {
            assertThat(h.running()).isTrue();
            e.stopAll();
            h.awaitExit();
            assertThat(h.dashboard.exitReason()).isEqualTo(Dashboard.Exit.FINISHED);
        }
    }

    @Test
    void closeFromAnotherThreadLeaves() throws Exception {
        try (Harness h = new Harness(demo(), 120, 20)) {
            h.dashboard.close();
            h.awaitExit();
            assertThat(h.dashboard.exitReason()).isEqualTo(Dashboard.Exit.CLOSED);
        }
    }

    @Test
    void endOfInputLeaves() throws Exception {
        try (Harness h = new Harness(demo(), 120, 20)) {
            h.press(KeyType.EOF);
            h.awaitExit();
            assertThat(h.dashboard.exitReason()).isEqualTo(Dashboard.Exit.INPUT_CLOSED);
        }
    }

    @Test
    void columnsDropInOrderAsTheTerminalNarrows() throws Exception {
        try (Harness h = new Harness(demo(), 120, 20)) {
            assertThat(h.line(1)).contains("ACTIVITY", "TURNS", "COST");
            h.resize(80, 20);
            assertThat(h.line(1)).contains("ACTIVITY");
            assertThat(h.lineWith("lint-cleanup")).contains("failed: exit 1: esl");
            h.resize(79, 20);
            assertThat(h.line(1))
                    .as("ACTIVITY goes before STATUS is cut to a stub")
                    .doesNotContain("ACTIVITY");
            h.resize(64, 20);
            assertThat(h.line(1)).doesNotContain("ACTIVITY").contains("TURNS", "COST", "OUTPUT", "ELAPSED");
            h.resize(60, 15);
            assertThat(h.line(1)).doesNotContain("ACTIVITY").contains("STATUS", "ELAPSED");
            assertThat(h.lineWith("fix-types")).contains("completed");
            assertThat(h.line(-2)).contains("Total 8");
            assertThat(h.line(-1)).as("the way out is always shown").contains("? help", "q quit");
            h.resize(59, 15);
            assertThat(h.text()).contains("terminal too small", "59x15, needs 60x15");
            h.resize(80, 14);
            assertThat(h.text()).contains("terminal too small");
            h.resize(100, 30);
            assertThat(h.line(1)).contains("ACTIVITY");
            assertThat(h.text()).doesNotContain("too small");
        }
    }

    @Test
    void neverFailsAtAnySize() throws Exception {
        int[] widths = {0, 1, 2, 3, 5, 10, 20, 40, 59, 60, 61, 75, 80, 81, 100, 132, 250};
        int[] heights = {0, 1, 2, 3, 4, 7, 14, 15, 16, 24, 60};
        ScriptedEngine e = demo();
        try (Harness h = new Harness(e, 1, 1)) {
            for (String mode : new String[] {"table", "help", "confirm", "tail", "filter"}) {
                switch (mode) {
                    case "help" -> h.resize(80, 24).press("?");
                    case "confirm" -> h.resize(80, 24).press(KeyType.Escape).press("S");
                    case "tail" -> h.resize(80, 24).press("n").press(KeyType.Enter);
                    case "filter" ->
                        h.resize(80, 24).press(KeyType.Escape).press("/").press("a");
                    default -> {}
                }
                for (int w : widths) {
                    for (int r : heights) {
                        h.resize(w, r);
                        assertThat(h.running()).as("%s at %dx%d", mode, w, r).isTrue();
                        if (w >= 60 && r >= 15) {
                            assertThat(h.text()).doesNotContain("too small");
                        } else if (w >= 18 && r >= 3) {
                            assertThat(h.text()).contains("terminal too small");
                        }
                    }
                }
            }
            h.resize(1, 1).press("q").press("n");
            assertThat(e.calls).isEmpty();
        }
    }

    @Test
    void untrustedTextIsSanitisedAndWideCharactersKeepColumnsAligned() throws Exception {
        ScriptedEngine e = demo();
        e.put(DemoRun.view(
                "日本語-docs",
                1,
                SessionState.RUNNING,
                null,
                100,
                null,
                10,
                1,
                null,
                "\u001b[31mred\u001b[0m \u001b]0;pwned\u0007title\r\nnext\tline \u202eevil 🚀 done",
                null));
        e.put(DemoRun.view(
                "evil\u001b[2J", 1, SessionState.FAILED, "boom\u0007\u001b[1;1H", 0, 10, 10, 1, null, null, null));
        try (Harness h = new Harness(e, 120, 20)) {
            String row = h.lineWith("日本語-docs");
            // The emoji becomes U+FFFD: Lanterna would send its surrogate halves apart, shown as "??".
            assertThat(row)
                    .contains("red title next line evil \uFFFD done")
                    .doesNotContain("\u001b")
                    .doesNotContain("pwned");
            assertThat(h.text())
                    .doesNotContain("\u001b")
                    .doesNotContain("\u0007")
                    .doesNotContain("\u202e");
            assertThat(h.lineWith("✗ evil "))
                    .contains("failed: boom ")
                    .doesNotContain("[2J")
                    .doesNotContain("1;1H");
            // STATUS starts at the same column in the header and in the wide row
            int rowIdx = h.lines().indexOf(row);
            int statusCol = h.line(1).indexOf("STATUS");
            assertThat(h.cellAt(statusCol, rowIdx).getCharacterString()).isEqualTo("r");
            assertThat(h.cellAt(statusCol + 1, rowIdx).getCharacterString()).isEqualTo("u");
        }
    }

    @Test
    void engineEventBurstsAreCoalescedToAtMostTenFramesASecond() throws Exception {
        ScriptedEngine e = demo();
        try (Harness h = new Harness(e, 120, 20)) {
            long before = h.dashboard.frames();
            long start = System.nanoTime();
            for (int i = 0; i < 2000; i++) {
                e.ping("auth-tests");
                if (i % 100 == 0) {
                    Thread.sleep(25);
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            Thread.sleep(150);
            long frames = h.dashboard.frames() - before;
            assertThat(frames).as("frames for 2000 events in %d ms", ms).isLessThanOrEqualTo(ms / 100 + 4);
            assertThat(frames).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void headerShowsNoSimulatedLabelForARealRunAndTheTitleGiven() throws Exception {
        RunSnapshot s = DemoRun.snapshot();
        ScriptedEngine e = new ScriptedEngine(new RunSnapshot(
                s.runId(),
                Path.of(System.getProperty("user.home"), "proj"),
                s.model(),
                s.parallel(),
                false,
                s.startedAt(),
                null,
                s.sessions()));
        try (Harness h =
                new Harness(e, 120, 20, new DashboardOptions(false, "my-batch", null), TailSourceFactory.none())) {
            assertThat(h.line(0)).contains("my-batch", "~/proj").doesNotContain("SIMULATED");
        }
    }
}
