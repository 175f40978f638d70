package dev.claudemulti.cli;

import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.workspace.DiffStream;
import dev.claudemulti.workspace.SessionWorkspace;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code claude-multi diff ID}: a session's changes against the commit its worktree was made from. */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
            "Print a session's changes against its base (the commit its worktree was made from).",
            "An ended session: its commit. A running one: its worktree's tracked files as they are now.",
            "Colored when standard output is a terminal. Looks in the latest run that has the task, or in --run."
        },
        footer = {
            "",
            "Exit codes: 0 printed (also when the session changed nothing), 1 git failed,",
            "2 unknown run or task, or the run did not use worktrees."
        })
final class DiffCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "TASK", description = "Task id.")
    String taskId;

    @Mixin
    RunIdOption run = new RunIdOption();

    @Option(names = "--stat", description = "Print the files changed and their line counts instead of the patch.")
    boolean stat;

    DiffCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        RecordedRun recorded = run.withTask(ctx, taskId);
        SessionView session = RunIdOption.session(recorded, taskId);
        RunWorkspaces.required(recorded.snapshot());
        try {
            return print(session);
        } catch (IOException e) {
            // git missing, too old for merge-tree, or the repository moved: the user's to fix, not a bug.
            throw new UserException(ExitCodes.NOT_ALL_COMPLETED, e.getMessage());
        }
    }

    /** Streams the session's diff to standard output. */
    int print(SessionView session) throws IOException {
        SessionWorkspace ws = session.workspace();
        if (ws == null) {
            throw new UserException("task '" + taskId + "' has no worktree (it had not started when its run ended)");
        }
        DiffStream diff = new DiffStream(ws);
        if (!diff.available()) {
            ctx.out().println("task '" + taskId + "' changed nothing (branch " + ws.branch() + ")");
            return ExitCodes.OK;
        }
        // Escape codes only for a terminal: piped into a file or another tool, the patch stays plain.
        int code = diff.copyTo(ctx.out(), stat, ctx.terminal());
        if (code != 0) {
            ctx.err().println("claude-multi: git diff exited " + code + " for task '" + taskId + "'");
            return ExitCodes.NOT_ALL_COMPLETED;
        }
        return ExitCodes.OK;
    }
}
