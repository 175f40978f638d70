package dev.claudemulti.tui;

import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.report.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the dashboard shows besides the engine's figures: the selection, the filter, which
 * screen or prompt is up, the table's scroll position and page size, and the message under the
 * table. A plain object with no terminal and no engine, so tests can drive it directly.
 *
 * <p>Selection is kept by task id, not by row, so it stays on the same session as rows are
 * filtered or reordered. {@link #followSelection(int)} is the layout step: it makes the selection
 * valid and scrolls it into a page of the given height; until it runs after a change, the scroll
 * position may be out of date. Not thread-safe: the GUI thread owns it.
 */
final class DashboardState {
    /** A y/n question in the footer, and what "y" does. */
    record Confirm(String question, Runnable yes) {}

    private RunSnapshot snapshot;
    private String selectedId;
    private int scrollTop;
    private int pageRows = 10;
    private String filter = "";
    private StringBuilder filterEdit;
    /** The follow-up prompt being typed, or null. */
    private FollowUpPrompt followUp;

    private Confirm confirm;
    private boolean help;
    private boolean stopping;
    private String message;
    private String runNotice;
    private final Notice notice = new Notice();
    private TailView tail;
    private DiffView diff;
    /** Task id to what its changes conflict with, as last computed off the GUI thread. */
    private Map<String, String> conflicts = Map.of();

    private Dashboard.Exit exit;

    DashboardState(RunSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    RunSnapshot snapshot() {
        return snapshot;
    }

    void update(RunSnapshot newer) {
        snapshot = newer;
    }

    /** The engine's line about the whole run ({@link dev.claudemulti.engine.Engine#notice()}), or null. */
    String runNotice() {
        return runNotice;
    }

    void runNotice(String notice) {
        runNotice = notice;
    }

    /** Before a frame: a message that went stale with the snapshot (see {@link Notice}) goes. */
    void expireStaleMessage() {
        if (notice.stale(snapshot)) {
            message = null;
        }
    }

    /** Which key table applies: {@link KeyBindings.Mode#FILTER} and the others. Prompts and help come first, see {@link KeyDispatcher}. */
    KeyBindings.Mode mode() {
        if (followUp != null) {
            return KeyBindings.Mode.FOLLOW_UP;
        }
        if (filterEdit != null) {
            return KeyBindings.Mode.FILTER;
        }
        if (stopping) {
            return KeyBindings.Mode.STOPPING;
        }
        if (diff != null) {
            return KeyBindings.Mode.DIFF;
        }
        return tail != null ? KeyBindings.Mode.TAIL : KeyBindings.Mode.TABLE;
    }

    // ---------------------------------------------------------------- rows and selection

    /** What a queued session waiting for a retry is called in its status cell, and matched by. */
    private static final String RETRYING = "retrying";

    /**
     * The sessions that pass the filter (an id substring or a status label, "retrying" for those
     * waiting for a retry), in snapshot order.
     */
    List<SessionView> visibleRows() {
        if (filter.isEmpty()) {
            return snapshot.sessions();
        }
        String f = filter.toLowerCase(Locale.ROOT);
        List<SessionView> out = new ArrayList<>();
        for (SessionView s : snapshot.sessions()) {
            if (s.taskId().toLowerCase(Locale.ROOT).contains(f)
                    || Status.of(s).label().contains(f)
                    || (s.retry() != null && RETRYING.contains(f))) {
                out.add(s);
            }
        }
        return out;
    }

    /** The selected row's index in {@code rows}; the first row if the selected session is not among them; -1 if none. */
    int selectedIndex(List<SessionView> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).taskId().equals(selectedId)) {
                return i;
            }
        }
        return rows.isEmpty() ? -1 : 0;
    }

    /** The selected visible session, or null if no row is visible. */
    SessionView selected() {
        List<SessionView> rows = visibleRows();
        int i = selectedIndex(rows);
        return i < 0 ? null : rows.get(i);
    }

    /** Moves the selection by {@code rows} visible rows, stopping at the first and last. */
    void moveSelection(int rows) {
        List<SessionView> visible = visibleRows();
        selectRow(visible, selectedIndex(visible) + rows);
    }

    /** Moves the selection by whole pages; a page keeps one row of the last in view. */
    void moveSelectionByPages(int pages) {
        moveSelection(pages * Math.max(1, pageRows - 1));
    }

    void selectFirst() {
        selectRow(visibleRows(), 0);
    }

    void selectLast() {
        List<SessionView> visible = visibleRows();
        selectRow(visible, visible.size() - 1);
    }

    private void selectRow(List<SessionView> rows, int index) {
        if (!rows.isEmpty()) {
            selectedId = rows.get(Math.max(0, Math.min(rows.size() - 1, index))).taskId();
        }
    }

    /**
     * The layout step for a table of {@code pageRows} rows: pins the selection to a visible row
     * and scrolls so it is on the page, with no empty rows below the last session.
     */
    void followSelection(int pageRows) {
        this.pageRows = Math.max(1, pageRows);
        List<SessionView> rows = visibleRows();
        int sel = selectedIndex(rows);
        if (sel >= 0) {
            selectedId = rows.get(sel).taskId();
        }
        if (sel < scrollTop) {
            scrollTop = Math.max(0, sel);
        } else if (sel >= scrollTop + this.pageRows) {
            scrollTop = sel - this.pageRows + 1;
        }
        scrollTop = Math.max(0, Math.min(scrollTop, Math.max(0, rows.size() - this.pageRows)));
    }

    /** The first visible row shown, as of the last {@link #followSelection}. */
    int scrollTop() {
        return scrollTop;
    }

    /** The table's height in rows, as of the last {@link #followSelection}. */
    int pageRows() {
        return pageRows;
    }

    /** The session with this id in the snapshot, filtered out or not; null if there is none. */
    SessionView session(String taskId) {
        return snapshot.session(taskId);
    }

    /** True if some session has a worktree: the CHANGES column, the diff and the merge keys show. */
    boolean hasWorkspaces() {
        if (snapshot == null) {
            return false;
        }
        for (SessionView s : snapshot.sessions()) {
            if (s.workspace() != null) {
                return true;
            }
        }
        return false;
    }

    /** Task id to what that session conflicts with ("main", "api-docs"); empty when none or not yet known. */
    Map<String, String> conflicts() {
        return conflicts;
    }

    void conflicts(Map<String, String> latest) {
        conflicts = Map.copyOf(latest);
    }

    List<String> ids(SessionState state) {
        List<String> out = new ArrayList<>();
        for (SessionView s : snapshot.sessions()) {
            if (s.state() == state) {
                out.add(s.taskId());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- filter

    /** The follow-up prompt being typed ({@code c}), or null. */
    FollowUpPrompt followUp() {
        return followUp;
    }

    /** Starts typing a follow-up prompt, or ends it (null). */
    void editFollowUp(FollowUpPrompt prompt) {
        followUp = prompt;
    }

    /** The applied filter; empty for none. While it is edited it follows each keystroke. */
    String filter() {
        return filter;
    }

    /** The filter text being typed, or null when the filter is not being edited. */
    String filterBeingEdited() {
        return filterEdit == null ? null : filterEdit.toString();
    }

    void editFilter() {
        filterEdit = new StringBuilder(filter);
    }

    /** Types one character into the filter being edited; the filter is capped at 64 characters. */
    void typeIntoFilter(char c) {
        if (filterEdit.length() < 64) {
            filterEdit.append(c);
            filter = filterEdit.toString().strip();
        }
    }

    void eraseFromFilter() {
        if (filterEdit.length() > 0) {
            filterEdit.setLength(filterEdit.length() - 1);
        }
        filter = filterEdit.toString().strip();
    }

    void applyFilter() {
        filter = filterEdit.toString().strip();
        filterEdit = null;
    }

    /** Clears the filter, and ends editing it if it was. */
    void clearFilter() {
        filter = "";
        filterEdit = null;
    }

    /** Leaves filter editing and keeps what was typed so far (Ctrl-C asks to quit from there). */
    void stopEditingFilter() {
        filterEdit = null;
    }

    // ---------------------------------------------------------------- prompts, help, messages

    Confirm confirm() {
        return confirm;
    }

    void ask(String question, Runnable yes) {
        confirm = new Confirm(question, yes);
    }

    /** The pending question, which is answered (and so gone) by the call. */
    Confirm takeConfirm() {
        Confirm c = confirm;
        confirm = null;
        return c;
    }

    boolean helpShown() {
        return help;
    }

    void showHelp(boolean shown) {
        help = shown;
    }

    /** The answer to the last key shown under the table, or null. */
    String message() {
        return message;
    }

    void say(String text) {
        message = text;
    }

    /** A key was pressed: the last answer goes, and with it what {@link Notice} waited for. */
    void clearMessage() {
        message = null;
        notice.reset();
    }

    Notice notice() {
        return notice;
    }

    // ---------------------------------------------------------------- stopping, tail, diff, exit

    /** True once the user confirmed quitting with sessions running: only K and the wait are left. */
    boolean stopping() {
        return stopping;
    }

    void startStopping() {
        stopping = true;
    }

    /** The tail view shown instead of the table, or null. */
    TailView tail() {
        return tail;
    }

    /** Shows {@code view} (closing the tail shown before) and selects its session. */
    void showTail(TailView view) {
        closeTail();
        tail = view;
        selectedId = view.taskId;
    }

    void closeTail() {
        if (tail != null) {
            tail.close();
            tail = null;
        }
    }

    /** The diff view shown instead of the table, or null. */
    DiffView diff() {
        return diff;
    }

    /** Shows {@code view} (closing the diff shown before) and selects its session. */
    void showDiff(DiffView view) {
        closeDiff();
        diff = view;
        selectedId = view.taskId;
    }

    void closeDiff() {
        if (diff != null) {
            diff.close();
            diff = null;
        }
    }

    Dashboard.Exit exit() {
        return exit;
    }

    void exit(Dashboard.Exit why) {
        exit = why;
    }
}
