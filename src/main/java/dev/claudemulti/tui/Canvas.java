package dev.claudemulti.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.screen.Screen;
import dev.claudemulti.display.Text;
import java.util.EnumSet;

/**
 * Draws styled text into a screen's back buffer, clipped to the screen: nothing drawn here can
 * land outside it, whatever the size. Wide characters take two columns and are never split.
 */
final class Canvas {
    /** Foreground, background and attributes of drawn text. */
    record Style(TextColor fg, TextColor bg, EnumSet<SGR> sgr) {
        Style {
            sgr = sgr.isEmpty() ? EnumSet.noneOf(SGR.class) : EnumSet.copyOf(sgr);
        }

        static Style of(TextColor fg, TextColor bg, SGR... sgr) {
            EnumSet<SGR> set = EnumSet.noneOf(SGR.class);
            for (SGR s : sgr) {
                set.add(s);
            }
            return new Style(fg, bg, set);
        }

        Style bg(TextColor newBg) {
            return new Style(fg, newBg, sgr);
        }

        Style fg(TextColor newFg) {
            return new Style(newFg, bg, sgr);
        }

        Style with(SGR s) {
            EnumSet<SGR> set = EnumSet.copyOf(sgr);
            set.add(s);
            return new Style(fg, bg, set);
        }
    }

    private final Screen screen;
    final int cols;
    final int rows;

    Canvas(Screen screen, int cols, int rows) {
        this.screen = screen;
        this.cols = Math.max(0, cols);
        this.rows = Math.max(0, rows);
    }

    /** Draws {@code text} at (col, row), at most {@code maxWidth} columns; returns the column after it. */
    @SuppressWarnings("deprecation") // the one-char TextCharacter constructor is the fast path's point
    int put(int col, int row, String text, Style style, int maxWidth) {
        if (row < 0 || row >= rows || text == null || text.isEmpty()) {
            return col;
        }
        int limit = Math.min(cols, col + Math.max(0, maxWidth));
        int x = col;
        if (Text.isSimple(text)) {
            // One char, one column: skip the grapheme iterator, which dominates the cost of a frame.
            for (int i = 0; i < text.length() && x < limit; i++, x++) {
                if (x >= 0) {
                    screen.setCharacter(x, row, new TextCharacter(text.charAt(i), style.fg(), style.bg(), style.sgr()));
                }
            }
            return x;
        }
        for (TextCharacter tc : TextCharacter.fromString(text, style.fg(), style.bg(), style.sgr())) {
            int w = Text.columns(tc);
            if (x + w > limit) {
                break;
            }
            if (x >= 0) {
                screen.setCharacter(x, row, tc);
            }
            x += w;
        }
        return x;
    }

    int put(int col, int row, String text, Style style) {
        return put(col, row, text, style, cols - col);
    }

    /** Paints cells [col, col+width) of a row with spaces in the style (a bar's background). */
    void fill(int col, int row, int width, Style style) {
        if (row < 0 || row >= rows) {
            return;
        }
        TextCharacter blank = TextCharacter.fromCharacter(
                ' ', style.fg(), style.bg(), style.sgr().toArray(new SGR[0]))[0];
        for (int x = Math.max(0, col); x < Math.min(cols, col + width); x++) {
            screen.setCharacter(x, row, blank);
        }
    }

    void fillRow(int row, Style style) {
        fill(0, row, cols, style);
    }
}
