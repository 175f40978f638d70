package dev.claudemulti.cli;

import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionState;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code claude-multi kill ID}: SIGKILL of the session's whole tree, now. */
@Command(
        name = "kill",
        mixinStandardHelpOptions = true,
        description = {
            "Kill a running session from any terminal: SIGKILL of its whole process tree, no grace period.",
            "Recorded as killed; waits until the journal shows it and prints it (\"task-1 killed\")."
        },
        footer = {"", "Exit codes: 0 killed, 1 not running (or it ended otherwise), 2 unknown run or task."})
final class KillCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(
            index = "0",
            paramLabel = "TASK",
            description = "Task id (looked up in the latest run that has it, or --run).")
    String taskId;

    @Mixin
    RunIdOption run = new RunIdOption();

    KillCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        RecordedRun recorded = run.withTask(ctx, taskId);
        return new SessionControl(ctx).end(recorded, taskId, SessionState.KILLED, Duration.ZERO);
    }
}
