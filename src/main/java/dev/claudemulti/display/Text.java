package dev.claudemulti.display;

import com.googlecode.lanterna.TextCharacter;
import java.text.Normalizer;

/**
 * Agent-written text made safe and measured for display. The one sanitizer of the project: what a
 * session prints must not move the cursor, change colours or retitle the window of whatever shows
 * it (the dashboard, a report, a terminal). Also the one column-width measure: wide CJK and emoji
 * take two columns, as Lanterna draws them.
 */
public final class Text {
    public static final String ELLIPSIS = "…";

    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;
    private static final char C1_CSI = 0x9b;
    private static final char C1_ST = 0x9c;
    private static final char C1_OSC = 0x9d;
    private static final char C1_DCS = 0x90;

    /** What the sanitizer keeps and what it does with line breaks; each is one public variant. */
    private enum Mode {
        /** {@link #sanitize(String)}. */
        LINE,
        /** {@link #sanitizeCell(String)}. */
        CELL,
        /** {@link #sanitizeLines(String)}. */
        LINES,
        /** {@link #stripEscapes(String)}. */
        ESCAPES_ONLY
    }

    private Text() {}

    /**
     * One line: removes C0/C1 control characters, ANSI escape sequences (CSI, OSC, DCS and other
     * string sequences, two-character escapes) and bidi controls; each tab, newline and carriage
     * return becomes a space (so CRLF is two). Null becomes "".
     */
    public static String sanitize(String s) {
        return clean(s, Mode.LINE);
    }

    /**
     * {@link #sanitize} for a terminal cell grid: a CRLF is one line break (one space), characters
     * beyond the BMP (emoji) and lone surrogates become U+FFFD and the result is NFC-normalized, so that a letter and its combining
     * mark are measured and drawn as the one character they show.
     */
    public static String sanitizeCell(String s) {
        return clean(s, Mode.CELL);
    }

    /**
     * {@link #sanitize} that keeps line breaks: CRLF becomes {@code \n}, a lone CR and tabs become
     * spaces.
     */
    public static String sanitizeLines(String s) {
        return clean(s, Mode.LINES);
    }

    /**
     * Only the escape sequences removed; control characters, line breaks and bidi controls are
     * kept (for output whose writer escapes or drops characters itself, such as XML). Null becomes "".
     */
    public static String stripEscapes(String s) {
        return clean(s, Mode.ESCAPES_ONLY);
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

    /**
     * Cuts {@code s} to at most {@code max} characters (UTF-16 chars: a size bound, not a display
     * width; see {@link #fit}), ending in "…" when cut.
     */
    public static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Math.max(0, max - 1);
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + ELLIPSIS;
    }

    private static String clean(String s, Mode mode) {
        if (s == null) {
            return "";
        }
        if (isPlain(s, mode)) {
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
            } else if (mode == Mode.ESCAPES_ONLY) {
                sb.append(c);
                i++;
            } else if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n' && (mode == Mode.CELL || mode == Mode.LINES)) {
                i++; // CRLF is one line break: the LF is handled next
            } else if (c == '\n' && mode == Mode.LINES) {
                sb.append('\n');
                i++;
            } else if (c == '\t' || c == '\n' || c == '\r') {
                sb.append(' ');
                i++;
            } else if (isControl(c) || isBidiControl(c)) {
                i++;
            } else if (mode == Mode.CELL && Character.isSurrogate(c)) {
                // Lanterna 3.1 sends the two halves of a pair (emoji, anything beyond the BMP) as two
                // characters, and terminals show "??": one replacement character is the honest picture.
                boolean pair = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
                sb.append('\uFFFD');
                i += pair ? 2 : 1;
            } else {
                sb.append(c);
                i++;
            }
        }
        String out = sb.toString();
        return mode != Mode.CELL || Normalizer.isNormalized(out, Normalizer.Form.NFC)
                ? out
                : Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    /** True if {@code clean(s, mode)} is {@code s} itself. */
    private static boolean isPlain(String s, Mode mode) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean escape = c == ESC || c == C1_CSI || c == C1_OSC || c == C1_DCS;
            if (mode == Mode.ESCAPES_ONLY
                    ? escape
                    : (isControl(c) && !(mode == Mode.LINES && c == '\n'))
                            || isBidiControl(c)
                            || (mode == Mode.CELL && c >= 0x0300)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    /** Unicode's Bidi_Control characters: they can make a line display differently from what it says. */
    private static boolean isBidiControl(char c) {
        return (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e
                || c == 0x200f
                || c == 0x061c;
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

    // ---- Display width: columns, as Lanterna draws them ----

    /** Columns the text takes on screen: wide CJK and emoji count two. Null is 0. */
    public static int width(String s) {
        if (s == null) {
            return 0;
        }
        if (isSimple(s)) {
            return s.length();
        }
        int w = 0;
        for (TextCharacter tc : characters(s)) {
            w += columns(tc);
        }
        return w;
    }

    /**
     * True if every char is one column on its own: below U+0300 (no combining marks, CJK or
     * surrogates) or one of the few one-column symbols the dashboard and reports draw themselves.
     */
    public static boolean isSimple(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x0300 && !isOwnSymbol(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOwnSymbol(char c) {
        return c == '…' || c == '│' || c == '·' || c == '●' || c == '✓' || c == '✗' || c == '◷' || c == '■' || c == '⊘'
                || c == '▸' || c == '↑' || c == '↓';
    }

    /** 2 for a wide character, else 1. */
    public static int columns(TextCharacter tc) {
        return tc.isDoubleWidth() ? 2 : 1;
    }

    /** The text cut to at most {@code width} columns, ending with an ellipsis when it was cut. */
    public static String fit(String s, int width) {
        if (s == null || width <= 0) {
            return "";
        }
        if (width(s) <= width) {
            return s;
        }
        if (width == 1) {
            return ELLIPSIS;
        }
        StringBuilder b = new StringBuilder();
        int w = 0;
        for (TextCharacter tc : characters(s)) {
            int cw = columns(tc);
            if (w + cw > width - 1) {
                break;
            }
            b.append(tc.getCharacterString());
            w += cw;
        }
        return b.append(ELLIPSIS).toString();
    }

    /** The text cut from the left ("…/long/path"), for paths whose end matters. */
    public static String fitLeft(String s, int width) {
        if (s == null || width <= 0) {
            return "";
        }
        if (width(s) <= width) {
            return s;
        }
        TextCharacter[] chars = characters(s);
        StringBuilder b = new StringBuilder();
        int w = 0;
        for (int i = chars.length - 1; i >= 0; i--) {
            int cw = columns(chars[i]);
            if (w + cw > width - 1) {
                break;
            }
            b.insert(0, chars[i].getCharacterString());
            w += cw;
        }
        return ELLIPSIS + b;
    }

    /** Cut or padded with spaces on the right to exactly {@code width} columns. */
    public static String padRight(String s, int width) {
        String f = fit(s, width);
        return f + " ".repeat(Math.max(0, width - width(f)));
    }

    /** Cut or padded with spaces on the left to exactly {@code width} columns. */
    public static String padLeft(String s, int width) {
        String f = fit(s, width);
        return " ".repeat(Math.max(0, width - width(f))) + f;
    }

    /**
     * Lanterna's characters of {@code s} (graphemes, with their width). Control characters, which
     * Lanterna refuses and sanitized text never holds, are measured as one column each, as
     * {@link #isSimple} text measures them.
     */
    private static TextCharacter[] characters(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                var sb = new StringBuilder(s);
                for (int j = i; j < sb.length(); j++) {
                    if (isControl(sb.charAt(j))) {
                        sb.setCharAt(j, ' ');
                    }
                }
                return TextCharacter.fromString(sb.toString());
            }
        }
        return TextCharacter.fromString(s);
    }
}
