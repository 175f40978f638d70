package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** The tail view, fed by a scripted source: readable and raw modes, follow, scrolling, and going back. */
class TailTest {

    /** Lines the test appends; each poll hands over what is new. */
    static final class ScriptedTail implements TailSource {
        final ConcurrentLinkedQueue<String[]> pending = new ConcurrentLinkedQueue<>();
        volatile boolean closed;

        void add(String readable, String raw) {
            pending.add(new String[] {readable, raw});
        }

        @Override
        public boolean poll(Sink sink) {
            String[] l;
            while ((l = pending.poll()) != null) {
                if (l[0] != null) {
                    sink.readable(l[0]);
                }
                if (l[1] != null) {
                    sink.raw(l[1]);
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return "output.jsonl";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final Map<String, ScriptedTail> tails = new ConcurrentHashMap<>();
    final List<String> opened = new ArrayList<>();

    private TailSourceFactory factory() {
        return v -> {
            opened.add(v.taskId() + "#" + v.attempt());
            return tails.computeIfAbsent(v.taskId() + "#" + v.attempt(), k -> new ScriptedTail());
        };
    }

    private Harness harness(ScriptedEngine e) throws Exception {
        ScriptedTail t = tails.computeIfAbsent("auth-tests#1", k -> new ScriptedTail());
        t.add("● init model=sonnet session=3333a7fe", "{\"type\":\"system\",\"subtype\":\"init\"}");
        t.add(
                "I'll run the auth tests first.",
                "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\"}]}}");
        t.add(
                "▸ Bash: npm test -- src/auth",
                "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\"}]}}");
        t.add(
                "  ✗ Error: 2 tests failed",
                "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"is_error\":true}]}}");
        return new Harness(e, 100, 24, new DashboardOptions(false, "claude-multi", null), factory());
    }

    @Test
    void theFactsLineNamesTheSessionIdOfARunningAttempt() throws Exception {
        String id = "3333a7fe-0000-4000-8000-000000000001";
        java.util.List<dev.claudemulti.engine.SessionView> sessions = new java.util.ArrayList<>(DemoRun.sessions());
        sessions.replaceAll(v -> v.taskId().equals("auth-tests") ? v.withSessionId(id) : v);
        dev.claudemulti.engine.RunSnapshot demo = DemoRun.snapshot();
        ScriptedEngine e = new ScriptedEngine(new dev.claudemulti.engine.RunSnapshot(
                demo.runId(),
                demo.projectDir(),
                demo.model(),
                demo.parallel(),
                demo.simulated(),
                demo.startedAt(),
                demo.endedAt(),
                sessions));
        try (Harness h = harness(e)) {
            h.press("j").press(KeyType.Enter);
            assertThat(h.line(1)).contains("auth-tests", "session 3333a7fe ", "readable · following");
        }
    }

    @Test
    void enterOpensTheReadableTailAndEscGoesBack() throws Exception {
        ScriptedEngine e = new ScriptedEngine(DemoRun.snapshot());
        try (Harness h = harness(e)) {
            h.press("j").press(KeyType.Enter);
            assertThat(h.line(0)).contains("claude-multi · tail", "SIMULATED");
            assertThat(h.line(1)).contains("auth-tests", "running", "23.3 KB", "readable · following");
            assertThat(h.text())
                    .contains(
                            "I'll run the auth tests first.",
                            "▸ Bash: npm test -- src/auth",
                            "  ✗ Error: 2 tests failed")
                    .doesNotContain("\"type\"");
            assertThat(h.line(-1)).contains("Esc back", "R raw", "f pause", "scroll");
            h.press(KeyType.Escape);
            assertThat(h.line(1)).contains("ID", "STATUS");
            assertThat(tails.get("auth-tests#1").closed).isTrue();
            h.press("t");
            assertThat(h.line(0)).contains("tail");
        }
    }

    @Test
    void rTogglesRawJsonLines() throws Exception {
        try (Harness h = harness(new ScriptedEngine(DemoRun.snapshot()))) {
            h.press("j").press("t").press("R");
            assertThat(h.line(1)).contains("RAW");
            assertThat(h.text())
                    .contains("{\"type\":\"system\",\"subtype\":\"init\"}")
                    .doesNotContain("I'll run the auth tests first.");
            assertThat(h.line(-1)).contains("R readable");
            h.press("R");
            assertThat(h.text()).contains("I'll run the auth tests first.");
        }
    }

    @Test
    void followsNewOutputAndFPausesIt() throws Exception {
        ScriptedEngine e = new ScriptedEngine(DemoRun.snapshot());
        try (Harness h = harness(e)) {
            h.press("j").press(KeyType.Enter);
            ScriptedTail t = tails.get("auth-tests#1");
            for (int i = 0; i < 60; i++) {
                t.add("line " + i, "{\"n\":" + i + "}");
            }
            e.ping("auth-tests"); // the engine reports progress: the view reads the file again
            h.sync();
            assertThat(h.text()).contains("line 59").doesNotContain("line 10\n");
            h.press("f");
            assertThat(h.line(1)).contains("paused");
            t.add("line 60", null);
            e.ping("auth-tests");
            h.sync();
            assertThat(h.text()).contains("line 59").doesNotContain("line 60");
            h.press("f");
            assertThat(h.text()).contains("line 60");
        }
    }

    @Test
    void scrollsWithArrowsPagesAndEnds() throws Exception {
        ScriptedEngine e = new ScriptedEngine(DemoRun.snapshot());
        try (Harness h = harness(e)) {
            ScriptedTail t = tails.get("auth-tests#1");
            for (int i = 0; i < 100; i++) {
                t.add(String.format("line %03d", i), null);
            }
            h.press("j").press(KeyType.Enter);
            assertThat(h.text()).contains("line 099");
            h.press(KeyType.Home);
            assertThat(h.line(2)).contains("● init model=sonnet");
            h.press(KeyType.ArrowDown).press("j");
            assertThat(h.line(2)).contains("▸ Bash");
            h.press(KeyType.PageDown);
            assertThat(h.text()).doesNotContain("✗ Error").contains("line 030");
            h.press(KeyType.PageUp).press(KeyType.ArrowUp);
            assertThat(h.line(2)).contains("I'll run the auth tests first.");
            h.press(KeyType.End);
            assertThat(h.text()).contains("line 099");
            assertThat(h.line(1)).contains("following");
        }
    }

    @Test
    void longReadableLinesWrapAndErrorsAreMarkedInColour() throws Exception {
        try (Harness h = harness(new ScriptedEngine(DemoRun.snapshot()))) {
            tails.get("auth-tests#1").add("word ".repeat(50).strip(), null);
            h.press("j").press(KeyType.Enter);
            long rows =
                    h.lines().stream().filter(l -> l.startsWith("word word")).count();
            assertThat(rows).isEqualTo(3);
            int errRow = h.lines().indexOf(h.lineWith("✗ Error"));
            assertThat(h.cellAt(0, errRow).getForegroundColor())
                    .isEqualTo(com.googlecode.lanterna.TextColor.ANSI.RED_BRIGHT);
        }
    }

    @Test
    void stopFromTheTailViewAsksFirst() throws Exception {
        ScriptedEngine e = new ScriptedEngine(DemoRun.snapshot());
        try (Harness h = harness(e)) {
            h.press("j").press(KeyType.Enter).press("s");
            assertThat(h.line(-1)).contains("stop auth-tests? y/n");
            h.press("n");
            assertThat(e.calls).isEmpty();
            h.press("s").press("y");
            assertThat(e.calls).containsExactly("stop auth-tests");
            assertThat(h.line(0)).contains("tail");
        }
    }

    @Test
    void aRetriedSessionIsTailedFromItsNewAttempt() throws Exception {
        ScriptedEngine e = new ScriptedEngine(DemoRun.snapshot());
        try (Harness h = harness(e)) {
            h.press("jjjj").press(KeyType.Enter); // lint-cleanup #1
            assertThat(opened).containsExactly("lint-cleanup#1");
            tails.computeIfAbsent("lint-cleanup#2", k -> new ScriptedTail()).add("second attempt starts", null);
            SessionView v =
                    DemoRun.view("lint-cleanup", 2, SessionState.RUNNING, null, 180, null, 100, 0, null, null, null);
            e.put(v);
            h.sync();
            assertThat(opened).containsExactly("lint-cleanup#1", "lint-cleanup#2");
            assertThat(h.line(1)).contains("lint-cleanup #2");
            assertThat(h.text()).contains("second attempt starts");
        }
    }

    @Test
    void aSourceThatFailsSaysSoInsteadOfCrashing() throws Exception {
        ScriptedEngine e = new ScriptedEngine(DemoRun.snapshot());
        TailSourceFactory broken = v -> new TailSource() {
            @Override
            public boolean poll(Sink sink) throws java.io.IOException {
                throw new java.io.IOException("permission denied");
            }
        };
        try (Harness h = new Harness(e, 100, 24, new DashboardOptions(false, "claude-multi", null), broken)) {
            h.press(KeyType.Enter);
            assertThat(h.text()).contains("cannot read output: permission denied");
            assertThat(h.running()).isTrue();
        }
    }
}
