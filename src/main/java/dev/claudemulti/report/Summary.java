package dev.claudemulti.report;

import dev.claudemulti.display.Costs;
import dev.claudemulti.display.Decimals;
import dev.claudemulti.display.DisplayText;
import dev.claudemulti.display.Durations;
import dev.claudemulti.display.Sizes;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionView;
import java.util.ArrayList;
import java.util.List;

/** The text printed after a headless run: one line per task, its first result lines, then the totals. */
public final class Summary {
    static final int RESULT_LINES = 3;

    private Summary() {}

    /** Renders with Unicode icons; {@code width} ≤ 0 means lines are never cut. */
    public static String render(RunSnapshot run, int width) {
        return render(run, width, false);
    }

    /** {@code plain}: ASCII only, for terminals and logs that cannot show Unicode. */
    public static String render(RunSnapshot run, int width, boolean plain) {
        RunTotals totals = RunTotals.of(run);
        List<String[]> rows = new ArrayList<>();
        for (SessionView s : run.sessions()) {
            Status status = Status.of(s);
            rows.add(new String[] {
                status.icon(plain),
                Text.sanitize(s.taskId()),
                status.label(),
                Durations.human(totals.duration(s)),
                Costs.usd(s.costUsd(), run.simulated(), s.costEstimated()),
                s.turns() + (s.turns() == 1 ? " turn" : " turns"),
            });
        }
        int[] widths = TextTable.columnWidths(rows);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            SessionView s = run.sessions().get(i);
            String[] row = rows.get(i);
            StringBuilder line = new StringBuilder()
                    .append(Text.padRight(row[0], widths[0]))
                    .append(' ')
                    .append(Text.padRight(row[1], widths[1]))
                    .append("  ")
                    .append(Text.padRight(row[2], widths[2]))
                    .append("  ")
                    .append(Text.padLeft(row[3], widths[3]))
                    .append("  ")
                    .append(Text.padLeft(row[4], widths[4]))
                    .append("  ")
                    .append(Text.padLeft(row[5], widths[5]));
            String detail = Denials.detail(s);
            if (detail != null) {
                line.append("  ").append(Text.sanitize(detail).strip());
            }
            String check = CheckFields.text(s.check(), plain);
            if (check != null) {
                line.append("  ").append(check);
            }
            String changes = WorkspaceFields.changesText(s.workspace());
            if (!changes.isEmpty()) {
                line.append("  ")
                        .append(plain ? changes.replace('\u2212', '-').replace(" \u00b7 ", ", ") : changes)
                        .append(" on ")
                        .append(s.workspace().branch());
            }
            appendLine(out, line.toString().stripTrailing(), width, plain);
            for (String result : DisplayText.firstLines(s.resultText(), RESULT_LINES)) {
                appendLine(out, "    " + result, width, plain);
            }
        }
        out.append(plain ? "-".repeat(40) : "─".repeat(40)).append('\n');
        out.append(totals(totals, plain, run.simulated()));
        return out.toString();
    }

    /**
     * The totals lines: counts, then cost, wall time, session time and the real speedup, then
     * token counts, then how much of the batch budget was used and why the run halted (when it has
     * a budget, or halted). Shared by the summary and {@code status}.
     */
    public static String totals(RunTotals totals, boolean plain, boolean simulated) {
        StringBuilder out = new StringBuilder();
        String dot = plain ? ", " : " · ";
        out.append(totals.tasks())
                .append(totals.tasks() == 1 ? " task: " : " tasks: ")
                .append(totals.countsText())
                .append('\n');
        out.append("cost ")
                .append(Costs.usd(totals.costUsd(), simulated, totals.costEstimated()))
                .append(dot)
                .append("wall ")
                .append(Durations.human(totals.wall()))
                .append(dot)
                .append("sessions ")
                .append(Durations.human(totals.sessionTime()))
                .append(dot)
                .append("speedup ")
                .append(totals.speedup() == null ? "-" : Decimals.fixed(totals.speedup(), 1) + "x")
                .append('\n');
        out.append("tokens: ")
                .append(Sizes.grouped(totals.tokens().input()))
                .append(" input")
                .append(dot)
                .append(Sizes.grouped(totals.tokens().output()))
                .append(" output")
                .append(dot)
                .append(Sizes.grouped(totals.tokens().cacheRead()))
                .append(" cache read")
                .append(dot)
                .append(Sizes.grouped(totals.tokens().cacheWrite()))
                .append(" cache write")
                .append('\n');
        String budget = BatchText.budgetUsed(totals);
        if (budget != null) {
            out.append(budget).append('\n');
        }
        String halted = BatchText.halted(totals.batch());
        if (halted != null) {
            out.append(Text.sanitize(halted)).append('\n');
        }
        if (simulated) {
            out.append(Costs.LEGEND).append('\n');
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String line, int width, boolean plain) {
        out.append(DisplayText.truncate(plain ? ascii(line) : line, width, plain))
                .append('\n');
    }

    private static String ascii(String text) {
        return text.codePoints()
                .map(cp -> cp < 0x80 ? cp : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
