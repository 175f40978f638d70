package dev.claudemulti.cli;

import dev.claudemulti.engine.FollowUp;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.store.StoreException;
import dev.claudemulti.task.Task;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code claude-multi continue ID PROMPT}: a follow-up prompt to an ended session, as a new attempt
 * of its task in the same run that continues its conversation in its working directory. The
 * follow-up is journaled first ({@link FollowUp}), then the run is resumed ({@code run --resume}):
 * in a background orchestrator, or with {@code --wait} in the foreground. Everything that can be
 * refused is checked, under the run's lock, before anything is written.
 *
 * <p>Not supported: a run whose orchestrator still runs (another session of it may still be
 * running or queued); the command refuses it and names the dashboard that watches it.
 */
@Command(
        name = "continue",
        mixinStandardHelpOptions = true,
        description = {
            "Send a follow-up prompt to a session that has ended: a new attempt of the task, in the same run,",
            "that continues its conversation (claude --resume) in the same working directory (its worktree).",
            "Runs in the background and prints the run id, as start does; --wait stays in the foreground.",
            "The task's run must have ended: a running session, or a run still running, is refused."
        },
        footer = {
            "",
            "Exit codes: 0 started (with --wait: all of the run's tasks completed), 1 with --wait: some did not,",
            "2 unknown run or task, no conversation to continue, a session or run still running (nothing started)."
        })
final class ContinueCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "ID", description = "Task id.")
    String taskId;

    @Parameters(index = "1", paramLabel = "PROMPT", description = "The follow-up prompt (sent on standard input).")
    String prompt;

    @Mixin
    RunIdOption run = new RunIdOption();

    @Option(
            names = "--wait",
            description = "Stay in the foreground with headless progress lines and the run's exit code.")
    boolean waitForEnd;

    ContinueCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (prompt.isBlank()) {
            throw new UserException("PROMPT must not be empty");
        }
        RecordedRun recorded = run.withTask(ctx, taskId);
        String runId = recorded.store().runId();
        refuse(recorded);
        BatchRunner runner = new BatchRunner(ctx);
        // The lock is held from here until the follow-up is journaled: the checks hold when it is written.
        BatchRunner.Plan checked = runner.planResume(new BatchOptions(), run.stateDir, runId, false);
        SessionView queued;
        try {
            Resume resume = checked.resume();
            refuse(resume.recorded());
            Task task = resume.taskFile().tasks().stream()
                    .filter(t -> t.id().equals(taskId))
                    .findFirst()
                    .orElseThrow(() -> new UserException(
                            "task '" + taskId + "' is not in the task file of run " + runId + "; cannot continue it"));
            queued = FollowUp.queue(resume.recorded(), task, prompt, Instant.now());
        } catch (StoreException e) {
            throw new UserException(e.getMessage());
        } finally {
            checked.resume().lock().close();
        }
        if (waitForEnd) {
            BatchRunner.Plan plan = runner.planResume(new BatchOptions(), run.stateDir, runId, false);
            return runner.run(plan, BatchRunner.Frontend.HEADLESS, false);
        }
        Detacher.resume(ctx, run.stateDir(ctx), recorded.store(), taskId, queued.attempt());
        ctx.out().println(runId);
        ctx.err()
                .println("continuing " + taskId + " in the background: attempt " + queued.attempt() + " of run " + runId
                        + " (" + Hints.status(runId) + "; " + Hints.followOutput(taskId, runId) + "; "
                        + Hints.stop(taskId, runId) + ")");
        return ExitCodes.OK;
    }

    /** A session that has not ended, has no conversation, or belongs to a run still running. */
    private void refuse(RecordedRun recorded) {
        SessionView s = RunIdOption.session(recorded, taskId);
        String refusal = FollowUp.refusal(s);
        if (refusal != null) {
            throw new UserException(refusal);
        }
        if (recorded.ownerAlive() && !recorded.finished()) {
            String id = recorded.store().runId();
            throw new UserException("run " + id + " is still running; continue '" + taskId
                    + "' once it has ended (watch it with: " + Hints.dashboard(id) + ")");
        }
    }
}
