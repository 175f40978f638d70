package dev.claudemulti.cli;

import dev.claudemulti.engine.Hints;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code claude-multi run TASKS}: the main job. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run a batch of tasks, one claude session each, at most N at a time.",
            "TASKS is a JSON file, - for standard input, or inline JSON starting with [ or {."
        },
        footer = {
            "",
            "Exit codes: 0 all tasks completed, 1 some task did not (failed, timed out, stopped, killed or skipped),",
            "2 bad input (nothing started), 130 interrupted."
        })
final class RunCommand implements Callable<Integer> {
    private static final String LATEST = "latest";
    private final CliContext ctx;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "TASKS",
            description = "Task file, - for stdin, or inline JSON.")
    String tasks;

    @Option(
            names = "--resume",
            arity = "0..1",
            paramLabel = "RUN_ID",
            fallbackValue = LATEST,
            description = {
                "Continue an interrupted run (the latest by default): completed sessions are not run again,",
                "sessions that were running are stopped if still alive and run again as a new attempt."
            })
    String resume;

    @Option(
            names = "--resume-failed",
            description =
                    "With --resume (implied): also run again sessions that failed, timed out, or were stopped or killed.")
    boolean resumeFailed;

    @Mixin
    BatchOptions options = new BatchOptions();

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Mixin
    DisplayOptions display = new DisplayOptions();

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "Write a report when the batch ends: .json, .md or .xml (JUnit), by extension.")
    String report;

    @Option(
            names = "--detach",
            description =
                    "Run in the background (headless, survives the terminal closing); print the run id and return.")
    boolean detach;

    /** Set by --detach in the parent: the run directory it created for this orchestrator. */
    @Option(names = "--run-id", hidden = true)
    String runId;

    RunCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        BatchRunner.Frontend frontend = display.frontend(ctx);
        if (detach && display.tui) {
            throw new UserException("--tui and --detach cannot be used together");
        }
        java.nio.file.Path reportFile = report == null ? null : ReportCommand.checkedReportPath(ctx, report);
        BatchRunner runner = new BatchRunner(ctx);
        // Session ids are random UUIDs, and SecureRandom's first use takes some 15 ms: begun on a
        // thread of its own now, it is ready by the time the plan's sessions are queued.
        Thread seed = new Thread(java.util.UUID::randomUUID, "session-id-seed");
        seed.setDaemon(true);
        seed.start();
        boolean resuming = resume != null || resumeFailed;
        if (resuming && tasks != null) {
            throw new UserException("--resume continues a recorded run with its own tasks; give no task file");
        }
        if (!resuming && tasks == null) {
            throw new UserException("a task file is required (or --resume); try '" + Hints.help("run") + "'");
        }
        if (resuming && detach) {
            throw new UserException("--resume runs in the foreground; --detach is not supported with it");
        }
        BatchRunner.Plan plan = resuming
                ? runner.planResume(
                        options, stateDir, resume == null || LATEST.equals(resume) ? null : resume, resumeFailed)
                : runner.plan(options, stateDir, tasks, null);
        if (detach) {
            String id = Detacher.start(ctx, plan, reportFile);
            ctx.out().println(id);
            ctx.err().println("run " + id + " started in the background (" + Hints.status(id) + ")");
            return ExitCodes.OK;
        }
        runner.claimedRunId = runId;
        runner.report = reportFile;
        display.applyTo(runner);
        return runner.run(plan, detach ? BatchRunner.Frontend.HEADLESS : frontend, display.json);
    }
}
