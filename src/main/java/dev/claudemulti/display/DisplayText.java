package dev.claudemulti.display;

import java.util.ArrayList;
import java.util.List;

/** Shaping of agent text for reports and summaries (first lines, cuts); sanitizing itself is {@link Text}'s. */
public final class DisplayText {
    private DisplayText() {}

    /** The first {@code max} non-blank lines of {@code text}, each sanitized and stripped of trailing spaces. */
    public static List<String> firstLines(String text, int max) {
        List<String> lines = new ArrayList<>();
        if (text == null) {
            return lines;
        }
        for (String line : Text.sanitizeLines(text).split("\n", -1)) {
            if (lines.size() >= max) {
                break;
            }
            if (!line.isBlank()) {
                lines.add(line.stripTrailing());
            }
        }
        return lines;
    }

    /**
     * {@code text} cut to {@code width} code points, ending in "…" ("..." if plain) when cut; width ≤ 0
     * means no limit. Code points, not columns: a wide character counts one here (see {@link Text#fit}).
     */
    public static String truncate(String text, int width, boolean plain) {
        if (width <= 0 || text.codePointCount(0, text.length()) <= width) {
            return text;
        }
        String ellipsis = plain ? "..." : Text.ELLIPSIS;
        int keep = Math.max(0, width - ellipsis.length());
        return text.substring(0, text.offsetByCodePoints(0, keep))
                + ellipsis.substring(0, Math.min(ellipsis.length(), width));
    }
}
