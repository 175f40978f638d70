package dev.claudemulti.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Agent text made safe to print on a terminal or put in a report: no escape sequences or control
 * characters that could move the cursor, clear the screen or break a table row.
 * Widths are counted in code points; double-width characters (CJK, emoji) are not measured.
 */
public final class DisplayText {
    /** CSI (ESC [ ... final byte), OSC (ESC ] ... BEL or ESC \), and two-byte ESC sequences. */
    private static final Pattern ANSI = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?|\u001B[@-Z\\\\-_]|\u009B[0-?]*[ -/]*[@-~]");

    private DisplayText() {
    }

    public static String stripAnsi(String text) {
        return text == null ? null : ANSI.matcher(text).replaceAll("");
    }

    /** One printable line: escape sequences and control characters removed, tabs and line breaks as spaces. */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        return keepPrintable(stripAnsi(text), false);
    }

    /** Like {@link #clean} but keeps line breaks (as {@code \n}). */
    public static String cleanLines(String text) {
        if (text == null) {
            return "";
        }
        return keepPrintable(stripAnsi(text).replace("\r\n", "\n"), true);
    }

    /** The first {@code max} non-blank lines of {@code text}, each cleaned and stripped of trailing spaces. */
    public static List<String> firstLines(String text, int max) {
        List<String> lines = new ArrayList<>();
        if (text == null) {
            return lines;
        }
        for (String line : cleanLines(text).split("\n", -1)) {
            if (lines.size() >= max) {
                break;
            }
            if (!line.isBlank()) {
                lines.add(line.stripTrailing());
            }
        }
        return lines;
    }

    /** {@code text} cut to {@code width} code points, ending in "…" ("..." if plain) when cut; width ≤ 0 means no limit. */
    public static String truncate(String text, int width, boolean plain) {
        if (width <= 0 || text.codePointCount(0, text.length()) <= width) {
            return text;
        }
        String ellipsis = plain ? "..." : "…";
        int keep = Math.max(0, width - ellipsis.length());
        return text.substring(0, text.offsetByCodePoints(0, keep)) + ellipsis.substring(0, Math.min(ellipsis.length(), width));
    }

    private static String keepPrintable(String text, boolean keepNewlines) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n' && keepNewlines) {
                out.append('\n');
            } else if (cp == '\t' || cp == '\n' || cp == '\r') {
                out.append(' ');
            } else if (cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) && !isBidiControl(cp)) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** Bidi overrides can make a line display differently from what it says. */
    private static boolean isBidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }
}
