package dev.claudemulti.tui;

import dev.claudemulti.display.Costs;
import dev.claudemulti.display.Durations;
import dev.claudemulti.display.Sizes;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.SessionView;
import java.time.Instant;

/**
 * The tail screen: header, a line of facts about the session, its output as laid out by
 * {@link TailView#layout}, a banner while stopping or after a key, and the key hints. It only
 * reads the state and the page it is given.
 */
final class TailScreen {
    static final int OUTPUT_TOP = 2;

    private TailScreen() {}

    /** The rows the output gets on a screen of {@code screenRows} rows. */
    static int outputRows(DashboardState state, int screenRows) {
        return screenRows - 1 - (banner(state) != null ? 1 : 0) - OUTPUT_TOP;
    }

    static void draw(Canvas c, DashboardState state, TailView.Page page, String title, Instant now) {
        TailView tail = state.tail();
        Header.draw(c, 0, title, "tail", state.snapshot(), now);
        SessionView v = state.session(tail.taskId);
        int infoRow = 1;
        c.fillRow(infoRow, Theme.FOOTER);
        if (v != null) {
            drawFacts(c, infoRow, v, tail, state.snapshot().simulated(), now);
        }
        String banner = banner(state);
        if (banner != null) {
            c.put(0, c.rows - 2, Text.fit(banner, c.cols), state.stopping() ? Theme.BANNER_WARN : Theme.MESSAGE);
        }
        for (int r = 0; r < page.rows().size(); r++) {
            c.put(0, OUTPUT_TOP + r, page.rows().get(r), page.styles().get(r), c.cols);
        }
        if (page.empty() && c.cols > 0 && outputRows(state, c.rows) > 0) {
            c.put(0, OUTPUT_TOP, "(no output yet)", Theme.DIM, c.cols);
        }
        int keysRow = c.rows - 1;
        if (state.confirm() != null) {
            KeyHints.drawQuestion(c, keysRow, state.confirm().question());
            return;
        }
        KeyHints.draw(c, keysRow, KeyBindings.hints(KeyBindings.Mode.TAIL, state));
    }

    private static void drawFacts(Canvas c, int row, SessionView v, TailView tail, boolean simulated, Instant now) {
        int x = c.put(1, row, Theme.icon(v) + " ", Theme.FOOTER_BOLD);
        x = c.put(x, row, SessionTable.idText(v), Theme.FOOTER_BOLD);
        String facts = "  " + SessionTable.statusText(v, now)
                + (v.startedAt() == null ? "" : "  " + Durations.human(v.elapsed(now)))
                + "  " + Sizes.human(v.outputBytes())
                // No legend on this screen for the table's mark: spelled out.
                + (v.costUsd() == null
                        ? ""
                        : "  " + Costs.usdShort(v.costUsd(), false, v.costEstimated())
                                + (simulated ? " (simulated)" : ""))
                + (v.turns() > 0 ? "  " + KeyDispatcher.plural(v.turns(), "turn") : "")
                // The conversation claude --resume continues, chosen before launch: known from the start.
                // Its first 8 characters, as the init line shows it; status --json has all of it.
                + (v.sessionId() == null ? "" : "  session " + shortId(v.sessionId()));
        String mode = (tail.rawMode() ? "RAW" : "readable") + " · " + (tail.following() ? "following" : "paused") + " ";
        int modeX = c.cols - Text.width(mode);
        c.put(x, row, Text.fit(facts, Math.max(0, modeX - x - 1)), Theme.FOOTER);
        c.put(modeX, row, mode, Theme.FOOTER_BOLD);
    }

    private static String shortId(String sessionId) {
        String id = Text.sanitizeCell(sessionId);
        return id.length() <= 8 ? id : id.substring(0, 8);
    }

    private static String banner(DashboardState state) {
        if (state.stopping()) {
            return " stopping… waiting for sessions to end  (K kill now)";
        }
        return state.message() != null ? " " + state.message() : null;
    }
}
