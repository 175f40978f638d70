package dev.claudemulti.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.agent.Text;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.report.Costs;
import dev.claudemulti.report.Durations;
import dev.claudemulti.report.JsonReport;
import dev.claudemulti.report.RunTotals;
import dev.claudemulti.report.Sizes;
import dev.claudemulti.report.Summary;
import dev.claudemulti.report.TextTable;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code claude-multi status}: the ancestor's status table, read from the state directory. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the sessions of a run (default: the latest): status, elapsed time, output size, cost.",
                "Works while the run is live in another process and after it has ended."},
        footer = {"", "Exit codes: 0 shown, 2 no such run or state directory."})
final class StatusCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    RunOption run = new RunOption();

    @Option(names = "--json", description = "Print JSON: the JSON report's shape, plus run_state, owner_alive, and output_bytes and pid per task.")
    boolean json;

    @Option(names = "--plain", description = "ASCII only (no Unicode icons or rules).")
    boolean plain;

    StatusCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        RecordedRun recorded = run.load(ctx);
        if (json) {
            ctx.out().print(JsonReport.pretty(toJson(recorded)));
        } else {
            ctx.out().print(render(recorded, plain));
            otherLiveRuns(recorded.store().runId());
        }
        return ExitCodes.OK;
    }

    static ObjectNode toJson(RecordedRun recorded) {
        ObjectNode root = JsonReport.toJson(recorded.snapshot());
        root.put("run_state", RunState.of(recorded).label());
        root.put("owner_alive", recorded.ownerAlive());
        ArrayNode tasks = (ArrayNode) root.get("tasks");
        List<SessionView> sessions = recorded.snapshot().sessions();
        for (int i = 0; i < sessions.size(); i++) {
            ObjectNode t = (ObjectNode) tasks.get(i);
            t.put("output_bytes", sessions.get(i).outputBytes());
            t.put("pid", sessions.get(i).pid());
        }
        return root;
    }

    static String render(RecordedRun recorded, boolean plain) {
        RunSnapshot snap = recorded.snapshot();
        RunTotals totals = RunTotals.of(snap);
        String heavy = plain ? "=".repeat(64) : "═".repeat(64);
        String light = plain ? "-".repeat(64) : "─".repeat(64);
        StringBuilder out = new StringBuilder();
        out.append(heavy).append('\n');
        out.append("  claude-multi status: run ").append(snap.runId()).append(" (").append(RunState.of(recorded).label())
                .append(snap.simulated() ? ", SIMULATED agent" : "").append(")\n");
        out.append(heavy).append('\n');
        List<String[]> rows = new ArrayList<>();
        Instant now = Instant.now();
        for (SessionView s : snap.sessions()) {
            boolean live = s.state() == SessionState.RUNNING;
            rows.add(new String[] {
                Summary.icon(s.state(), plain),
                Text.sanitize(s.taskId()),
                s.state().label(),
                s.startedAt() == null ? "-" : Durations.human(live ? s.elapsed(now) : totals.duration(s)) + (live ? " (running)" : ""),
                "(" + Sizes.human(s.outputBytes()) + ")",
                Costs.usd(s.costUsd()),
                s.reason() == null || s.state() == SessionState.COMPLETED ? "" : Text.sanitize(s.reason()),
            });
        }
        out.append(TextTable.render(rows, new boolean[] {false, false, false, false, true, true}, "  ", "  "));
        out.append(light).append('\n');
        long failed = snap.sessions().stream().filter(s -> s.state().isFinal() && s.state() != SessionState.COMPLETED).count();
        out.append("  Total: ").append(totals.tasks())
                .append(" | Completed: ").append(totals.count(SessionState.COMPLETED))
                .append(" | Running: ").append(totals.count(SessionState.RUNNING))
                .append(" | Queued: ").append(totals.count(SessionState.QUEUED))
                .append(" | Failed: ").append(failed).append('\n');
        for (String line : Summary.totals(totals, plain).split("\n")) {
            out.append("  ").append(line).append('\n');
        }
        out.append(heavy).append('\n');
        return out.toString();
    }

    /** Each start makes its own run: say when others are live too, so none goes unnoticed. */
    private void otherLiveRuns(String shown) {
        var dir = run.stateDir(ctx);
        List<String> others = new ArrayList<>();
        for (String id : dir.runIds()) {
            // Only a run whose orchestrator lives can be running: its journal is read only then,
            // so that status does not replay every run ever recorded.
            if (!id.equals(shown) && RecordedRun.ownerAlive(run.store(ctx, id))
                    && RunState.of(RecordedRun.loadStates(run.store(ctx, id))) == RunState.RUNNING) {
                others.add(id);
            }
        }
        if (!others.isEmpty()) {
            PrintStream out = ctx.out();
            out.println("  Also running: " + String.join(", ", others) + " (claude-multi status --run ID)");
        }
    }
}
