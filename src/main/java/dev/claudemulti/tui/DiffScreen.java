package dev.claudemulti.tui;

import dev.claudemulti.display.Text;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.workspace.SessionWorkspace;
import java.time.Instant;

/**
 * The diff screen: header, a line naming the session's branch and commits with the position in
 * the diff, the page laid out by {@link DiffView#layout}, a message line after a key, and the key
 * hints. It only reads the state and the page it is given.
 */
final class DiffScreen {
    static final int TEXT_TOP = 2;
    private static final int SHORT_SHA = 10;

    private DiffScreen() {}

    /** The rows the diff gets on a screen of {@code screenRows} rows. */
    static int textRows(DashboardState state, int screenRows) {
        return screenRows - 1 - (state.message() != null ? 1 : 0) - TEXT_TOP;
    }

    static void draw(Canvas c, DashboardState state, DiffView.Page page, String title, Instant now) {
        DiffView diff = state.diff();
        Header.draw(c, 0, title, "diff", state.snapshot(), now);
        int infoRow = 1;
        c.fillRow(infoRow, Theme.FOOTER);
        SessionView v = state.session(diff.taskId);
        int x = c.put(
                1, infoRow, v == null ? Text.sanitizeCell(diff.taskId) : SessionTable.idText(v), Theme.FOOTER_BOLD);
        String position = position(page);
        int positionX = c.cols - Text.width(position);
        if (v != null && v.workspace() != null) {
            c.put(x, infoRow, Text.fit("  " + facts(v.workspace()), Math.max(0, positionX - x - 1)), Theme.FOOTER);
        }
        c.put(positionX, infoRow, position, Theme.FOOTER_BOLD);
        for (int r = 0; r < page.rows().size(); r++) {
            c.put(0, TEXT_TOP + r, page.rows().get(r), page.styles().get(r), c.cols);
        }
        if (page.note() != null) {
            int noteRow = Math.min(TEXT_TOP + page.rows().size(), TEXT_TOP + Math.max(0, textRows(state, c.rows) - 1));
            c.put(0, noteRow, Text.fit(page.note(), c.cols), Theme.DIM, c.cols);
        }
        if (state.message() != null) {
            c.put(0, c.rows - 2, Text.fit(" " + state.message(), c.cols), Theme.MESSAGE);
        }
        int keysRow = c.rows - 1;
        if (state.confirm() != null) {
            KeyHints.drawQuestion(c, keysRow, state.confirm().question());
            return;
        }
        KeyHints.draw(c, keysRow, KeyBindings.hints(KeyBindings.Mode.DIFF, state));
    }

    /** "claude-multi/r1/api  9e1d0c33aa..3f2a9c01b2": the branch, base..commit. */
    private static String facts(SessionWorkspace ws) {
        return Text.sanitizeCell(ws.branch()) + "  " + shortSha(ws.base()) + ".." + shortSha(ws.commit());
    }

    private static String shortSha(String sha) {
        return sha == null ? "-" : sha.substring(0, Math.min(SHORT_SHA, sha.length()));
    }

    /** "lines 1-40 of 812 " while the diff is complete, "lines 1-40 of 812… " while git still writes it. */
    private static String position(DiffView.Page page) {
        if (page.total() == 0) {
            return " ";
        }
        int last = page.first() + page.rows().size();
        return "lines " + (page.first() + 1) + "-" + last + " of " + page.total() + (page.complete() ? "" : "…") + " ";
    }
}
