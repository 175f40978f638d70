package dev.claudemulti.tui;

import dev.claudemulti.display.Costs;
import dev.claudemulti.display.Durations;
import dev.claudemulti.display.Sizes;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.CheckOutcome;
import dev.claudemulti.engine.DependencyGate;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.report.BatchText;
import dev.claudemulti.report.CheckFields;
import dev.claudemulti.report.Denials;
import dev.claudemulti.report.Status;
import dev.claudemulti.tui.Canvas.Style;
import dev.claudemulti.workspace.Changes;
import dev.claudemulti.workspace.SessionWorkspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        /** Only when some session has a worktree: what its commit changed, and a mark if it conflicts. */
        CHANGES("CHANGES", 10, 40, false),
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
        Column.ACTIVITY,
        Column.CHANGES,
        Column.TURNS,
        Column.COST,
        Column.OUTPUT,
        Column.ELAPSED,
        Column.STATUS,
        Column.ICON
    };
    /** STATUS's least width beside ACTIVITY: a label and the start of its reason ("failed: exit 1: eslin…"). */
    private static final int STATUS_READABLE = 20;
    /** STATUS's most width beside ACTIVITY: room for the label and the start of a reason. */
    private static final int STATUS_WITH_ACTIVITY = 24;
    /** Columns are separated by this many spaces. */
    static final int GAP = 1;

    /** A column chosen for the current width, at its x offset. */
    record Placed(Column column, int x, int width) {}

    private SessionTable() {}

    /**
     * Lays the columns out in {@code width} cells, given the sessions shown (for ID/STATUS widths).
     * Columns drop (ACTIVITY first) until every ID and every status label fit whole, and ACTIVITY
     * stays only if the statuses also get room for the start of their reasons: a cut status is
     * worth less than a dropped activity. CHANGES is there only when some session has a worktree,
     * so a run without them lays out exactly as before workspaces existed.
     */
    static List<Placed> layout(int width, List<SessionView> sessions) {
        return layout(width, sessions, Map.of());
    }

    /** {@link #layout(int, List)} with the conflict marks that widen CHANGES (task id to what it conflicts with). */
    static List<Placed> layout(int width, List<SessionView> sessions, Map<String, String> conflicts) {
        List<Column> cols = new ArrayList<>(List.of(Column.values()));
        int changesWant = 0;
        boolean workspaces = false;
        for (SessionView s : sessions) {
            workspaces |= s.workspace() != null;
            changesWant = Math.max(changesWant, Text.width(changesText(s, conflicts.get(s.taskId()))));
        }
        if (!workspaces) {
            cols.remove(Column.CHANGES);
        }
        // An estimate's "~" needs the column's one spare cell ("~$12.34", "~$0.18*" in a demo).
        boolean estimates = sessions.stream().anyMatch(s -> s.costEstimated() && s.costUsd() != null);
        int idWant = 2;
        int stWant = 6;
        int labelWant = 0;
        int stCap = STATUS_WITH_ACTIVITY;
        for (SessionView s : sessions) {
            idWant = Math.max(idWant, Text.width(idText(s)));
            int st = Text.width(statusText(s, null));
            stWant = Math.max(stWant, st);
            labelWant = Math.max(labelWant, Text.width(Status.of(s).label()));
            if (Status.of(s) == Status.COMPLETED_WITH_DENIALS || s.retry() != null) {
                // the count and the tools refused, or when and why it runs again, are the point of the row
                stCap = Math.max(stCap, st);
            }
        }
        int idNeed = Math.max(0, Math.min(idWant, Column.ID.max) - Column.ID.min);
        int labelNeed = Math.max(0, labelWant - Column.STATUS.min);
        int reasonNeed = Math.max(labelNeed, Math.min(stWant, STATUS_READABLE) - Column.STATUS.min);
        int drop = 0;
        while (drop < DROP_ORDER.length) {
            Column next = DROP_ORDER[drop];
            int need = minWidth(cols);
            if (next != Column.STATUS && next != Column.ICON) {
                need += idNeed + (cols.contains(Column.ACTIVITY) ? reasonNeed : labelNeed);
            }
            if (need <= width) {
                break;
            }
            cols.remove(next);
            drop++;
        }
        int[] w = new int[cols.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = cols.get(i).min;
        }
        int spare = width - minWidth(cols);
        int idIdx = cols.indexOf(Column.ID);
        int stIdx = cols.indexOf(Column.STATUS);
        int actIdx = cols.indexOf(Column.ACTIVITY);
        int chIdx = cols.indexOf(Column.CHANGES);
        // ID first (it names the row), then a readable STATUS, then CHANGES, then ACTIVITY takes the rest.
        if (idIdx >= 0 && spare > 0) {
            int add = Math.min(spare, Math.min(Column.ID.max, idWant) - w[idIdx]);
            if (add > 0) {
                w[idIdx] += add;
                spare -= add;
            }
        }
        if (stIdx >= 0 && spare > 0) {
            int cap = Math.min(stWant, actIdx >= 0 ? Math.min(stCap, Column.STATUS.max) : Column.STATUS.max);
            int add = Math.min(spare, cap - w[stIdx]);
            if (add > 0) {
                w[stIdx] += add;
                spare -= add;
            }
        }
        int costIdx = cols.indexOf(Column.COST);
        if (estimates && costIdx >= 0 && spare > 0) {
            int add = Math.min(spare, Column.COST.max - w[costIdx]);
            w[costIdx] += add;
            spare -= add;
        }
        if (chIdx >= 0 && spare > 0) {
            int add = Math.min(spare, Math.min(changesWant, Column.CHANGES.max) - w[chIdx]);
            if (add > 0) {
                w[chIdx] += add;
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
        String id = Text.sanitizeCell(s.taskId());
        return s.attempt() > 1 ? id + " #" + s.attempt() : id;
    }

    /**
     * "failed: exit 1", "completed with denials (2: Write, Bash)", "running", "skipped: halted: 3
     * failures", "waiting for a, b", "retrying in 42s (2/3, HTTP 529)", "completed · check ✓", "failed:
     * check failed: npm test exit 1 · check ✗ (3/3)" (counted from {@code now}; null measures the
     * widest wait, so that a column sized with it stays put as the countdown shortens).
     */
    static String statusText(SessionView s, Instant now) {
        String text = stateText(s, now);
        String check = CheckFields.text(s.check(), false);
        String label = Status.of(s).label();
        if (check == null || s.state() == SessionState.QUEUED || !text.startsWith(label)) {
            return text;
        }
        // The mark goes right after the label, where a narrow column does not cut it; it says what a check's reason
        // would.
        boolean checkReason = s.reason() != null && s.reason().startsWith(CheckOutcome.FAILED_REASON);
        return label + " · " + check + (checkReason ? "" : text.substring(label.length()));
    }

    /** {@link #statusText} without the check. */
    private static String stateText(SessionView s, Instant now) {
        String retrying = BatchText.retrying(s, now);
        if (retrying != null && s.state() == SessionState.QUEUED) {
            return retrying;
        }
        String waiting = BatchText.waiting(s);
        if (waiting != null) {
            return Text.sanitizeCell(waiting);
        }
        Status status = Status.of(s);
        if (status == Status.COMPLETED_WITH_DENIALS) {
            Set<String> tools = new LinkedHashSet<>();
            s.denials().forEach(d -> tools.add(Text.sanitizeCell(d.toolName())));
            return status.label() + " (" + s.denials().size() + ": " + String.join(", ", tools) + ")";
        }
        String detail = Denials.detail(s);
        return detail == null
                ? status.label()
                : status.label() + ": " + Text.sanitizeCell(detail).strip();
    }

    static String text(Column c, SessionView s, Instant now) {
        return text(c, s, now, false, null);
    }

    /**
     * {@code simulated}: costs carry {@link Costs#SIMULATED_MARK} (the footer has its legend).
     * {@code conflict}: what the session's changes conflict with, or null (only CHANGES shows it).
     */
    static String text(Column c, SessionView s, Instant now, boolean simulated, String conflict) {
        // Nothing to measure yet (queued), or ever (skipped: it never started).
        boolean queued = s.state() == SessionState.QUEUED || s.state() == SessionState.SKIPPED;
        return switch (c) {
            case ICON -> Theme.icon(s);
            case ID -> idText(s);
            case STATUS -> statusText(s, now);
            case ELAPSED -> s.startedAt() == null ? "" : Durations.human(s.elapsed(now));
            case OUTPUT -> queued && s.outputBytes() == 0 ? "" : Sizes.human(s.outputBytes());
            case COST -> Costs.usdShort(s.costUsd(), simulated, s.costEstimated());
            case TURNS -> queued && s.turns() == 0 ? "" : Integer.toString(s.turns());
            case CHANGES -> changesText(s, conflict);
            case ACTIVITY -> activity(s);
        };
    }

    /**
     * "+120 −8 · 5 files", then "✗ main" when it conflicts with main; "no changes" when its work
     * was committed and changed nothing; blank without a worktree and until the commit is made.
     */
    static String changesText(SessionView s, String conflict) {
        SessionWorkspace ws = s.workspace();
        if (ws == null || !s.state().isFinal() || ws.changes() == null) {
            return "";
        }
        Changes ch = ws.changes();
        String text = ws.commit() == null || ch.isEmpty()
                ? "no changes"
                : "+" + ch.insertions() + " −" + ch.deletions() + " · " + KeyDispatcher.plural(ch.files(), "file");
        return conflict == null
                ? text
                : text + " " + CONFLICT_MARK + " " + Text.sanitizeCell(conflict).strip();
    }

    /** Marks a CHANGES cell whose session conflicts; one column wide in Lanterna and DejaVu Sans Mono. */
    static final String CONFLICT_MARK = "✗";

    /** What the session is doing; once it has ended, what it said last. */
    static String activity(SessionView s) {
        if (s.state() != SessionState.RUNNING
                && s.activity() != null
                && s.activity().startsWith(DependencyGate.WAITING_FOR)) {
            return ""; // STATUS says it while queued; a skip or stop before the start leaves it stale
        }
        String a = s.activity();
        if (s.state().isFinal() && s.resultText() != null && !s.resultText().isBlank()) {
            a = s.resultText();
        }
        return a == null ? "" : Text.sanitizeCell(a).strip();
    }

    static Style style(Column c, SessionView s) {
        return style(c, s, null);
    }

    static Style style(Column c, SessionView s, String conflict) {
        Style stateStyle = Theme.state(s);
        if (s.state() == SessionState.QUEUED) {
            return Theme.DIM;
        }
        return switch (c) {
            case ICON, STATUS -> stateStyle;
            case ID -> Theme.BOLD;
            case ACTIVITY -> s.state() == SessionState.RUNNING ? Theme.TEXT : Theme.DIM;
            case CHANGES -> conflict != null ? Theme.CONFLICT : Theme.TEXT;
            default -> Theme.TEXT;
        };
    }

    static void drawHeader(Canvas canvas, int row, List<Placed> cols) {
        canvas.fillRow(row, Theme.COLUMN_HEADER.fg(Theme.DEFAULT));
        for (Placed p : cols) {
            String t = p.column().rightAligned
                    ? Text.padLeft(p.column().title, p.width())
                    : Text.padRight(p.column().title, p.width());
            canvas.put(p.x(), row, t, Theme.COLUMN_HEADER, p.width());
        }
    }

    static void drawRow(Canvas canvas, int row, List<Placed> cols, SessionView s, Instant now, boolean selected) {
        drawRow(canvas, row, cols, s, now, selected, false, null);
    }

    /** {@code conflict}: what the session conflicts with, or null; the CHANGES column marks it. */
    static void drawRow(
            Canvas canvas,
            int row,
            List<Placed> cols,
            SessionView s,
            Instant now,
            boolean selected,
            boolean simulated,
            String conflict) {
        if (selected) {
            canvas.fillRow(row, Theme.TEXT.bg(Theme.SELECTED_BG));
        }
        for (Placed p : cols) {
            String t = text(p.column(), s, now, simulated, conflict);
            t = p.column().rightAligned ? Text.padLeft(t, p.width()) : Text.fit(t, p.width());
            Style st = style(p.column(), s, conflict);
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
