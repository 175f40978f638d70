package dev.claudemulti.report;

import dev.claudemulti.display.Costs;
import dev.claudemulti.display.Durations;
import dev.claudemulti.display.Sizes;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionView;
import java.util.Locale;

/** A GitHub-flavoured Markdown table of the tasks and a totals section, e.g. for a CI job summary. */
public final class MarkdownReport {
    private MarkdownReport() {}

    public static String render(RunSnapshot run) {
        RunTotals totals = RunTotals.of(run);
        StringBuilder out = new StringBuilder();
        out.append("# claude-multi run ").append(cell(run.runId()));
        if (run.simulated()) {
            out.append(" (simulated)");
        }
        out.append("\n\n");
        // Only an isolated run has branches to show: a run in place keeps its table as it was.
        boolean isolated = run.sessions().stream().anyMatch(s -> s.workspace() != null);
        // Only a run with checks has a Check column, for the same reason.
        boolean checked = run.sessions().stream().anyMatch(s -> s.check() != null);
        out.append("| Task | Status | Reason | Duration | Cost | Turns | Tokens |")
                .append(isolated ? " Branch | Changes |" : "")
                .append(checked ? " Check |\n" : "\n");
        out.append("|---|---|---|---:|---:|---:|---:|")
                .append(isolated ? "---|---|" : "")
                .append(checked ? "---|\n" : "\n");
        for (SessionView s : run.sessions()) {
            out.append("| ")
                    .append(cell(s.taskId()))
                    .append(" | ")
                    .append(Status.of(s).label())
                    .append(" | ")
                    .append(cell(Denials.detail(s)))
                    .append(" | ")
                    .append(Durations.human(totals.duration(s)))
                    .append(" | ")
                    .append(marks(Costs.usd(s.costUsd(), run.simulated(), s.costEstimated())))
                    .append(" | ")
                    .append(s.turns())
                    .append(" | ")
                    .append(s.tokens() == null ? "0" : Sizes.grouped(s.tokens().total()));
            if (isolated) {
                out.append(" | ")
                        .append(s.workspace() == null ? "" : cell(s.workspace().branch()))
                        .append(" | ")
                        .append(cell(WorkspaceFields.changesText(s.workspace())));
            }
            if (checked) {
                String check = CheckFields.text(s.check(), false);
                out.append(" | ").append(check == null ? "" : cell(check));
            }
            out.append(" |\n");
        }
        out.append("\n## Totals\n\n");
        out.append("- Tasks: ")
                .append(totals.tasks())
                .append(" (")
                .append(totals.countsText())
                .append(")\n");
        out.append("- Cost: ")
                .append(marks(Costs.usd(totals.costUsd(), run.simulated(), totals.costEstimated())))
                .append('\n');
        String budget = BatchText.budgetUsed(totals);
        if (budget != null) {
            out.append("- ").append(marks(capitalized(budget))).append('\n');
        }
        String halted = BatchText.halted(run.batch());
        if (halted != null) {
            out.append("- ").append(cell(capitalized(halted))).append('\n');
        }
        out.append("- Wall time: ").append(Durations.human(totals.wall())).append('\n');
        out.append("- Session time: ").append(Durations.human(totals.sessionTime()));
        if (totals.speedup() != null) {
            out.append(String.format(Locale.ROOT, " (speedup %.1fx)", totals.speedup()));
        }
        out.append('\n');
        out.append("- Tokens: ")
                .append(Sizes.grouped(totals.tokens().input()))
                .append(" input, ")
                .append(Sizes.grouped(totals.tokens().output()))
                .append(" output, ")
                .append(Sizes.grouped(totals.tokens().cacheRead()))
                .append(" cache read, ")
                .append(Sizes.grouped(totals.tokens().cacheWrite()))
                .append(" cache write\n");
        if (run.simulated()) {
            out.append("\n").append(cell(Costs.LEGEND).replace("*", "\\*")).append('\n');
        }
        return out.toString();
    }

    /** A figure's marks as text: "*" would start emphasis, and "~" strike-through in GitHub's Markdown. */
    private static String marks(String figure) {
        return figure.replace("*", "\\*").replace("~", "\\~");
    }

    private static String capitalized(String line) {
        return line.isEmpty() ? line : Character.toUpperCase(line.charAt(0)) + line.substring(1);
    }

    /**
     * Text made safe for one table cell: a pipe would end the cell and a newline the row; a
     * backslash could escape the pipe escape, and "<" could start raw HTML.
     */
    static String cell(String text) {
        if (text == null) {
            return "";
        }
        return Text.sanitizeLines(text)
                .strip()
                .replace("\\", "\\\\")
                .replace("|", "\\|")
                .replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\n", "<br>");
    }
}
