package dev.claudemulti.cli;

import dev.claudemulti.display.Costs;
import dev.claudemulti.display.Durations;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.report.BatchText;
import dev.claudemulti.report.Denials;
import dev.claudemulti.report.Status;
import dev.claudemulti.store.Secrets;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code claude-multi result ID}: what a session answered, and what it cost. */
@Command(
        name = "result",
        mixinStandardHelpOptions = true,
        description = {
            "Print a task's result text, then its status, cost, duration and turns.",
            "Looks in the latest run that has the task, or in --run."
        },
        footer = {
            "",
            "Exit codes: 0 the task completed, 1 it ended otherwise (failed, timed out, stopped, killed, lost),",
            "2 unknown run or task, or the task has no result yet (queued or running)."
        })
final class ResultCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "TASK", description = "Task id.")
    String taskId;

    @Mixin
    RunIdOption run = new RunIdOption();

    @Option(
            names = {"-q", "--quiet"},
            description = "Print the result text only.")
    boolean quiet;

    ResultCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        RecordedRun recorded = run.withTask(ctx, taskId);
        SessionView s = RunIdOption.session(recorded, taskId);
        String runId = recorded.store().runId();
        if (s.state() == SessionState.RUNNING) {
            throw new UserException("task '" + taskId + "' is still running; see " + Hints.followOutput(taskId, runId));
        }
        if (s.state() == SessionState.QUEUED) {
            String retrying = BatchText.retrying(s, Instant.now());
            throw new UserException("task '" + taskId + "' has not started yet ("
                    + (retrying == null ? "queued" : retrying) + " in run " + runId + ")");
        }
        String result = fullText(recorded, s);
        if (result != null) {
            String text = Text.sanitizeLines(result);
            ctx.out().print(text.endsWith("\n") ? text : text + "\n");
        }
        if (!quiet) {
            if (result != null) {
                ctx.out().println();
            }
            ctx.out().println(describe(s, recorded.snapshot().simulated()) + "  (run " + runId + ")");
            // Which calls were refused, as output --events lists them: the result text alone may not say.
            s.denials().forEach(d -> ctx.out().println("  ⚠ denied: " + Text.sanitize(d.describe())));
        }
        return s.state() == SessionState.COMPLETED ? ExitCodes.OK : ExitCodes.NOT_ALL_COMPLETED;
    }

    /**
     * The whole result: the journal's copy was cut (ending in "…") if the text was long, and then
     * the result line of the session's output.jsonl has all of it. That file is claude's own,
     * verbatim (as {@code output} prints it); the secret values of this environment are hidden in
     * it as the orchestrator hid them in the journal's copy.
     */
    private String fullText(RecordedRun recorded, SessionView s) {
        String journal = s.resultText();
        if (journal != null && !journal.endsWith(Text.ELLIPSIS)) {
            return journal;
        }
        try {
            String full = ResultLine.read(recorded.store()
                    .session(s.taskId(), Math.max(1, s.attempt()))
                    .output());
            return full != null ? Secrets.redactText(full, ctx.env()) : journal;
        } catch (java.io.IOException e) {
            throw new UserException(
                    ExitCodes.NOT_ALL_COMPLETED,
                    "cannot read the result of task '" + s.taskId() + "': " + e.getMessage());
        }
    }

    /**
     * "✓ completed · cost $0.0123 · duration 43s · 7 turns", with the reason when it did not complete
     * and the denials when it completed with some: the status as {@code status} names it. A demo's
     * cost says it is simulated.
     */
    static String describe(SessionView s, boolean simulated) {
        Status status = Status.of(s);
        String figures = status.icon(false) + " " + status.label()
                + " · cost " + Costs.usdSpelled(s.costUsd(), simulated, s.costEstimated())
                + " · duration " + Durations.human(s.startedAt() == null ? null : s.elapsed(Instant.now()))
                + " · " + s.turns() + (s.turns() == 1 ? " turn" : " turns");
        String detail = Denials.detail(s);
        return detail == null ? figures : figures + " · " + Text.sanitize(detail);
    }
}
