package dev.claudemulti.tui;

import com.googlecode.lanterna.TextCharacter;
import dev.claudemulti.display.Text;
import dev.claudemulti.tui.Canvas.Style;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tail of one session attempt: the last {@link #MAX_LINES} readable and raw lines, a
 * follow mode that sticks to the end, and scrolling. Readable lines wrap; raw JSON lines are
 * cut at the right edge (one event per row reads better than a wall of wrapped JSON).
 * Drawing is {@link TailScreen}'s; this class keeps the lines and the scroll position. GUI thread only.
 */
final class TailView implements TailSource.Sink, Scrollable {
    static final int MAX_LINES = 5000;

    final String taskId;
    final int attempt;
    private final TailSource source;
    private final Ring readable = new Ring(MAX_LINES);
    private final Ring raw = new Ring(MAX_LINES);
    private boolean rawMode;
    private boolean follow = true;
    /** First shown line when not following; in the ring of the current mode. */
    private int top;
    /** First line shown by the last draw, so scrolling up from follow mode starts there. */
    private int lastFirst;

    private int lastPage = 10;
    private String error;

    TailView(String taskId, int attempt, TailSource source) {
        this.taskId = taskId;
        this.attempt = attempt;
        this.source = source;
    }

    /** Reads what arrived; true if more is waiting. */
    boolean poll() {
        try {
            return source.poll(this);
        } catch (IOException | RuntimeException e) {
            if (error == null) {
                error = "cannot read output: " + Text.sanitizeCell(String.valueOf(e.getMessage()));
                readable(error);
                raw(error);
            }
            return false;
        }
    }

    void close() {
        try {
            source.close();
        } catch (IOException e) {
            // nothing to do: it was only being read
        }
    }

    @Override
    public void readable(String line) {
        add(readable, line, !rawMode);
    }

    @Override
    public void raw(String line) {
        add(raw, line, rawMode);
    }

    private void add(Ring ring, String line, boolean shown) {
        int evicted = ring.add(Text.sanitizeCell(line));
        if (shown && !follow) {
            top = Math.max(0, top - evicted);
        }
    }

    @Override
    public void reset() {
        readable.clear();
        raw.clear();
        top = 0;
    }

    boolean rawMode() {
        return rawMode;
    }

    boolean following() {
        return follow;
    }

    void toggleRaw() {
        rawMode = !rawMode;
        top = Math.min(top, Math.max(0, ring().size() - 1));
    }

    void toggleFollow() {
        if (follow) {
            follow = false;
            top = lastFirst;
        } else {
            follow = true;
        }
    }

    @Override
    public void scroll(int lines) {
        int from = follow ? lastFirst : top;
        follow = false;
        top = Math.max(0, Math.min(from + lines, Math.max(0, ring().size() - 1)));
    }

    @Override
    public void page(int pages) {
        scroll(pages * Math.max(1, lastPage - 1));
    }

    @Override
    public void home() {
        follow = false;
        top = 0;
    }

    /** Follows the end of the output again. */
    @Override
    public void end() {
        follow = true;
    }

    private Ring ring() {
        return rawMode ? raw : readable;
    }

    /** The rows a tail of a given size shows, each with its colour; laid out before drawing. */
    record Page(List<String> rows, List<Style> styles, boolean empty) {}

    /**
     * The layout step: the rows that fit {@code width} x {@code height}, the end of the output when
     * following, else from the first line scrolled to. Remembers the page height and the first line
     * shown, so that paging and leaving follow mode start from what is on the screen.
     */
    Page layout(int width, int height) {
        lastPage = height;
        Ring lines = ring();
        List<String> rows = new ArrayList<>();
        List<Integer> origin = new ArrayList<>();
        if (height <= 0 || width <= 0) {
            return new Page(rows, List.of(), lines.size() == 0);
        }
        if (follow) {
            for (int i = lines.size() - 1; i >= 0 && rows.size() < height; i--) {
                List<String> w = rowsOf(lines.get(i), width);
                for (int k = w.size() - 1; k >= 0; k--) {
                    rows.add(0, w.get(k));
                    origin.add(0, i);
                }
            }
            while (rows.size() > height) {
                rows.remove(0);
                origin.remove(0);
            }
        } else {
            for (int i = top; i < lines.size() && rows.size() < height; i++) {
                for (String r : rowsOf(lines.get(i), width)) {
                    if (rows.size() < height) {
                        rows.add(r);
                        origin.add(i);
                    }
                }
            }
        }
        lastFirst = origin.isEmpty() ? 0 : origin.get(0);
        List<Style> styles = new ArrayList<>();
        for (int i : origin) {
            styles.add(styleOf(lines.get(i)));
        }
        return new Page(rows, styles, lines.size() == 0);
    }

    /** Colours follow {@code EventRenderer}'s line shapes: "▸ Tool: arg", "  ✓ ok", "  ✗ error", "■ result: …". */
    private Style styleOf(String line) {
        if (rawMode) {
            return Theme.TEXT;
        }
        String l = line.stripLeading();
        if (l.startsWith("✗")) {
            return Theme.ERROR_LINE;
        }
        if (l.startsWith("▸")) {
            return Theme.KEY;
        }
        if (l.startsWith("■")) {
            return line.contains("success") && !line.contains("(error)") ? Theme.RESULT_OK : Theme.ERROR_LINE;
        }
        if (l.startsWith("✓") || l.startsWith("●") || l.startsWith("?") || l.startsWith("…")) {
            return Theme.DIM;
        }
        return Theme.TEXT;
    }

    private List<String> rowsOf(String line, int width) {
        if (rawMode || Text.width(line) <= width) {
            return List.of(Text.fit(line, width));
        }
        return wrap(line, width);
    }

    /** Wraps at spaces where it can, else mid-word; never splits a wide character. */
    static List<String> wrap(String line, int width) {
        List<String> out = new ArrayList<>();
        TextCharacter[] chars = TextCharacter.fromString(line);
        int i = 0;
        while (i < chars.length) {
            int w = 0;
            int j = i;
            int lastSpace = -1;
            while (j < chars.length) {
                int cw = Text.columns(chars[j]);
                if (w + cw > width) {
                    break;
                }
                if (chars[j].is(' ')) {
                    lastSpace = j;
                }
                w += cw;
                j++;
            }
            if (j == i) {
                j = i + 1; // a wide character in a one-column area: give it its own row
            }
            int end = j < chars.length && lastSpace > i + (j - i) / 2 ? lastSpace + 1 : j;
            StringBuilder b = new StringBuilder();
            for (int k = i; k < end; k++) {
                b.append(chars[k].getCharacterString());
            }
            out.add(b.toString().stripTrailing());
            i = end;
            if (out.size() > 1000) {
                break;
            }
        }
        return out;
    }

    /** The last {@code capacity} lines. */
    static final class Ring {
        private final String[] buf;
        private int start;
        private int size;

        Ring(int capacity) {
            buf = new String[capacity];
        }

        /** Adds a line; returns how many old lines were evicted (0 or 1). */
        int add(String line) {
            if (size < buf.length) {
                buf[(start + size++) % buf.length] = line;
                return 0;
            }
            buf[start] = line;
            start = (start + 1) % buf.length;
            return 1;
        }

        String get(int i) {
            return buf[(start + i) % buf.length];
        }

        int size() {
            return size;
        }

        void clear() {
            java.util.Arrays.fill(buf, null);
            start = 0;
            size = 0;
        }
    }
}
