package dev.claudemulti.cli;

import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.store.StoreException;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --run ID} and {@code --state-dir}: which recorded run a command looks at. Without
 * {@code --run}, the latest run; commands that name a task take the latest run that has it, and
 * refuse a task id that is live (queued or running) in more than one run.
 */
public class RunIdOption {
    @Option(
            names = {"-r", "--run"},
            paramLabel = "RUN",
            description = "Run id (default: the latest run; see " + Hints.LIST + ").")
    String runId;

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    StateDir stateDir(CliContext ctx) {
        return stateDir.existing(ctx);
    }

    /** The run named by --run, else the latest one. */
    RunStore store(CliContext ctx) {
        return store(ctx, runId);
    }

    RunStore store(CliContext ctx, String id) {
        StateDir dir = stateDir(ctx);
        try {
            return id == null ? dir.latestRun() : dir.openRun(id);
        } catch (StoreException e) {
            throw new UserException(e.getMessage());
        }
    }

    RecordedRun load(CliContext ctx) {
        return RecordedRun.load(store(ctx));
    }

    /**
     * The run that has task {@code taskId}: the one named by --run, else the latest run that has it
     * (so {@code start a ...; start b ...; stop a} finds a in the run before b's).
     */
    RecordedRun withTask(CliContext ctx, String taskId) {
        if (runId == null) {
            refuseAmbiguous(stateDir(ctx), taskId);
        }
        RecordedRun first = load(ctx);
        if (first.snapshot().session(taskId) != null) {
            return first;
        }
        if (runId == null) {
            StateDir dir = stateDir(ctx);
            List<String> ids = dir.runIds();
            for (int i = ids.size() - 2; i >= 0; i--) {
                RecordedRun r = RecordedRun.loadStates(store(ctx, ids.get(i))); // a search: states suffice
                if (r.snapshot().session(taskId) != null) {
                    return r;
                }
            }
        }
        String tasks =
                first.snapshot().sessions().stream().map(SessionView::taskId).collect(Collectors.joining(", "));
        throw new UserException(
                "no task '" + taskId + "' in run " + first.store().runId()
                        + (runId == null ? " (nor in an earlier run)" : "")
                        + "; tasks: " + (tasks.isEmpty() ? "(none)" : tasks));
    }

    /** A task live in two runs (two starts with one id): picking one could stop the wrong session. */
    private static void refuseAmbiguous(StateDir dir, String taskId) {
        List<RecordedRun> live = LiveRuns.withLiveTask(dir, taskId);
        if (live.size() > 1) {
            throw new UserException("task '" + taskId + "' is live in " + live.size() + " runs: "
                    + live.stream().map(r -> r.store().runId()).collect(Collectors.joining(", "))
                    + "; name one with --run RUN");
        }
    }

    /** The session of a task known to be in the run. */
    static SessionView session(RecordedRun run, String taskId) {
        SessionView v = run.snapshot().session(taskId);
        if (v == null) {
            throw new IllegalStateException(
                    "task " + taskId + " vanished from run " + run.store().runId());
        }
        return v;
    }
}
