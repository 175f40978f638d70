package dev.claudemulti.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The ancestor's form: {@code run-multi '<json>' [model] [budget] [max-parallel]}, headless. */
@Command(
        name = "run-multi",
        mixinStandardHelpOptions = true,
        description = {
            "The ancestor script's form of run: JSON, then optional model, budget and parallel limit.",
            "Same as: run JSON --no-tui -m MODEL -b BUDGET -j N",
            "Options go before JSON: after it every word is positional, whatever it starts with."
        })
final class RunMultiCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "JSON", description = "Tasks as inline JSON (or a file, or -).")
    String tasks;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "MODEL",
            description = "Model (default: CLAUDE_DEFAULT_MODEL or sonnet).")
    String model;

    @Parameters(index = "2", arity = "0..1", paramLabel = "BUDGET", description = "Budget per session in USD.")
    String budget;

    @Parameters(index = "3", arity = "0..1", paramLabel = "MAX_PARALLEL", description = "Most sessions at once.")
    String parallel;

    @Mixin
    BatchOptions options = new BatchOptions();

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    RunMultiCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String form = "run-multi [OPTIONS] JSON [MODEL] [BUDGET] [MAX_PARALLEL]";
        BatchOptions.refuseOptionLike("MODEL", model, form);
        BatchOptions.refuseOptionLike("BUDGET", budget, form);
        BatchOptions.refuseOptionLike("MAX_PARALLEL", parallel, form);
        BatchOptions.checkPositionals(budget, parallel);
        options.model = BatchOptions.first(model, null, options.model);
        options.budget = BatchOptions.first(budget, null, options.budget);
        options.parallel = BatchOptions.first(parallel, null, options.parallel);
        BatchRunner runner = new BatchRunner(ctx);
        return runner.run(runner.plan(options, stateDir, tasks, null), BatchRunner.Frontend.HEADLESS, false);
    }
}
