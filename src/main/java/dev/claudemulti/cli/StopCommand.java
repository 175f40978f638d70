package dev.claudemulti.cli;

import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code claude-multi stop ID}: SIGTERM, the grace period, then SIGKILL of the session's whole tree. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = {
            "Stop a running session from any terminal: SIGTERM, a grace period, then SIGKILL of its process tree.",
            "Recorded as stopped; waits until the journal shows it and prints it (\"task-1 stopped\")."
        },
        footer = {"", "Exit codes: 0 stopped, 1 not running (or it ended otherwise), 2 unknown run or task."})
final class StopCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(
            index = "0",
            paramLabel = "TASK",
            description = "Task id (looked up in the latest run that has it, or --run).")
    String taskId;

    @Mixin
    RunIdOption run = new RunIdOption();

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            description =
                    "SIGTERM to SIGKILL when this command stops the processes itself (orchestrator gone); default: the run's.")
    String grace;

    StopCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        RecordedRun recorded = run.withTask(ctx, taskId);
        var g = SessionControl.grace(
                recorded, grace == null ? null : BatchOptions.parseDuration(grace, "--grace", true));
        return new SessionControl(ctx).end(recorded, taskId, SessionState.STOPPED, g);
    }
}
