package dev.claudemulti.report;

import java.util.List;

/** Columns padded to their widest cell (in code points), for the plain-text tables of status, list and the summary. */
public final class TextTable {
    private TextTable() {
    }

    /**
     * One line per row, each without trailing spaces; {@code rightAligned[i]} right-aligns column i
     * (numbers), and {@code gap} goes between columns. Rows may be shorter than others.
     */
    public static String render(List<String[]> rows, boolean[] rightAligned, String indent, String gap) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.length; i++) {
                boolean right = i < rightAligned.length && rightAligned[i];
                line.append(i == 0 ? "" : gap).append(right ? padLeft(row[i], widths[i]) : padRight(row[i], widths[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    public static String padRight(String s, int width) {
        int pad = width - s.codePointCount(0, s.length());
        return pad > 0 ? s + " ".repeat(pad) : s;
    }

    public static String padLeft(String s, int width) {
        int pad = width - s.codePointCount(0, s.length());
        return pad > 0 ? " ".repeat(pad) + s : s;
    }
}
