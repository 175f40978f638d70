package dev.claudemulti.cli;

import dev.claudemulti.agent.SimulatedAgent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code claude-multi demo}: the example batch with the simulated agent, so the product can be
 * seen working with no claude and no API key. Labelled SIMULATED wherever it shows.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the example batch with a SIMULATED agent (no claude, no API key, no cost).",
            "One example task fails on purpose; with the bundled batch the exit code is 0 unless interrupted."
        })
final class DemoCommand implements Callable<Integer> {
    static final String EXAMPLE_RESOURCE = "/examples/tasks.json";
    private final CliContext ctx;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "TASKS",
            description = "Task file to simulate (default: the bundled examples/tasks.json).")
    String tasks;

    @Mixin
    BatchOptions options = new BatchOptions();

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Mixin
    DisplayOptions display = new DisplayOptions();

    DemoCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        String taskArg = tasks != null ? tasks : bundledExample();
        BatchRunner.Frontend frontend = display.frontend(ctx);
        BatchRunner runner = new BatchRunner(ctx);
        display.applyTo(runner);
        BatchRunner.Plan plan = runner.plan(options, stateDir, taskArg, new SimulatedAgent());
        int code = runner.run(plan, frontend, display.json);
        // The example batch fails one task on purpose, to show what a failure looks like;
        // that is the demo working, so only an interruption is reported as an exit code.
        return code == ExitCodes.NOT_ALL_COMPLETED && tasks == null ? ExitCodes.OK : code;
    }

    private static String bundledExample() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(EXAMPLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + EXAMPLE_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
