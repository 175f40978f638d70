package dev.claudemulti.tui;

import com.googlecode.lanterna.input.KeyStroke;
import dev.claudemulti.display.Text;

/**
 * A one-line text input: printable characters are inserted at the cursor, Backspace and Delete
 * erase, Left/Right/Home/End move. Enter and Esc are not its business (the {@link KeyBindings} of the
 * mode that uses it say what they do). Text longer than the room it is drawn in scrolls
 * horizontally so that the cursor stays visible ({@link #window}). GUI thread only.
 *
 * <p>Not guaranteed: exact columns for characters the terminal draws differently from
 * {@link Text#width} (emoji beyond the BMP are drawn as U+FFFD, one column, as everywhere in the dashboard).
 */
final class LineEditor {
    /** The text as shown in {@code width} columns: its visible part, and the cursor's column in it. */
    record Window(String shown, int cursorColumn) {}

    private final int maxLength;
    private final StringBuilder text = new StringBuilder();
    /** Where the next character goes, as an index into {@link #text}. */
    private int cursor;
    /** The first character shown: kept across draws so the view does not jump while the cursor moves inside it. */
    private int scroll;

    /** {@code maxLength}: characters beyond it are not taken. */
    LineEditor(int maxLength) {
        this.maxLength = maxLength;
    }

    String text() {
        return text.toString();
    }

    int cursor() {
        return cursor;
    }

    /** Applies an editing key; returns false, changing nothing, for any other key. */
    boolean edit(KeyStroke k) {
        switch (k.getKeyType()) {
            case Character -> {
                Character c = k.getCharacter();
                if (c == null || k.isCtrlDown() || k.isAltDown() || Character.isISOControl(c)) {
                    return false;
                }
                if (text.length() < maxLength) {
                    text.insert(cursor++, c.charValue());
                }
            }
            case Backspace -> {
                if (cursor > 0) {
                    text.deleteCharAt(--cursor);
                }
            }
            case Delete -> {
                if (cursor < text.length()) {
                    text.deleteCharAt(cursor);
                }
            }
            case ArrowLeft -> cursor = Math.max(0, cursor - 1);
            case ArrowRight -> cursor = Math.min(text.length(), cursor + 1);
            case Home -> cursor = 0;
            case End -> cursor = text.length();
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * The part of the text to draw in {@code width} columns (at least 1), scrolled as little as
     * possible from the last window so that the cursor, and the column it writes into, are in it.
     */
    Window window(int width) {
        int room = Math.max(1, width);
        scroll = Math.min(scroll, cursor);
        // The cursor's own column must fit: at the end of the text it stands after the last character.
        while (columns(scroll, cursor) + 1 > room && scroll < cursor) {
            scroll++;
        }
        StringBuilder shown = new StringBuilder();
        int used = 0;
        for (int i = scroll; i < text.length(); i++) {
            String ch = Text.sanitizeCell(String.valueOf(text.charAt(i)));
            int w = Text.width(ch);
            if (used + w > room) {
                break;
            }
            shown.append(ch);
            used += w;
        }
        return new Window(shown.toString(), columns(scroll, cursor));
    }

    private int columns(int from, int to) {
        return Text.width(Text.sanitizeCell(text.substring(from, to)));
    }
}
