package dev.claudemulti.task;

/**
 * Shows text from a task file inside a one-line message. Anything that could break the line or
 * fool the reader (control characters, non-ASCII look-alikes, bidi marks) is written as a
 * {@code \}{@code uXXXX} escape, so that what the user sees is exactly what the file holds.
 */
final class Quoted {
    private static final int MAX_SHOWN = 64;

    private Quoted() {}

    /** {@code text} in single quotes, escaped, cut after 64 characters. */
    static String of(String text) {
        boolean cut = text.length() > MAX_SHOWN;
        String shown = escape(cut ? text.substring(0, MAX_SHOWN) : text);
        return "'" + shown + (cut ? "...'" : "'");
    }

    /** {@code text} with every character outside printable ASCII, and the quote and backslash, escaped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        out.append(c);
                    } else {
                        out.append(unicode(c));
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@code text} with only its control characters escaped: for a path the user typed. */
    static String controls(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append(Character.isISOControl(c) ? unicode(c) : String.valueOf((char) c)));
        return out.toString();
    }

    static String unicode(int codeUnit) {
        return String.format("\\u%04x", codeUnit);
    }

    /** How one character is named in a message: {@code '/'}, "a space", "a control character (U+0000)", ... */
    static String character(int codePoint) {
        if (codePoint == ' ') {
            return "a space";
        }
        if (codePoint > 0x20 && codePoint < 0x7f) {
            return codePoint == '\'' ? "\"'\"" : "'" + (char) codePoint + "'";
        }
        String code = String.format("U+%04X", codePoint);
        if (Character.isISOControl(codePoint)) {
            return "a control character (" + code + ")";
        }
        return "the non-ASCII character " + code;
    }
}
