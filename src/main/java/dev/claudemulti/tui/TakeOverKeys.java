package dev.claudemulti.tui;

import dev.claudemulti.display.Text;
import dev.claudemulti.engine.Engine;
import dev.claudemulti.engine.Handover;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.io.IOException;

/**
 * The dashboard's {@code a}: takes the selected session over by hand. The same checks as
 * {@code claude-multi attach} ({@link Engine#attachRefusal}); a running session is stopped first
 * after a y/n, and taken over once the snapshot shows it ended. Then the engine records the begin,
 * the {@link Foreground} runs claude with the terminal, and the engine records the end. GUI thread
 * only; the batch goes on meanwhile on the engine's threads, and nothing draws until claude exits.
 */
final class TakeOverKeys {
    private final Engine engine;
    private final DashboardState state;
    private Foreground foreground = Foreground.NONE;
    /** A session stopped to be taken over, until it has ended; null for none. */
    private String waitingFor;

    TakeOverKeys(Engine engine, DashboardState state) {
        this.engine = engine;
        this.state = state;
    }

    /** Where claude runs: the dashboard's own terminal, when it has one. */
    void foreground(Foreground f) {
        this.foreground = f;
    }

    /** The {@code a} key on {@code v}. */
    void ask(SessionView v) {
        if (v == null) {
            return;
        }
        if (foreground == Foreground.NONE) {
            state.say("taking a session over needs the dashboard's own terminal");
            return;
        }
        String id = v.taskId();
        String why = engine.attachRefusal(id);
        if (why != null) {
            state.say(Text.sanitizeCell(why));
            return;
        }
        if (v.state().isFinal() && v.state() != SessionState.LOST) {
            takeOver(id);
            return;
        }
        state.ask("stop " + SessionTable.idText(v) + " and take it over in claude? y/n", () -> {
            engine.stop(id);
            waitingFor = id;
            state.say("stopping " + Text.sanitizeCell(id) + ", then taking it over…");
        });
    }

    /** With each new snapshot: a session stopped to be taken over is taken over once it has ended. */
    void snapshotChanged() {
        if (waitingFor == null) {
            return;
        }
        SessionView v = state.session(waitingFor);
        if (v == null || v.state().isFinal() && v.state() != SessionState.LOST) {
            String id = waitingFor;
            waitingFor = null;
            if (v != null) {
                takeOver(id);
            }
        }
    }

    private void takeOver(String id) {
        Handover handover = engine.attachBegin(id);
        if (!handover.began()) {
            state.say(Text.sanitizeCell(handover.refusal()));
            return;
        }
        int exit;
        try {
            exit = foreground.run(handover.command(), handover.directory());
        } catch (IOException e) {
            exit = -1;
            state.say("cannot run claude: " + Text.sanitizeCell(String.valueOf(e.getMessage())));
        }
        engine.attachEnd(id, exit);
        if (exit >= 0) {
            state.say(Text.sanitizeCell(id) + " taken over by hand: claude exited " + exit);
        }
    }
}
