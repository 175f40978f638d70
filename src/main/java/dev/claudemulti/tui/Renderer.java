package dev.claudemulti.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.Screen;
import dev.claudemulti.display.Text;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

/**
 * Draws one frame of the {@link DashboardState} onto the screen: the layout step first (table
 * selection and scroll, the tail's or the diff's page), then the screen that is up, the help overlay over it,
 * and a refresh. Below {@link #MIN_COLS}x{@link #MIN_ROWS} it only says the terminal is too small.
 * GUI thread only: the only code that writes to the screen.
 */
final class Renderer {
    /** Below this the dashboard shows only "terminal too small". */
    static final int MIN_COLS = 60;

    static final int MIN_ROWS = 15;

    private final Screen screen;
    private final String title;
    private final Clock clock;
    private TerminalSize lastSize;

    Renderer(Screen screen, String title, Clock clock) {
        this.screen = screen;
        this.title = title;
        this.clock = clock;
    }

    void draw(DashboardState state) throws IOException {
        TerminalSize size = screen.doResizeIfNecessary();
        if (size == null) {
            size = screen.getTerminalSize();
        }
        screen.clear();
        Canvas c = new Canvas(screen, size.getColumns(), size.getRows());
        Instant now = clock.instant();
        TerminalPosition cursor = null;
        boolean fits = c.cols >= MIN_COLS && c.rows >= MIN_ROWS;
        if (!fits) {
            drawTooSmall(c, state);
        } else if (state.diff() != null) {
            DiffView.Page page = state.diff().layout(c.cols, DiffScreen.textRows(state, c.rows));
            DiffScreen.draw(c, state, page, title, now);
        } else if (state.tail() != null) {
            TailView.Page page = state.tail().layout(c.cols, TailScreen.outputRows(state, c.rows));
            TailScreen.draw(c, state, page, title, now);
        } else {
            cursor = TableScreen.draw(c, state, TableLayout.of(state, c.cols, c.rows), title, now);
        }
        if (state.helpShown() && fits) {
            HelpOverlay.draw(c, state.hasWorkspaces());
        }
        screen.setCursorPosition(cursor);
        // After a resize the terminal has reflowed or scrolled what it showed: repaint it all.
        screen.refresh(size.equals(lastSize) ? Screen.RefreshType.DELTA : Screen.RefreshType.COMPLETE);
        lastSize = size;
    }

    private static void drawTooSmall(Canvas c, DashboardState state) {
        String[] lines = {
            "terminal too small", c.cols + "x" + c.rows + ", needs " + MIN_COLS + "x" + MIN_ROWS, "q quits",
        };
        int y0 = Math.max(0, (c.rows - lines.length) / 2);
        for (int i = 0; i < lines.length && y0 + i < c.rows; i++) {
            String l = Text.fit(lines[i], c.cols);
            c.put(Math.max(0, (c.cols - Text.width(l)) / 2), y0 + i, l, i == 0 ? Theme.BANNER_WARN : Theme.TEXT);
        }
        if (state.confirm() != null) {
            c.fillRow(c.rows - 1, Theme.PROMPT);
            c.put(0, c.rows - 1, Text.fit(state.confirm().question(), c.cols), Theme.PROMPT);
        }
    }
}
