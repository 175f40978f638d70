package dev.claudemulti.tui;

import com.googlecode.lanterna.TextCharacter;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Locale;

/**
 * Text that goes into a terminal cell: untrusted text made harmless (no control characters,
 * no ANSI escapes, no bidi overrides), measured in columns the way Lanterna draws it (wide
 * CJK and emoji take two), cut to a width with an ellipsis, and the human figures of the table.
 *
 * <p>Widths come from Lanterna's own {@link TextCharacter#isDoubleWidth()}, so what we measure is
 * what {@link Canvas} draws.
 */
final class Cells {
    static final String ELLIPSIS = "…";

    private Cells() {
    }

    /** One line of display text: escapes and control characters removed, line breaks and tabs become spaces. */
    static String sanitize(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0x1B) {
                i = skipEscape(s, i + 1) - 1;
            } else if (c == 0x9B) {
                i = skipCsi(s, i + 1) - 1;
            } else if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
                // CRLF: one line break, one space
            } else if (c == '\t' || c == '\n' || c == '\r') {
                b.append(' ');
            } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || isBidiControl(c)) {
                // dropped: would move the cursor, ring, or reorder the line
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    b.append(c).append(s.charAt(++i));
                } else {
                    b.append('\uFFFD');
                }
            } else if (Character.isLowSurrogate(c)) {
                b.append('\uFFFD');
            } else {
                b.append(c);
            }
        }
        String out = b.toString();
        return Normalizer.isNormalized(out, Normalizer.Form.NFC) ? out : Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    private static boolean isBidiControl(char c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
                || c == 0x061C;
    }

    /** {@code i} is just after ESC; returns the index after the whole sequence. */
    private static int skipEscape(String s, int i) {
        if (i >= s.length()) {
            return i;
        }
        char c = s.charAt(i);
        if (c == '[') {
            return skipCsi(s, i + 1);
        }
        if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
            // OSC / DCS / SOS / PM / APC: a string ended by BEL or ST (ESC \)
            for (int j = i + 1; j < s.length(); j++) {
                char d = s.charAt(j);
                if (d == 0x07 || d == 0x9C) {
                    return j + 1;
                }
                if (d == 0x1B) {
                    return j + 1 < s.length() && s.charAt(j + 1) == '\\' ? j + 2 : j + 1;
                }
            }
            return s.length();
        }
        // Two- or three-character escapes (ESC ( B, ESC =, ...): intermediates then one final
        int j = i;
        while (j < s.length() && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x2F) {
            j++;
        }
        return j < s.length() ? j + 1 : j;
    }

    private static int skipCsi(String s, int i) {
        int j = i;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c >= 0x40 && c <= 0x7E) {
                return j + 1;
            }
            if (c < 0x20 || c > 0x7E) {
                return j; // malformed: stop at the first byte that cannot belong to it
            }
            j++;
        }
        return j;
    }

    /** Columns the text takes on screen. */
    static int width(String s) {
        if (s == null) {
            return 0;
        }
        if (isSimple(s)) {
            return s.length();
        }
        int w = 0;
        for (TextCharacter tc : TextCharacter.fromString(s)) {
            w += tc.isDoubleWidth() ? 2 : 1;
        }
        return w;
    }

    /**
     * True if every char is one column on its own: below U+0300 (no combining marks, CJK or
     * surrogates) or one of the few symbols this package draws itself.
     */
    static boolean isSimple(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x0300 && !isOwnSymbol(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOwnSymbol(char c) {
        return c == '…' || c == '│' || c == '·' || c == '●' || c == '✓' || c == '✗' || c == '◷' || c == '■'
                || c == '⊘' || c == '▸' || c == '↑' || c == '↓';
    }

    /** The text cut to at most {@code width} columns, ending with an ellipsis when it was cut. */
    static String fit(String s, int width) {
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
        for (TextCharacter tc : TextCharacter.fromString(s)) {
            int cw = tc.isDoubleWidth() ? 2 : 1;
            if (w + cw > width - 1) {
                break;
            }
            b.append(tc.getCharacterString());
            w += cw;
        }
        return b.append(ELLIPSIS).toString();
    }

    /** Cut or padded with spaces on the right to exactly {@code width} columns. */
    static String padRight(String s, int width) {
        String f = fit(s, width);
        return f + " ".repeat(Math.max(0, width - width(f)));
    }

    /** Cut or padded with spaces on the left to exactly {@code width} columns. */
    static String padLeft(String s, int width) {
        String f = fit(s, width);
        return " ".repeat(Math.max(0, width - width(f))) + f;
    }

    /** The text cut from the left ("…/long/path"), for paths whose end matters. */
    static String fitLeft(String s, int width) {
        if (s == null || width <= 0) {
            return "";
        }
        if (width(s) <= width) {
            return s;
        }
        TextCharacter[] chars = TextCharacter.fromString(s);
        StringBuilder b = new StringBuilder();
        int w = 0;
        for (int i = chars.length - 1; i >= 0; i--) {
            int cw = chars[i].isDoubleWidth() ? 2 : 1;
            if (w + cw > width - 1) {
                break;
            }
            b.insert(0, chars[i].getCharacterString());
            w += cw;
        }
        return ELLIPSIS + b;
    }

    /** 512 B, 2.5 KB, 13.0 MB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return Math.max(0, bytes) + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** 42s, 3m05s, 1h02m. */
    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** $1.23, $0.004; empty when unknown. */
    static String cost(Double usd) {
        if (usd == null) {
            return "";
        }
        if (usd != 0 && Math.abs(usd) < 0.01) {
            return String.format(Locale.ROOT, "$%.3f", usd);
        }
        return String.format(Locale.ROOT, "$%.2f", usd);
    }
}
