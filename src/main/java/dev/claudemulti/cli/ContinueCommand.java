package dev.claudemulti.cli;

import dev.claudemulti.engine.FollowUp;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.store.RunLock;
import dev.claudemulti.store.StoreException;
import dev.claudemulti.task.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code claude-multi continue ID PROMPT}: a follow-up prompt to an ended session, as a new attempt
 * of its task in the same run that continues its conversation in its working directory. If the
 * run's orchestrator still runs, it gets the follow-up as a request and runs it ({@link
 * LiveFollowUp}). Otherwise the follow-up is journaled ({@link FollowUp}) and the run resumed with it
 * by the process that runs it: with {@code --wait} this one, else a background orchestrator
 * ({@code continue --wait} with the prompt on its standard input), started once everything that can
 * be refused has been checked here, under the run's lock, with nothing written. The journal entry and
 * the resume share one lock, so another resume cannot run the follow-up twice.
 *
 * <p>Refused: a session that is running or queued (stop it first), and one that never started.
 */
@Command(
        name = "continue",
        mixinStandardHelpOptions = true,
        description = {
            "Send a follow-up prompt to a session that has ended: a new attempt of the task, in the same run,",
            "that continues its conversation (claude --resume) in the same working directory (its worktree).",
            "Runs in the background and prints the run id, as start does; --wait stays in the foreground.",
            "If the run's orchestrator still runs (a batch under way, a dashboard open), that one runs it.",
            "The session must have ended: a running session is refused (stop it first)."
        },
        footer = {
            "",
            "Exit codes: 0 started (with --wait: all of the run's tasks completed; on a run whose orchestrator",
            "still runs: the follow-up completed), 1 with --wait: some did not,",
            "2 unknown run or task, no conversation to continue, a session still running (nothing started)."
        })
final class ContinueCommand implements Callable<Integer> {
    /** The background orchestrator's form: the prompt comes on standard input, never on its command line. */
    static final String PROMPT_ON_STDIN = "--prompt-on-stdin";

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "ID", description = "Task id.")
    String taskId;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "PROMPT",
            description = "The follow-up prompt (sent on the session's standard input).")
    String prompt;

    @Mixin
    RunIdOption run = new RunIdOption();

    @Option(
            names = "--wait",
            description = "Stay in the foreground with headless progress lines and the run's exit code.")
    boolean waitForEnd;

    @Option(names = PROMPT_ON_STDIN, hidden = true)
    boolean promptOnStdin;

    ContinueCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String followUp = prompt();
        RecordedRun recorded = run.withTask(ctx, taskId);
        refuse(recorded);
        if (recorded.ownerAlive() && lockedByItsOwner(recorded)) {
            Integer code = new LiveFollowUp(ctx, recorded, RunIdOption.session(recorded, taskId))
                    .send(followUp, waitForEnd, run.stateDir(ctx).log());
            if (code != null) {
                return code;
            }
            // Its orchestrator ended before it took the follow-up: run it as for any ended run.
            recorded = RecordedRun.load(recorded.store());
            refuse(recorded);
        }
        String runId = recorded.store().runId();
        BatchRunner runner = new BatchRunner(ctx);
        // Locks the run and checks what a resume checks (its agent, its secrets), writing nothing.
        BatchRunner.Plan checked = runner.planResume(new BatchOptions(), run.stateDir, runId, false);
        if (!waitForEnd) {
            checked.resume().lock().close();
            int ended = RunIdOption.session(checked.resume().recorded(), taskId).attempt();
            Detacher.continueInBackground(ctx, run.stateDir(ctx), recorded.store(), taskId, ended, followUp);
            ctx.out().println(runId);
            ctx.err()
                    .println("continuing " + taskId + " in the background: run " + runId + " (" + Hints.status(runId)
                            + "; " + Hints.followOutput(taskId, runId) + "; " + Hints.stop(taskId, runId) + ")");
            return ExitCodes.OK;
        }
        BatchRunner.Plan plan;
        try {
            plan = withFollowUp(checked, followUp);
        } catch (RuntimeException e) {
            checked.resume().lock().close();
            throw e;
        }
        return runner.run(plan, BatchRunner.Frontend.HEADLESS, false);
    }

    /**
     * Journals the follow-up under the lock {@code checked} holds, after checking again what may have
     * changed since the first look, and plans the resume that runs it.
     */
    private BatchRunner.Plan withFollowUp(BatchRunner.Plan checked, String followUp) {
        Resume resume = checked.resume();
        refuse(resume.recorded());
        Task task = resume.taskFile().tasks().stream()
                .filter(t -> t.id().equals(taskId))
                .findFirst()
                .orElseThrow(() -> new UserException("task '" + taskId + "' is not in the task file of run "
                        + resume.run().runId() + "; cannot continue it"));
        try {
            FollowUp.queue(resume.recorded(), task, followUp, Instant.now());
        } catch (StoreException e) {
            throw new UserException(e.getMessage());
        }
        return new BatchRunner.Plan(
                checked.options(),
                checked.taskFile(),
                checked.tasks(),
                checked.agent(),
                checked.stateDir(),
                resume.replanned(),
                checked.workspace());
    }

    private String prompt() {
        String text;
        if (promptOnStdin) {
            try {
                text = new String(ctx.in().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserException("cannot read the prompt from standard input: " + e.getMessage());
            }
        } else if (prompt == null) {
            throw new UserException("PROMPT is required: " + Hints.help("continue"));
        } else {
            text = prompt;
        }
        if (text.isBlank()) {
            throw new UserException("PROMPT must not be empty");
        }
        return text;
    }

    /**
     * Whether the run's lock is held: its orchestrator runs (a batch, or a dashboard after it), rather
     * than a process that ran it and went on to other things (commands run in-process, in tests).
     */
    private static boolean lockedByItsOwner(RecordedRun recorded) {
        try (RunLock lock = recorded.store().tryLock()) {
            return lock == null;
        } catch (StoreException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** A session that has not ended or has no conversation. */
    private void refuse(RecordedRun recorded) {
        String refusal = FollowUp.refusal(RunIdOption.session(recorded, taskId));
        if (refusal != null) {
            throw new UserException(refusal);
        }
    }
}
