package dev.claudemulti.tui;

import com.googlecode.lanterna.TerminalPosition;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionView;
import java.time.Instant;
import java.util.List;

/**
 * The table screen: header, column titles, one row per visible session, the banner, the totals
 * and the key hints, the filter being typed or the follow-up prompt. It only reads the state and a {@link TableLayout}.
 */
final class TableScreen {
    private TableScreen() {}

    /** Draws the table; returns where the cursor goes (in the filter being typed), or null for no cursor. */
    static TerminalPosition draw(Canvas c, DashboardState state, TableLayout layout, String title, Instant now) {
        RunSnapshot snap = state.snapshot();
        Header.draw(c, 0, title, null, snap, now);
        SessionTable.drawHeader(c, 1, layout.columns());
        List<SessionView> rows = layout.rows();
        int pageRows = layout.pageRows();
        int top = layout.scrollTop();
        for (int i = 0; i < pageRows && top + i < rows.size(); i++) {
            SessionTable.drawRow(
                    c,
                    layout.tableTop() + i,
                    layout.columns(),
                    rows.get(top + i),
                    now,
                    top + i == layout.selected(),
                    snap.simulated(),
                    state.conflicts().get(rows.get(top + i).taskId()));
        }
        if (rows.isEmpty()) {
            c.put(
                    2,
                    layout.tableTop(),
                    state.filter().isEmpty()
                            ? "no sessions"
                            : "no session matches \"" + Text.sanitizeCell(state.filter()) + "\"",
                    Theme.DIM);
        } else if (rows.size() > pageRows) {
            String more = " " + (top + 1) + "-" + Math.min(rows.size(), top + pageRows) + " of " + rows.size() + " ";
            c.put(c.cols - Text.width(more), 1, more, Theme.DIM);
        }
        if (layout.banner() != null) {
            c.fillRow(layout.tableBottom(), layout.bannerStyle() == Theme.MESSAGE ? Theme.TEXT : layout.bannerStyle());
            c.put(0, layout.tableBottom(), Text.fit(layout.banner(), c.cols), layout.bannerStyle());
        }
        RunFooter.drawTotals(c, c.rows - 2, snap);
        int keysRow = c.rows - 1;
        if (state.confirm() != null) {
            KeyHints.drawQuestion(c, keysRow, state.confirm().question());
            return null;
        }
        if (state.followUp() != null) {
            return state.followUp().draw(c, keysRow, state);
        }
        String typed = state.filterBeingEdited();
        if (typed != null) {
            return drawFilterPrompt(c, keysRow, typed, state);
        }
        KeyHints.draw(c, keysRow, KeyBindings.hints(state.mode(), state));
        return null;
    }

    private static TerminalPosition drawFilterPrompt(Canvas c, int row, String typed, DashboardState state) {
        int x = c.put(0, row, " / filter (id or status): ", Theme.KEY);
        String text = Text.sanitizeCell(typed);
        StringBuilder hint = new StringBuilder("  ");
        for (String[] h : KeyBindings.hints(KeyBindings.Mode.FILTER, state)) {
            hint.append(' ').append(h[0]).append(' ').append(h[1]).append(' ');
        }
        int room = c.cols - x - 1;
        String shown = Text.width(text) > room ? Text.fitLeft(text, room) : text;
        int end = c.put(x, row, shown, Theme.BOLD);
        c.put(end + 1, row, hint.toString().stripTrailing(), Theme.DIM);
        return new TerminalPosition(Math.min(end, c.cols - 1), row);
    }
}
