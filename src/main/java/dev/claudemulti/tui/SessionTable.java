package dev.claudemulti.tui;

import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.tui.Canvas.Style;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The session table: which columns fit a width, and how one session reads in them.
 * When the terminal narrows, columns drop in a fixed order (ACTIVITY first) rather than
 * every column shrinking into unreadable stubs.
 */
final class SessionTable {

    enum Column {
        ICON("", 1, 1, false),
        ID("ID", 10, 32, false),
        STATUS("STATUS", 9, 40, false),
        ELAPSED("ELAPSED", 7, 7, true),
        OUTPUT("OUTPUT", 8, 8, true),
        COST("COST", 6, 7, true),
        TURNS("TURNS", 5, 5, true),
        ACTIVITY("ACTIVITY", 12, Integer.MAX_VALUE, false);

        final String title;
        final int min;
        final int max;
        final boolean rightAligned;

        Column(String title, int min, int max, boolean rightAligned) {
            this.title = title;
            this.min = min;
            this.max = max;
            this.rightAligned = rightAligned;
        }
    }

    /** First dropped first. */
    private static final Column[] DROP_ORDER = {
        Column.ACTIVITY, Column.TURNS, Column.COST, Column.OUTPUT, Column.ELAPSED, Column.STATUS, Column.ICON
    };
    /** Columns are separated by this many spaces. */
    static final int GAP = 1;

    /** A column chosen for the current width, at its x offset. */
    record Placed(Column column, int x, int width) {
    }

    private SessionTable() {
    }

    /** Lays the columns out in {@code width} cells, given the sessions shown (for ID/STATUS widths). */
    static List<Placed> layout(int width, List<SessionView> sessions) {
        List<Column> cols = new ArrayList<>(List.of(Column.values()));
        int drop = 0;
        while (minWidth(cols) > width && drop < DROP_ORDER.length) {
            cols.remove(DROP_ORDER[drop++]);
        }
        int[] w = new int[cols.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = cols.get(i).min;
        }
        int spare = width - minWidth(cols);
        int idIdx = cols.indexOf(Column.ID);
        int stIdx = cols.indexOf(Column.STATUS);
        int actIdx = cols.indexOf(Column.ACTIVITY);
        int idWant = 2;
        int stWant = 6;
        for (SessionView s : sessions) {
            idWant = Math.max(idWant, Cells.width(idText(s)));
            stWant = Math.max(stWant, Cells.width(statusText(s)));
        }
        // ID first (it names the row), then a readable STATUS, then ACTIVITY takes the rest.
        if (idIdx >= 0 && spare > 0) {
            int add = Math.min(spare, Math.min(Column.ID.max, idWant) - w[idIdx]);
            if (add > 0) {
                w[idIdx] += add;
                spare -= add;
            }
        }
        if (stIdx >= 0 && spare > 0) {
            int cap = actIdx >= 0 ? Math.min(stWant, 24) : Math.min(stWant, Column.STATUS.max);
            int add = Math.min(spare, cap - w[stIdx]);
            if (add > 0) {
                w[stIdx] += add;
                spare -= add;
            }
        }
        if (actIdx >= 0 && spare > 0) {
            w[actIdx] += spare;
            spare = 0;
        }
        if (stIdx >= 0 && spare > 0) {
            int add = Math.min(spare, Math.min(stWant, Column.STATUS.max) - w[stIdx]);
            if (add > 0) {
                w[stIdx] += add;
            }
        }
        List<Placed> out = new ArrayList<>();
        int x = 0;
        for (int i = 0; i < cols.size(); i++) {
            if (w[i] <= 0 || x >= width) {
                break;
            }
            int cw = Math.min(w[i], width - x);
            out.add(new Placed(cols.get(i), x, cw));
            x += cw + GAP;
        }
        return out;
    }

    private static int minWidth(List<Column> cols) {
        int sum = 0;
        for (Column c : cols) {
            sum += c.min;
        }
        return sum + Math.max(0, cols.size() - 1) * GAP;
    }

    static String idText(SessionView s) {
        String id = Cells.sanitize(s.taskId());
        return s.attempt() > 1 ? id + " #" + s.attempt() : id;
    }

    static String statusText(SessionView s) {
        String label = s.state().label();
        if (s.state().isFinal() && s.state() != SessionState.COMPLETED && s.reason() != null && !s.reason().isBlank()) {
            return label + ": " + Cells.sanitize(s.reason()).strip();
        }
        return label;
    }

    static String text(Column c, SessionView s, Instant now) {
        boolean queued = s.state() == SessionState.QUEUED;
        return switch (c) {
            case ICON -> Theme.icon(s.state());
            case ID -> idText(s);
            case STATUS -> statusText(s);
            case ELAPSED -> s.startedAt() == null ? "" : Cells.duration(s.elapsed(now));
            case OUTPUT -> queued && s.outputBytes() == 0 ? "" : Cells.size(s.outputBytes());
            case COST -> Cells.cost(s.costUsd());
            case TURNS -> queued && s.turns() == 0 ? "" : Integer.toString(s.turns());
            case ACTIVITY -> activity(s);
        };
    }

    /** What the session is doing; once it has ended, what it said last. */
    static String activity(SessionView s) {
        String a = s.activity();
        if (s.state().isFinal() && s.resultText() != null && !s.resultText().isBlank()) {
            a = s.resultText();
        }
        return a == null ? "" : Cells.sanitize(a).strip();
    }

    static Style style(Column c, SessionView s) {
        Style stateStyle = Theme.state(s.state());
        if (s.state() == SessionState.QUEUED) {
            return Theme.DIM;
        }
        return switch (c) {
            case ICON, STATUS -> stateStyle;
            case ID -> Theme.BOLD;
            case ACTIVITY -> s.state() == SessionState.RUNNING ? Theme.TEXT : Theme.DIM;
            default -> Theme.TEXT;
        };
    }

    static void drawHeader(Canvas canvas, int row, List<Placed> cols) {
        canvas.fillRow(row, Theme.COLUMN_HEADER.fg(Theme.DEFAULT));
        for (Placed p : cols) {
            String t = p.column().rightAligned ? Cells.padLeft(p.column().title, p.width())
                    : Cells.padRight(p.column().title, p.width());
            canvas.put(p.x(), row, t, Theme.COLUMN_HEADER, p.width());
        }
    }

    static void drawRow(Canvas canvas, int row, List<Placed> cols, SessionView s, Instant now, boolean selected) {
        if (selected) {
            canvas.fillRow(row, Theme.TEXT.bg(Theme.SELECTED_BG));
        }
        for (Placed p : cols) {
            String t = text(p.column(), s, now);
            t = p.column().rightAligned ? Cells.padLeft(t, p.width()) : Cells.fit(t, p.width());
            Style st = style(p.column(), s);
            if (selected) {
                st = st.bg(Theme.SELECTED_BG);
                if (st.fg() == Theme.DIM.fg()) {
                    st = st.fg(com.googlecode.lanterna.TextColor.ANSI.WHITE);
                }
            }
            canvas.put(p.x(), row, t, st, p.width());
        }
    }
}
