package dev.claudemulti.agent;

/**
 * Makes agent-written text safe to show in a terminal cell: what a session prints must not move
 * the cursor, change colours or retitle the window of the dashboard showing it.
 */
public final class Text {
    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;
    private static final char C1_CSI = 0x9b;
    private static final char C1_ST = 0x9c;
    private static final char C1_OSC = 0x9d;
    private static final char C1_DCS = 0x90;

    private Text() {
    }

    /**
     * Removes C0/C1 control characters, ANSI escape sequences (CSI, OSC, DCS and other string
     * sequences, two-character escapes) and bidi overrides; tabs, newlines and carriage returns
     * become spaces. Null becomes "".
     */
    public static String sanitize(String s) {
        if (s == null) {
            return "";
        }
        if (isPlain(s)) {
            return s;
        }
        var sb = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ESC) {
                i = skipEscape(s, i + 1);
            } else if (c == C1_CSI) {
                i = skipCsi(s, i + 1);
            } else if (c == C1_OSC || c == C1_DCS) {
                i = skipString(s, i + 1);
            } else if (c == '\t' || c == '\n' || c == '\r') {
                sb.append(' ');
                i++;
            } else if (isControl(c) || isBidiControl(c)) {
                i++;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    /**
     * {@link #sanitize} with runs of whitespace collapsed to one space, trimmed, and cut to at most
     * {@code max} characters (ending in "…" when cut).
     */
    public static String oneLine(String s, int max) {
        String clean = sanitize(s).strip();
        var sb = new StringBuilder(Math.min(clean.length(), max + 1));
        boolean space = false;
        for (int i = 0; i < clean.length() && sb.length() <= max; i++) {
            char c = clean.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        return truncate(sb.toString(), max);
    }

    /** Cuts {@code s} to at most {@code max} characters, ending in "…" when cut. */
    public static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Math.max(0, max - 1);
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isControl(c) || isBidiControl(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    private static boolean isBidiControl(char c) {
        return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f;
    }

    /** {@code i} is just after ESC; returns the index after the whole sequence. */
    private static int skipEscape(String s, int i) {
        if (i >= s.length()) {
            return i;
        }
        char c = s.charAt(i);
        switch (c) {
            case '[':
                return skipCsi(s, i + 1);
            case ']': // OSC
            case 'P': // DCS
            case 'X': // SOS
            case '^': // PM
            case '_': // APC
                return skipString(s, i + 1);
            default:
                // nF escapes: intermediates 0x20-0x2F then one final byte 0x30-0x7E.
                while (i < s.length() && s.charAt(i) >= 0x20 && s.charAt(i) <= 0x2f) {
                    i++;
                }
                return i < s.length() && s.charAt(i) >= 0x30 && s.charAt(i) <= 0x7e ? i + 1 : i;
        }
    }

    /** Parameters and intermediates (0x20-0x3F) then a final byte (0x40-0x7E). */
    private static int skipCsi(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= 0x40 && c <= 0x7e) {
                return i + 1;
            }
            if (c < 0x20 || c > 0x3f) {
                return i; // malformed: drop what was read, keep the rest
            }
            i++;
        }
        return i;
    }

    /** A control string ends with BEL, ST (ESC \) or C1 ST. */
    private static int skipString(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == BEL || c == C1_ST) {
                return i + 1;
            }
            if (c == ESC) {
                return i + 1 < s.length() && s.charAt(i + 1) == '\\' ? i + 2 : i + 1;
            }
            i++;
        }
        return i;
    }
}
