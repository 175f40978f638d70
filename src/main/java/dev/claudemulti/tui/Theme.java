package dev.claudemulti.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.TextColor.ANSI;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.report.Status;
import dev.claudemulti.tui.Canvas.Style;

/** Colours and icons. Only the 16 ANSI colours, so it reads on any terminal and palette. */
final class Theme {
    private Theme() {}

    static final TextColor DEFAULT = ANSI.DEFAULT;
    static final Style TEXT = Style.of(DEFAULT, DEFAULT);
    static final Style DIM = Style.of(ANSI.BLACK_BRIGHT, DEFAULT);
    static final Style BOLD = Style.of(DEFAULT, DEFAULT, SGR.BOLD);
    static final Style HEADER = Style.of(ANSI.WHITE_BRIGHT, ANSI.BLUE);
    static final Style HEADER_TITLE = Style.of(ANSI.WHITE_BRIGHT, ANSI.BLUE, SGR.BOLD);
    static final Style SIMULATED = Style.of(ANSI.BLACK, ANSI.YELLOW_BRIGHT, SGR.BOLD);
    /** The header's "paused: rate limited until 14:05": nothing starts, which the user should see at once. */
    static final Style PAUSED = Style.of(ANSI.BLACK, ANSI.YELLOW_BRIGHT, SGR.BOLD);

    static final Style COLUMN_HEADER = Style.of(ANSI.WHITE_BRIGHT, DEFAULT, SGR.BOLD, SGR.UNDERLINE);
    static final TextColor SELECTED_BG = ANSI.BLUE;
    static final Style FOOTER = Style.of(ANSI.BLACK, ANSI.WHITE);
    static final Style FOOTER_BOLD = Style.of(ANSI.BLACK, ANSI.WHITE, SGR.BOLD);
    static final Style KEY = Style.of(ANSI.CYAN_BRIGHT, DEFAULT, SGR.BOLD);
    static final Style KEY_TEXT = Style.of(ANSI.WHITE, DEFAULT);
    static final Style PROMPT = Style.of(ANSI.BLACK, ANSI.YELLOW_BRIGHT, SGR.BOLD);
    static final Style BANNER_OK = Style.of(ANSI.BLACK, ANSI.GREEN_BRIGHT, SGR.BOLD);
    static final Style BANNER_WARN = Style.of(ANSI.BLACK, ANSI.YELLOW_BRIGHT, SGR.BOLD);
    static final Style BANNER_BAD = Style.of(ANSI.WHITE_BRIGHT, ANSI.RED, SGR.BOLD);
    static final Style MESSAGE = Style.of(ANSI.YELLOW_BRIGHT, DEFAULT);
    static final Style BOX = Style.of(ANSI.WHITE_BRIGHT, ANSI.BLACK);
    static final Style BOX_KEY = Style.of(ANSI.CYAN_BRIGHT, ANSI.BLACK, SGR.BOLD);
    static final Style ERROR_LINE = Style.of(ANSI.RED_BRIGHT, DEFAULT);
    static final Style RESULT_OK = Style.of(ANSI.GREEN_BRIGHT, DEFAULT, SGR.BOLD);
    /** A CHANGES cell of a session that conflicts with the current branch or another session. */
    static final Style CONFLICT = Style.of(ANSI.RED_BRIGHT, DEFAULT, SGR.BOLD);
    // The diff view's lines, coloured as git colours them.
    static final Style DIFF_FILE = Style.of(ANSI.WHITE_BRIGHT, DEFAULT, SGR.BOLD);
    static final Style DIFF_HUNK = Style.of(ANSI.CYAN, DEFAULT);
    static final Style DIFF_ADDED = Style.of(ANSI.GREEN, DEFAULT);
    static final Style DIFF_REMOVED = Style.of(ANSI.RED, DEFAULT);

    static Style state(SessionState s) {
        return switch (s) {
            case QUEUED -> DIM;
            case RUNNING -> Style.of(ANSI.CYAN_BRIGHT, DEFAULT, SGR.BOLD);
            case COMPLETED -> Style.of(ANSI.GREEN_BRIGHT, DEFAULT);
            case FAILED -> Style.of(ANSI.RED_BRIGHT, DEFAULT, SGR.BOLD);
            case TIMED_OUT -> Style.of(ANSI.MAGENTA_BRIGHT, DEFAULT, SGR.BOLD);
            case STOPPED -> Style.of(ANSI.YELLOW, DEFAULT);
            case KILLED -> Style.of(ANSI.RED, DEFAULT);
            case LOST -> Style.of(ANSI.BLACK, ANSI.YELLOW_BRIGHT, SGR.BOLD);
            case SKIPPED -> DIM;
            case ATTACHED -> Style.of(ANSI.BLUE_BRIGHT, DEFAULT, SGR.BOLD);
        };
    }

    /** A session's colour: its state's, but a completion with permission denials is a warning. */
    static Style state(SessionView v) {
        return Status.of(v) == Status.COMPLETED_WITH_DENIALS
                ? Style.of(ANSI.YELLOW_BRIGHT, DEFAULT, SGR.BOLD)
                : state(v.state());
    }

    /** A session's icon: its state's, but ⚠ for a completion with permission denials. */
    static String icon(SessionView v) {
        return Status.of(v) == Status.COMPLETED_WITH_DENIALS ? "⚠" : icon(v.state());
    }

    /** One column each in Lanterna and in DejaVu Sans Mono (no emoji presentation). */
    static String icon(SessionState s) {
        return switch (s) {
            case QUEUED -> "·";
            case RUNNING -> "●";
            case COMPLETED -> "✓";
            case FAILED -> "✗";
            case TIMED_OUT -> "◷";
            case STOPPED -> "■";
            case KILLED -> "⊘";
            case LOST -> "?";
            case SKIPPED -> "⊝";
            case ATTACHED -> "↳";
        };
    }
}
