package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard's follow-up prompt ({@code c}): its line editor, and the keys that open, send and cancel it. */
class FollowUpPromptTest {
    private static KeyStroke key(char c) {
        return new KeyStroke(c, false, false);
    }

    private static KeyStroke key(KeyType type) {
        return new KeyStroke(type);
    }

    private static void type(LineEditor editor, String text) {
        for (char c : text.toCharArray()) {
            assertThat(editor.edit(key(c))).isTrue();
        }
    }

    @Test
    void theEditorInsertsAtTheCursorErasesAndMoves() {
        LineEditor e = new LineEditor(100);
        type(e, "helo");
        e.edit(key(KeyType.ArrowLeft));
        type(e, "l");
        assertThat(e.text()).isEqualTo("hello");
        assertThat(e.cursor()).isEqualTo(4);
        e.edit(key(KeyType.Home));
        type(e, ">");
        e.edit(key(KeyType.End));
        type(e, "!");
        assertThat(e.text()).isEqualTo(">hello!");
        e.edit(key(KeyType.Backspace));
        e.edit(key(KeyType.Home));
        e.edit(key(KeyType.Backspace)); // nothing before the cursor
        e.edit(key(KeyType.Delete));
        assertThat(e.text()).isEqualTo("hello");
        e.edit(key(KeyType.ArrowLeft)); // already at the start
        e.edit(key(KeyType.End));
        e.edit(key(KeyType.ArrowRight)); // already at the end
        assertThat(e.cursor()).isEqualTo(5);
    }

    @Test
    void theEditorTakesNoControlOrModifiedKeysAndStopsAtItsLength() {
        LineEditor e = new LineEditor(3);
        assertThat(e.edit(new KeyStroke('a', true, false))).as("Ctrl-A").isFalse();
        assertThat(e.edit(new KeyStroke('a', false, true))).as("Alt-A").isFalse();
        assertThat(e.edit(key('\t'))).isFalse();
        assertThat(e.edit(key(KeyType.Enter))).isFalse();
        assertThat(e.edit(key(KeyType.Escape))).isFalse();
        assertThat(e.edit(key(KeyType.ArrowUp))).isFalse();
        type(e, "abcd");
        assertThat(e.text()).isEqualTo("abc");
    }

    @Test
    void longTextScrollsSoThatTheCursorStaysVisible() {
        LineEditor e = new LineEditor(100);
        type(e, "0123456789abcdef");
        LineEditor.Window end = e.window(10);
        assertThat(end.shown()).isEqualTo("789abcdef");
        assertThat(end.cursorColumn()).isEqualTo(9);
        e.edit(key(KeyType.Home));
        LineEditor.Window start = e.window(10);
        assertThat(start.shown()).isEqualTo("0123456789");
        assertThat(start.cursorColumn()).isZero();
        e.edit(key(KeyType.ArrowRight));
        e.edit(key(KeyType.ArrowRight));
        assertThat(e.window(10).shown())
                .as("moving inside the window does not scroll")
                .isEqualTo("0123456789");
        assertThat(e.window(10).cursorColumn()).isEqualTo(2);
        LineEditor wide = new LineEditor(100);
        type(wide, "日本語のテキスト");
        LineEditor.Window w = wide.window(9);
        assertThat(w.shown()).isEqualTo("のテキスト".substring(1));
        assertThat(w.cursorColumn()).isEqualTo(8);
    }

    private static RunSnapshot run() {
        RunSnapshot s = DemoRun.snapshot();
        SessionView done = DemoRun.view("done", 1, SessionState.COMPLETED, null, 0, 10, 100, 1, 0.1, null, "ok")
                .withSessionId("s-1");
        SessionView running = DemoRun.view("busy", 1, SessionState.RUNNING, null, 0, null, 100, 1, null, null, null)
                .withSessionId("s-2");
        SessionView never =
                DemoRun.view("never", 1, SessionState.SKIPPED, "dependency x failed", -1, null, 0, 0, null, null, null);
        return new RunSnapshot(
                s.runId(), s.projectDir(), s.model(), 2, false, s.startedAt(), null, List.of(done, running, never));
    }

    private static KeyDispatcher keys(ScriptedEngine engine, DashboardState state) {
        ReviewWorker review = new ReviewWorker(ReviewActions.NONE, new EventLoop(Clock.systemUTC()), state);
        state.followSelection(10);
        return new KeyDispatcher(engine, state, TailSourceFactory.none(), () -> {}, review, () -> {});
    }

    @Test
    void cThenTextThenEnterSendsTheFollowUpAndNoOtherKeyFiresMeanwhile() {
        ScriptedEngine engine = new ScriptedEngine(run());
        DashboardState state = new DashboardState(engine.snapshot());
        KeyDispatcher keys = keys(engine, state);
        keys.handle(key('c'));
        assertThat(state.mode()).isEqualTo(KeyBindings.Mode.FOLLOW_UP);
        assertThat(state.followUp().taskId()).isEqualTo("done");
        for (char c : "now add tests; q s K r ? / j".toCharArray()) {
            keys.handle(key(c));
        }
        keys.handle(key(KeyType.ArrowDown));
        keys.handle(key(KeyType.Backspace));
        keys.handle(key(KeyType.Backspace));
        assertThat(state.helpShown()).isFalse();
        assertThat(state.confirm()).isNull();
        assertThat(state.selected().taskId()).isEqualTo("done");
        assertThat(engine.calls).isEmpty();
        keys.handle(key(KeyType.Enter));
        assertThat(engine.calls).containsExactly("followUp done now add tests; q s K r ? /");
        assertThat(state.mode()).isEqualTo(KeyBindings.Mode.TABLE);
        assertThat(state.message()).isEqualTo("continuing done as attempt #2");
    }

    @Test
    void thePromptIsDrawnUnderTheTableAndLongTextScrolls() throws Exception {
        ScriptedEngine engine = new ScriptedEngine(run());
        try (Harness h = new Harness(engine, 80, 20)) {
            h.press("c").press("fix the tests");
            assertThat(h.line(-1))
                    .startsWith(" follow-up to done: fix the tests")
                    .endsWith("Enter send  Esc cancel");
            h.press("x".repeat(100));
            assertThat(h.line(-1))
                    .as("the end of the text, where the cursor is, stays in view")
                    .startsWith(" follow-up to done: xxxx")
                    .doesNotContain("fix")
                    .endsWith("x" + " " /* the cursor's cell */ + "  Enter send  Esc cancel");
            h.press(KeyType.Enter);
            assertThat(engine.calls).containsExactly("followUp done fix the tests" + "x".repeat(100));
            assertThat(h.text()).contains("continuing done as attempt #2");
        }
    }

    @Test
    void escCancelsAndAnEmptyPromptIsNotSent() {
        ScriptedEngine engine = new ScriptedEngine(run());
        DashboardState state = new DashboardState(engine.snapshot());
        KeyDispatcher keys = keys(engine, state);
        keys.handle(key('c'));
        keys.handle(key(KeyType.Enter));
        assertThat(state.mode()).isEqualTo(KeyBindings.Mode.FOLLOW_UP);
        assertThat(state.message()).isEqualTo("type the follow-up prompt, or Esc to cancel");
        keys.handle(key('x'));
        keys.handle(key(KeyType.Escape));
        assertThat(state.mode()).isEqualTo(KeyBindings.Mode.TABLE);
        assertThat(state.message()).isEqualTo("cancelled");
        keys.handle(key('c'));
        assertThat(state.followUp().editor().text())
                .as("a new prompt starts empty")
                .isEmpty();
        keys.handle(key(KeyType.Escape));
        assertThat(engine.calls).isEmpty();
    }

    @Test
    void aRunningSessionOneThatNeverStartedAndARunWithoutOrchestratorSayWhy() {
        ScriptedEngine engine = new ScriptedEngine(run());
        DashboardState state = new DashboardState(engine.snapshot());
        KeyDispatcher keys = keys(engine, state);
        keys.handle(key('j'));
        keys.handle(key('c'));
        assertThat(state.followUp()).isNull();
        assertThat(state.message()).isEqualTo("busy is still running; stop it first (s) to continue it");
        keys.handle(key('j'));
        keys.handle(key('c'));
        assertThat(state.followUp()).isNull();
        assertThat(state.message()).isEqualTo("never never started: no conversation to continue");
        keys.handle(key('g'));
        engine.followsUp = false;
        keys.handle(key('c'));
        assertThat(state.followUp()).isNull();
        assertThat(state.message())
                .isEqualTo("no orchestrator runs this batch any more; continue done from a shell: claude-multi continue"
                        + " --help");
        assertThat(engine.calls).isEmpty();
    }
}
