package dev.claudemulti.cli;

import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.RunState;
import dev.claudemulti.store.StateDir;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code claude-multi stop-all}: like the ancestor, stops every session that runs, which here
 * means those of every live run (each {@code start} makes a run of its own), or of {@code --run}.
 */
@Command(
        name = "stop-all",
        mixinStandardHelpOptions = true,
        description = {
            "Stop every queued or running session: of every run that is not finished, or only of --run.",
            "Prints each outcome with its run (\"task-1 stopped (run 20261124-120003-0a1b)\")."
        },
        footer = {
            "",
            "Exit codes: 0 nothing is left queued or running (each session stopped, or ended on its own first,",
            "or nothing was running, or nothing has run yet), 1 some session has no outcome recorded yet",
            "(or could not be stopped), 2 unknown run."
        })
final class StopAllCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    RunIdOption run = new RunIdOption();

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            description =
                    "SIGTERM to SIGKILL when this command stops the processes itself (orchestrator gone); default: the run's.")
    String grace;

    StopAllCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        List<RecordedRun> targets = new ArrayList<>();
        if (run.runId != null) {
            targets.add(run.load(ctx));
        } else {
            StateDir dir = run.stateDir.ifAny(ctx);
            if (dir == null || dir.runIds().isEmpty()) {
                ctx.out().println(run.stateDir.noRunsYet(ctx));
                return ExitCodes.OK;
            }
            for (String id : dir.runIds()) {
                RecordedRun r = RecordedRun.load(run.store(ctx, id));
                RunState state = r.state();
                if (state == RunState.RUNNING || state == RunState.LOST_OWNER) {
                    targets.add(r);
                }
            }
        }
        SessionControl control = new SessionControl(ctx);
        int code = ExitCodes.OK;
        boolean any = false;
        for (RecordedRun r : targets) {
            any |= r.snapshot().sessions().stream()
                    .anyMatch(s -> !s.state().isFinal() || s.state() == dev.claudemulti.engine.SessionState.LOST);
            var g = SessionControl.grace(r, grace == null ? null : BatchOptions.parseDuration(grace, "--grace", true));
            code = Math.max(code, control.stopAll(r, g));
        }
        if (!any) {
            ctx.out().println("nothing to stop: no session is queued or running");
        }
        return code;
    }
}
