package dev.claudemulti.cli;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.AgentRegistry;
import dev.claudemulti.agent.AgentUnavailableException;
import dev.claudemulti.engine.AttachedRun;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.tui.Dashboard;
import dev.claudemulti.tui.DashboardOptions;
import dev.claudemulti.tui.TailSourceFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code claude-multi dashboard}: the dashboard on a run recorded in the state directory, live
 * while another process runs it and still useful after it ended. Stop and kill are passed to the
 * owning orchestrator, which acts and records; quitting leaves the run alone.
 */
@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        description = {
            "Open the dashboard on a recorded run (default: the latest).",
            "Works on a run started with start or run --detach: it follows the run live, and s/K/S act",
            "through the run's orchestrator."
        },
        footer = {"", "Exit codes: 0 closed, 2 no such run, no terminal."})
final class DashboardCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    RunIdOption run = new RunIdOption();

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            description =
                    "For a run whose orchestrator is gone: SIGTERM to SIGKILL when stopping (default: the run's own).")
    String grace;

    @Option(
            names = "--quiet",
            description = "No bell and no desktop notification when the batch finishes or a session fails.")
    boolean quiet;

    DashboardCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        RunStore store = run.store(ctx);
        StateDir stateDir = run.stateDir(ctx);
        RecordedRun recorded = RecordedRun.load(store);
        Duration g = SessionControl.grace(
                recorded, grace == null ? null : BatchOptions.parseDuration(grace, "--grace", true));
        try (AttachedRun attached = new AttachedRun(store, g, stateDir.log(), interactiveAgent(recorded))) {
            Dashboard.runOnTerminal(
                    attached,
                    new DashboardOptions(false, "claude-multi", stateDir.root(), new GitReviewActions(), quiet),
                    TailSourceFactory.outputFiles(
                            recorded.agent(),
                            v -> store.session(v.taskId(), v.attempt()).output()),
                    t -> stateDir.log().log("the dashboard failed", t),
                    d -> {});
        } catch (IOException e) {
            throw new UserException(
                    "cannot open the dashboard: " + e.getMessage() + " (for a plain view use: " + Hints.STATUS + ")");
        }
        return ExitCodes.OK;
    }

    /** The run's agent with the claude of CLAUDE_BIN (else PATH), for a take-over by hand; null if unknown. */
    private Agent interactiveAgent(RecordedRun recorded) {
        String name = recorded.runInfo() == null || recorded.runInfo().agent() == null
                ? AgentRegistry.DEFAULT
                : recorded.runInfo().agent();
        try {
            return AgentRegistry.builtIn(BatchOptions.first(null, ctx.env("CLAUDE_BIN"), "claude"), ctx.env("PATH"))
                    .named(name);
        } catch (AgentUnavailableException e) {
            return null;
        }
    }
}
