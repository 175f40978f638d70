package dev.claudemulti.tui;

import com.googlecode.lanterna.TerminalPosition;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.SessionView;

/**
 * The dashboard's one-line prompt for a follow-up ({@code c}): which session it goes to and the
 * text typed so far. Drawn on the bottom row, under the table, in place of the key hints; Enter
 * sends it through {@code Engine.followUp}, Esc drops it ({@link KeyDispatcher}).
 */
final class FollowUpPrompt {
    /** A prompt is a message to the agent, not a file: longer ones belong in {@code claude-multi continue}. */
    static final int MAX_LENGTH = 4000;

    private final String taskId;
    private final int endedAttempt;
    private final LineEditor editor = new LineEditor(MAX_LENGTH);

    /** A prompt for the follow-up of {@code ended}, a final session with a conversation. */
    FollowUpPrompt(SessionView ended) {
        this.taskId = ended.taskId();
        this.endedAttempt = ended.attempt();
    }

    String taskId() {
        return taskId;
    }

    /** The attempt the follow-up continues: the new one is the next. */
    int endedAttempt() {
        return endedAttempt;
    }

    LineEditor editor() {
        return editor;
    }

    /** Draws the prompt across {@code row}; returns where the terminal's cursor goes. */
    TerminalPosition draw(Canvas c, int row, DashboardState state) {
        c.fillRow(row, Theme.TEXT);
        int x = c.put(0, row, " follow-up to " + Text.sanitizeCell(taskId) + ": ", Theme.KEY);
        StringBuilder hint = new StringBuilder(" ");
        for (String[] h : KeyBindings.hints(KeyBindings.Mode.FOLLOW_UP, state)) {
            hint.append(' ').append(h[0]).append(' ').append(h[1]).append(' ');
        }
        String hints = hint.toString().stripTrailing();
        // The hints give way to the text on a narrow terminal.
        int room = c.cols - x - Text.width(hints);
        if (room < 10) {
            room = c.cols - x;
            hints = "";
        }
        LineEditor.Window w = editor.window(room);
        c.put(x, row, w.shown(), Theme.BOLD, room);
        if (!hints.isEmpty()) {
            c.put(x + room, row, hints, Theme.DIM);
        }
        return new TerminalPosition(Math.min(x + w.cursorColumn(), c.cols - 1), row);
    }
}
