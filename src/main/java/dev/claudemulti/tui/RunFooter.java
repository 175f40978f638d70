package dev.claudemulti.tui;

import dev.claudemulti.agent.Text;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.report.Costs;
import dev.claudemulti.report.Status;
import dev.claudemulti.report.StatusCounts;
import dev.claudemulti.tui.Canvas.Style;

/**
 * The table's totals row and its "batch finished" banner. Counts come from {@link StatusCounts},
 * so they read as in {@code status}, the summary and the reports.
 */
final class RunFooter {
    private RunFooter() {
    }

    /**
     * " ✗ batch finished: 7 completed, 1 failed   press q to quit": the mark agrees with the banner's
     * colour, so a batch with failures never reads as a tick.
     */
    static String finishedBanner(RunSnapshot snap) {
        StatusCounts counts = StatusCounts.of(snap.sessions());
        String mark = counts.endedWithoutCompleting() > 0 ? "✗" : counts.get(Status.COMPLETED_WITH_DENIALS) > 0 ? "⚠" : "✓";
        return " " + mark + " batch finished: " + counts.text() + "   press q to quit";
    }

    /** Red if a session did not complete, yellow if one completed with denials, else green. */
    static Style finishedStyle(RunSnapshot snap) {
        StatusCounts counts = StatusCounts.of(snap.sessions());
        if (counts.endedWithoutCompleting() > 0) {
            return Theme.BANNER_BAD;
        }
        return counts.get(Status.COMPLETED_WITH_DENIALS) > 0 ? Theme.BANNER_WARN : Theme.BANNER_OK;
    }

    /**
     * "Total 8 │ Completed 2 │ … │ Stopped 5" on the left, the cost on the right if there is room:
     * counts come first; one that does not fit is left out whole.
     */
    static void drawTotals(Canvas c, int row, RunSnapshot snap) {
        c.fillRow(row, Theme.FOOTER);
        String cost = "cost " + Costs.usdShort(snap.totalCostUsd(), snap.simulated())
                + (snap.simulated() ? " (" + Costs.SIMULATED_MARK + " simulated)" : "") + " ";
        int costX = c.cols - Text.width(cost);
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
        if (x + 2 <= costX) {
            c.put(costX, row, cost, Theme.FOOTER_BOLD);
        }
    }
}
