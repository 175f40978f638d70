package dev.claudemulti.tui;

import dev.claudemulti.display.Text;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.tui.Canvas.Style;
import java.util.List;

/**
 * Where the table screen puts things, worked out before it is drawn: the visible rows and their
 * columns, the one-line banner under the table (if any) and the rows the table gets. Computing it
 * runs the state's layout step ({@link DashboardState#followSelection}), so the selection and the
 * scroll position are settled before anything reads them.
 *
 * @param rows        the sessions that pass the filter
 * @param columns     the columns that fit the width
 * @param banner      the line under the table, or null
 * @param bannerStyle its colour
 * @param tableTop    the first row of sessions
 * @param tableBottom the row after the last row of sessions; the banner's row when there is one
 * @param selected    the selected row's index in {@code rows}, -1 if none
 * @param scrollTop   the index in {@code rows} of the first row shown
 */
record TableLayout(
        List<SessionView> rows,
        List<SessionTable.Placed> columns,
        String banner,
        Style bannerStyle,
        int tableTop,
        int tableBottom,
        int selected,
        int scrollTop) {

    static final int TABLE_TOP = 2;
    static final int FOOTER_ROWS = 2;

    int pageRows() {
        return Math.max(1, tableBottom - tableTop);
    }

    /** Lays out a {@code cols} x {@code screenRows} table screen for {@code state}, settling its selection and scroll. */
    static TableLayout of(DashboardState state, int cols, int screenRows) {
        RunSnapshot snap = state.snapshot();
        List<SessionView> rows = state.visibleRows();
        String banner = null;
        Style bannerStyle = Theme.MESSAGE;
        if (state.stopping()) {
            banner = " stopping… " + snap.count(SessionState.RUNNING)
                    + " still running; waiting for them to end  (K kill now)";
            bannerStyle = Theme.BANNER_WARN;
        } else if (state.message() != null) {
            banner = " " + state.message();
        } else if (state.runNotice() != null) {
            // Lost sessions' processes still running: the row's reason is cut, this line is not.
            banner = " ? " + Text.sanitizeCell(state.runNotice());
            bannerStyle = Theme.BANNER_WARN;
        } else if (snap.finished() && !snap.sessions().isEmpty()) {
            banner = RunFooter.finishedBanner(snap);
            bannerStyle = RunFooter.finishedStyle(snap);
        } else if (!state.filter().isEmpty() && state.filterBeingEdited() == null) {
            banner = " filter: " + Text.sanitizeCell(state.filter()) + "  (" + rows.size() + " of "
                    + snap.sessions().size() + ")   / edit  Esc clear";
        }
        int tableBottom = screenRows - FOOTER_ROWS - (banner != null ? 1 : 0); // exclusive
        state.followSelection(tableBottom - TABLE_TOP);
        return new TableLayout(
                rows,
                SessionTable.layout(cols, rows, state.conflicts()),
                banner,
                bannerStyle,
                TABLE_TOP,
                tableBottom,
                state.selectedIndex(rows),
                state.scrollTop());
    }
}
