package dev.claudemulti.cli;

import picocli.CommandLine.Option;

/** How a batch shows itself: the dashboard or headless lines, and the form of the final summary. */
public class DisplayOptions {
    @Option(names = "--no-tui", description = "Headless: progress lines and a summary, even on a terminal.")
    boolean noTui;

    @Option(names = "--tui", description = "Open the dashboard even when standard output is not a terminal.")
    boolean tui;

    @Option(names = "--exit-when-done", description = "Close the dashboard by itself when every session has ended.")
    boolean exitWhenDone;

    @Option(
            names = "--quiet",
            description = "On the dashboard: no bell and no desktop notification when the batch finishes or a"
                    + " session fails.")
    boolean quiet;

    @Option(
            names = "--json",
            description = "Print the final summary as JSON on standard output (progress goes to standard error).")
    boolean json;

    /** The dashboard when asked for, or by default when standard output is a terminal and no JSON is wanted. */
    BatchRunner.Frontend frontend(CliContext ctx) {
        if (noTui && tui) {
            throw new UserException("--tui and --no-tui cannot be used together");
        }
        boolean dashboard = tui || (!noTui && !json && ctx.terminal());
        return dashboard ? BatchRunner.Frontend.DASHBOARD : BatchRunner.Frontend.HEADLESS;
    }

    void applyTo(BatchRunner runner) {
        runner.exitWhenDone = exitWhenDone;
        runner.quiet = quiet;
    }
}
