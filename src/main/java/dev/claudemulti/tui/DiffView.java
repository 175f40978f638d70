package dev.claudemulti.tui;

import dev.claudemulti.display.Text;
import dev.claudemulti.tui.Canvas.Style;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The diff of one session, scrolled: which line is at the top, and the page of lines that fits
 * the screen, each coloured as git colours it. The text stays in the {@link DiffDocument}'s temp
 * file; a layout reads one page of it. GUI thread only.
 */
final class DiffView implements Scrollable {
    private static final int TAB_WIDTH = 4;

    final String taskId;
    private final DiffDocument document;
    private int top;
    private int lastPage = 10;

    DiffView(String taskId, DiffDocument document) {
        this.taskId = taskId;
        this.document = document;
    }

    /** The rows of one screen, each with its colour, and where they are in the diff. */
    record Page(List<String> rows, List<Style> styles, int first, int total, boolean complete, String note) {}

    /**
     * The layout step: the lines from the top line that fit {@code width} x {@code height}, cut at
     * the right edge (a diff's columns mean something; wrapping would break them).
     */
    Page layout(int width, int height) {
        lastPage = Math.max(1, height);
        int total = document.lineCount();
        boolean complete = document.complete();
        top = Math.max(0, Math.min(top, Math.max(0, total - lastPage)));
        List<String> rows = new ArrayList<>();
        List<Style> styles = new ArrayList<>();
        String note = document.failure();
        try {
            for (String line : document.lines(top, Math.max(0, height))) {
                rows.add(Text.fit(Text.sanitizeCell(line.replace("\t", " ".repeat(TAB_WIDTH))), Math.max(0, width)));
                styles.add(styleOf(line));
            }
        } catch (IOException e) {
            note = "cannot read the diff: " + Text.sanitizeCell(String.valueOf(e.getMessage()));
        }
        if (note == null && total == 0) {
            note = complete ? "no differences" : "reading the diff…";
        }
        return new Page(rows, styles, top, total, complete, note);
    }

    /** The colours of {@code git diff --color}: file headers bold, hunk headers cyan, + green, - red. */
    static Style styleOf(String line) {
        if (line.startsWith("diff --git")
                || line.startsWith("+++ ")
                || line.startsWith("--- ")
                || line.startsWith("index ")
                || line.startsWith("new file mode")
                || line.startsWith("deleted file mode")
                || line.startsWith("rename ")
                || line.startsWith("similarity index")
                || line.startsWith("Binary files")) {
            return Theme.DIFF_FILE;
        }
        if (line.startsWith("@@")) {
            return Theme.DIFF_HUNK;
        }
        if (line.startsWith("+")) {
            return Theme.DIFF_ADDED;
        }
        if (line.startsWith("-")) {
            return Theme.DIFF_REMOVED;
        }
        return Theme.TEXT;
    }

    @Override
    public void scroll(int lines) {
        top = Math.max(0, Math.min(top + lines, Math.max(0, document.lineCount() - lastPage)));
    }

    @Override
    public void page(int pages) {
        scroll(pages * Math.max(1, lastPage - 1));
    }

    @Override
    public void home() {
        top = 0;
    }

    @Override
    public void end() {
        top = Math.max(0, document.lineCount() - lastPage);
    }

    void close() {
        document.close();
    }
}
