package dev.claudemulti.tui;

import dev.claudemulti.display.Costs;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.report.BatchText;
import dev.claudemulti.report.RunTotals;
import dev.claudemulti.report.Status;
import dev.claudemulti.report.StatusCounts;
import dev.claudemulti.tui.Canvas.Style;

/**
 * The table's totals row and its "batch finished" banner. Counts come from {@link StatusCounts},
 * so they read as in {@code status}, the summary and the reports.
 */
final class RunFooter {
    private RunFooter() {}

    /** How a finished batch went: its banner's mark and colour always agree. */
    private enum Outcome {
        CLEAN("✓", Theme.BANNER_OK),
        DENIALS("⚠", Theme.BANNER_WARN),
        NOT_ALL_COMPLETED("✗", Theme.BANNER_BAD);

        final String mark;
        final Style style;

        Outcome(String mark, Style style) {
            this.mark = mark;
            this.style = style;
        }

        static Outcome of(StatusCounts counts) {
            if (counts.endedWithoutCompleting() > 0) {
                return NOT_ALL_COMPLETED;
            }
            return counts.get(Status.COMPLETED_WITH_DENIALS) > 0 ? DENIALS : CLEAN;
        }
    }

    /** " ✗ batch finished: 7 completed, 1 failed, 4 skipped (run halted: 1 failure)   press q to quit". */
    static String finishedBanner(RunSnapshot snap) {
        StatusCounts counts = StatusCounts.of(snap.sessions());
        String halted = BatchText.halted(snap.batch());
        return " " + Outcome.of(counts).mark + " batch finished: " + counts.text()
                + (halted == null ? "" : " (" + Text.sanitizeCell(halted) + ")") + "   press q to quit";
    }

    /** Red if a session did not complete, yellow if one completed with denials, else green. */
    static Style finishedStyle(RunSnapshot snap) {
        return Outcome.of(StatusCounts.of(snap.sessions())).style;
    }

    /**
     * "Total 8 │ Completed 2 │ … │ Stopped 5" on the left, the cost on the right if there is room:
     * counts come first; one that does not fit is left out whole. Simulated costs in the rows carry
     * a mark, so its legend stays when the cost does not fit, as long as the legend does.
     */
    static void drawTotals(Canvas c, int row, RunSnapshot snap) {
        c.fillRow(row, Theme.FOOTER);
        String legend = Costs.SIMULATED_MARK + " simulated ";
        String cost = "cost "
                + Costs.usdShort(snap.totalCostUsd(), snap.simulated(), RunTotals.includesEstimate(snap))
                + (snap.simulated() ? " (" + Costs.SIMULATED_MARK + " simulated)" : "") + " ";
        int x = 1;
        boolean first = true;
        for (StatusCounts.Entry e : StatusCounts.of(snap.sessions()).entries()) {
            String sep = first ? "" : " │ ";
            String n = Long.toString(e.count());
            if (x + Text.width(sep) + Text.width(e.title()) + 1 + n.length() > c.cols - 1) {
                break;
            }
            x = c.put(x, row, sep + e.title() + " ", Theme.FOOTER);
            x = c.put(x, row, n, Theme.FOOTER_BOLD);
            first = false;
        }
        if (x + 2 <= c.cols - Text.width(cost)) {
            c.put(c.cols - Text.width(cost), row, cost, Theme.FOOTER_BOLD);
        } else if (snap.simulated() && x + 2 <= c.cols - Text.width(legend)) {
            c.put(c.cols - Text.width(legend), row, legend, Theme.FOOTER_BOLD);
        }
    }
}
