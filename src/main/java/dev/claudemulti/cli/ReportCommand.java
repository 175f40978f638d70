package dev.claudemulti.cli;

import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.report.Reports;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code claude-multi report [RUN] -o FILE|-}: a recorded run as JSON, Markdown or JUnit XML. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Write a run's report (default: the latest run) as JSON, Markdown or JUnit XML.",
            "The format follows FILE's extension: .json (as run --json), .md (Markdown table and totals),",
            ".xml (JUnit: one testcase per task, a failure for each that did not complete).",
            "-o - prints the report on standard output instead (JSON, or --format md|xml), to pipe it."
        },
        footer = {"", "Exit codes: 0 written, 1 cannot write FILE, 2 bad extension or unknown run."})
final class ReportCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "RUN",
            description = "Run id (default: the latest; also --run).")
    String runArg;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "FILE",
            description = "Report file: .json, .md or .xml; - for standard output.")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT", description = "With -o -: json (default), md or xml.")
    Format format;

    enum Format {
        json,
        md,
        xml
    }

    @Mixin
    RunIdOption run = new RunIdOption();

    ReportCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        boolean toStdout = output.equals("-");
        Path file = toStdout ? null : checkedReportPath(ctx, output);
        if (file != null && format != null && !Reports.checkExtension(file).equals(format.name())) {
            throw new UserException("--format " + format + " does not match " + file.getFileName()
                    + "; a file's extension gives its format (--format is for -o -)");
        }
        if (runArg != null && run.runId != null && !runArg.equals(run.runId)) {
            throw new UserException("two runs named: " + runArg + " and --run " + run.runId);
        }
        RecordedRun recorded = RecordedRun.load(run.store(ctx, runArg != null ? runArg : run.runId));
        if (toStdout) {
            // Nothing else on standard output, so it can be piped.
            ctx.out().print(Reports.render(recorded.snapshot(), format == null ? "json" : format.name()));
            ctx.out().flush();
            return ExitCodes.OK;
        }
        try {
            Reports.write(recorded.snapshot(), file);
        } catch (IOException e) {
            throw new UserException(ExitCodes.NOT_ALL_COMPLETED, "cannot write report " + file + ": " + e.getMessage());
        }
        ctx.out()
                .println("wrote " + file + " (run " + recorded.store().runId() + ", "
                        + recorded.state().label() + ")");
        return ExitCodes.OK;
    }

    /** The report path resolved against the working directory, its extension checked: a usage error before anything starts. */
    static Path checkedReportPath(CliContext ctx, String name) {
        Path file = ctx.cwd().resolve(name).normalize();
        try {
            Reports.checkExtension(file);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        return file;
    }
}
