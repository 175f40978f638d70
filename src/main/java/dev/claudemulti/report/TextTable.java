package dev.claudemulti.report;

import dev.claudemulti.display.Text;
import java.util.List;

/**
 * Columns padded to their widest cell, in terminal columns ({@link Text#width}: CJK and emoji take
 * two), for the plain-text tables of status, list and the summary.
 */
public final class TextTable {
    private TextTable() {}

    /**
     * One line per row, each without trailing spaces; {@code rightAligned[i]} right-aligns column i
     * (numbers), and {@code gap} goes between columns. Rows may be shorter than others.
     */
    public static String render(List<String[]> rows, boolean[] rightAligned, String indent, String gap) {
        int[] widths = columnWidths(rows);
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.length; i++) {
                boolean right = i < rightAligned.length && rightAligned[i];
                line.append(i == 0 ? "" : gap)
                        .append(right ? Text.padLeft(row[i], widths[i]) : Text.padRight(row[i], widths[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** The width in columns of the widest cell of each column. */
    static int[] columnWidths(List<String[]> rows) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], Text.width(row[i]));
            }
        }
        return widths;
    }
}
