package dev.claudemulti.task;

import com.fasterxml.jackson.core.JsonLocation;

/**
 * A 1-based line and column in a task file, counted the way Jackson counts them: columns in
 * UTF-16 code units (a character outside the BMP, such as an emoji, counts two).
 */
record Position(int line, int column) {

    static Position of(JsonLocation location) {
        return new Position(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }

    /** The position of {@code text.charAt(offset)}; "\r\n", "\n" and a lone "\r" each end a line, as in Jackson. */
    static Position in(CharSequence text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < offset && text.charAt(i + 1) == '\n') {
                i++;
            }
            if (c == '\r' || c == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, offset - lineStart + 1);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
