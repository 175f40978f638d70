package dev.claudemulti.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.task.TaskId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code claude-multi start ID PROMPT [MODEL] [BUDGET]}: the ancestor's single session, started in
 * the background. Everything is checked here first, so bad input is still exit 2 in the foreground.
 */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = {
            "Start one session in the background and return at once, printing its run id on standard output.",
            "A detached orchestrator supervises it (timeout, grace, journal) and survives the terminal closing.",
            "Then: claude-multi status, output ID -f, result ID, stop ID.",
            "Options go before ID: after the task id every word is positional, whatever it starts with,",
            "so a prompt may begin with '-' or '@' (start fix \"-v is broken\" works; -m opus after ID is refused)."
        },
        footer = {
            "",
            "Exit codes: 0 started, 2 bad input (nothing started), other: the background orchestrator failed to start."
        })
final class StartCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "ID", description = "Task id.")
    String id;

    @Parameters(index = "1", paramLabel = "PROMPT", description = "The prompt (sent on the session's standard input).")
    String prompt;

    @Parameters(
            index = "2",
            arity = "0..1",
            paramLabel = "MODEL",
            description = "Model (default: -m, CLAUDE_DEFAULT_MODEL or sonnet).")
    String model;

    @Parameters(
            index = "3",
            arity = "0..1",
            paramLabel = "BUDGET",
            description = "Budget in USD (default: -b, CLAUDE_DEFAULT_BUDGET or 5).")
    String budget;

    @Mixin
    BatchOptions options = new BatchOptions();

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    StartCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        BatchOptions.refuseOptionLike("MODEL", model, "start [OPTIONS] ID PROMPT [MODEL] [BUDGET]");
        BatchOptions.refuseOptionLike("BUDGET", budget, "start [OPTIONS] ID PROMPT [MODEL] [BUDGET]");
        BatchOptions.checkPositionals(budget, null);
        options.model = BatchOptions.first(model, null, options.model);
        options.budget = BatchOptions.first(budget, null, options.budget);
        // Checked here, as the words were given: the task file built below would report them at a
        // position in JSON the user never wrote ("<inline>:1:8: ...").
        TaskId.problem(id).ifPresent(problem -> {
            throw new UserException("task " + problem);
        });
        if (prompt.isBlank()) {
            throw new UserException("PROMPT must not be empty");
        }
        ArrayNode tasks = JsonNodeFactory.instance.arrayNode();
        tasks.addObject().put("id", id).put("prompt", prompt);
        BatchRunner.Plan plan = new BatchRunner(ctx).plan(options, stateDir, tasks.toString(), null);
        String runId = Detacher.start(ctx, plan, null);
        ctx.out().println(runId);
        // With --run: another start of the same id may be live, and then the bare forms are ambiguous.
        ctx.err()
                .println("started " + id + " in the background: run " + runId + " (" + Hints.STATUS + "; "
                        + Hints.followOutput(id, runId) + "; " + Hints.stop(id, runId) + ")");
        return ExitCodes.OK;
    }
}
