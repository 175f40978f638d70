package dev.claudemulti.tui;

import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.report.RunTotals;
import java.util.Optional;

/**
 * What the dashboard sends a terminal to get the user's attention when the batch finishes or a
 * session fails: the bell, then a desktop notification both as OSC 9 (iTerm2, Windows Terminal,
 * kitty, WezTerm) and as OSC 777 (urxvt, foot, VTE terminals); a terminal ignores the sequences it
 * does not know. Pure: building the text touches no terminal.
 *
 * <p>Not guaranteed: that a notification is shown (terminals and multiplexers may drop or need
 * settings for OSC sequences; tmux passes them only with {@code allow-passthrough}).
 */
final class DesktopAlert {
    private static final char BEL = '\u0007';
    private static final String OSC = "\u001b]";

    private DesktopAlert() {}

    /** An alert for a session that ended in failure (failed, timed out or lost), else empty. */
    static Optional<String> forSession(SessionView view) {
        SessionState s = view.state();
        if (s != SessionState.FAILED && s != SessionState.TIMED_OUT && s != SessionState.LOST) {
            return Optional.empty();
        }
        String body = view.taskId() + " " + s.label() + (view.reason() == null ? "" : ": " + view.reason());
        return Optional.of(escapes("claude-multi", body));
    }

    /** The alert for a batch that has finished: "batch finished: 3 completed, 1 failed". */
    static String forFinish(RunSnapshot snapshot) {
        return escapes(
                "claude-multi",
                "batch " + snapshot.runId() + " finished: "
                        + RunTotals.of(snapshot).countsText());
    }

    /**
     * BEL, then OSC 9 and OSC 777 notifications of {@code title} and {@code body}. Control
     * characters are removed (one in the text would end the sequence early or start another),
     * and so is {@code ;} from the title, which separates OSC 777's fields; the body is cut to 200
     * characters.
     */
    static String escapes(String title, String body) {
        String t = clean(title).replace(';', ',');
        String b = clean(body);
        if (b.length() > 200) {
            b = b.substring(0, 199) + "…";
        }
        return BEL + OSC + "9;" + b + BEL + OSC + "777;notify;" + t + ";" + b + BEL;
    }

    private static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(c -> !Character.isISOControl(c)).forEach(out::appendCodePoint);
        return out.toString().strip();
    }
}
