package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.Engine;
import dev.claudemulti.engine.EngineListener;
import dev.claudemulti.engine.Handover;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard's {@code a} without a terminal: the checks, the question, the stop first, the hand-over. */
class TakeOverKeysTest {
    /** An engine whose snapshot the test sets, and which records what it was asked. */
    private static final class RecordingEngine implements Engine {
        RunSnapshot snapshot;
        final List<String> calls = new ArrayList<>();
        String refusal;

        @Override
        public RunSnapshot snapshot() {
            return snapshot;
        }

        @Override
        public AutoCloseable subscribe(EngineListener listener) {
            return () -> {};
        }

        @Override
        public void stop(String taskId) {
            calls.add("stop " + taskId);
        }

        @Override
        public void kill(String taskId) {}

        @Override
        public void retry(String taskId) {}

        @Override
        public void stopAll() {}

        @Override
        public String attachRefusal(String taskId) {
            return refusal;
        }

        @Override
        public Handover attachBegin(String taskId) {
            calls.add("begin " + taskId);
            return new Handover(List.of("claude", "--resume", "s-" + taskId), Path.of("/work/" + taskId), null);
        }

        @Override
        public void attachEnd(String taskId, int exitCode) {
            calls.add("end " + taskId + " " + exitCode);
        }
    }

    private static RunSnapshot run(SessionState a) {
        SessionView view = SessionView.started("a", 1, 42L, Instant.now(), "sonnet")
                .withSessionId("s-a")
                .withState(a, null);
        return new RunSnapshot("R", Path.of("/work"), "sonnet", 1, false, Instant.now(), null, List.of(view));
    }

    @Test
    void anEndedSessionIsHandedToClaudeAndTheEndRecorded() {
        RecordingEngine engine = new RecordingEngine();
        engine.snapshot = run(SessionState.COMPLETED);
        DashboardState state = new DashboardState(engine.snapshot);
        TakeOverKeys keys = new TakeOverKeys(engine, state);
        keys.ask(state.selected());
        assertThat(state.message()).contains("own terminal");
        assertThat(engine.calls).isEmpty();

        List<String> ran = new ArrayList<>();
        keys.foreground((command, dir) -> {
            ran.add(String.join(" ", command) + " in " + dir);
            return 7;
        });
        engine.refusal = "task 'a' has no session id";
        keys.ask(state.selected());
        assertThat(state.message()).contains("no session id");
        assertThat(ran).isEmpty();

        engine.refusal = null;
        keys.ask(state.selected());
        assertThat(ran).containsExactly("claude --resume s-a in /work/a");
        assertThat(engine.calls).containsExactly("begin a", "end a 7");
        assertThat(state.message()).contains("a taken over by hand: claude exited 7");
    }

    @Test
    void aRunningSessionIsStoppedAfterAYesAndTakenOverOnceItEnded() {
        RecordingEngine engine = new RecordingEngine();
        engine.snapshot = run(SessionState.RUNNING);
        DashboardState state = new DashboardState(engine.snapshot);
        TakeOverKeys keys = new TakeOverKeys(engine, state);
        List<String> ran = new ArrayList<>();
        keys.foreground((command, dir) -> {
            ran.add(String.join(" ", command));
            return 0;
        });
        keys.ask(state.selected());
        assertThat(state.confirm().question()).isEqualTo("stop a and take it over in claude? y/n");
        state.takeConfirm().yes().run();
        assertThat(engine.calls).containsExactly("stop a");

        keys.snapshotChanged(); // still running
        assertThat(ran).isEmpty();
        state.update(run(SessionState.STOPPED));
        keys.snapshotChanged();
        assertThat(ran).containsExactly("claude --resume s-a");
        assertThat(engine.calls).containsExactly("stop a", "begin a", "end a 0");
        keys.snapshotChanged();
        assertThat(ran).as("once").hasSize(1);
    }
}
