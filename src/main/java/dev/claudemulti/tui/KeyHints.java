package dev.claudemulti.tui;

import dev.claudemulti.display.Text;
import java.util.List;

/** The bottom row: the key hints of the current mode (from {@link KeyBindings}), or the y/n question asked. */
final class KeyHints {
    private KeyHints() {}

    /**
     * The key hints that fit, in order. The last two (help and quit, or retry and help) always
     * show: when the row is too narrow, hints are dropped from before them, so the way out is
     * never hidden.
     */
    static void draw(Canvas c, int row, List<String[]> keys) {
        int keep = Math.min(2, keys.size());
        int tailWidth = 0;
        for (int i = keys.size() - keep; i < keys.size(); i++) {
            tailWidth += width(keys.get(i));
        }
        int x = 1;
        for (int i = 0; i < keys.size() - keep; i++) {
            if (x + width(keys.get(i)) + tailWidth > c.cols) {
                break;
            }
            x = drawHint(c, row, x, keys.get(i));
        }
        for (int i = keys.size() - keep; i < keys.size(); i++) {
            if (x + width(keys.get(i)) > c.cols) {
                break;
            }
            x = drawHint(c, row, x, keys.get(i));
        }
    }

    /** The question of a y/n prompt across the whole row. */
    static void drawQuestion(Canvas c, int row, String question) {
        c.fillRow(row, Theme.PROMPT);
        c.put(0, row, Text.fit(" " + question, c.cols), Theme.PROMPT);
    }

    private static int width(String[] k) {
        return Text.width(k[0]) + 1 + Text.width(k[1]) + 2;
    }

    private static int drawHint(Canvas c, int row, int x, String[] k) {
        x = c.put(x, row, k[0], Theme.KEY);
        return c.put(x + 1, row, k[1], Theme.KEY_TEXT) + 2;
    }
}
