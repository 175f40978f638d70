package dev.claudemulti.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.display.Costs;
import dev.claudemulti.display.Durations;
import dev.claudemulti.display.LocalZone;
import dev.claudemulti.display.Sizes;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.RunState;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.report.BatchText;
import dev.claudemulti.report.CheckFields;
import dev.claudemulti.report.Denials;
import dev.claudemulti.report.JsonReport;
import dev.claudemulti.report.RunTotals;
import dev.claudemulti.report.Status;
import dev.claudemulti.report.Summary;
import dev.claudemulti.report.TextTable;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code claude-multi status}: the ancestor's status table, read from the state directory. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show the sessions of a run: status, elapsed time, output size, cost.",
            "Without --run: every live run, then the latest run that has ended (--json: the latest run).",
            "Works while a run is live in another process and after it has ended."
        },
        footer = {"", "Exit codes: 0 shown (also when nothing has run yet), 2 no such run or bad state directory."})
final class StatusCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    RunIdOption run = new RunIdOption();

    @Option(
            names = "--json",
            description =
                    "Print JSON: the JSON report's shape, plus run_state, owner_alive, and output_bytes and pid per task.")
    boolean json;

    @Option(names = "--plain", description = "ASCII only (no Unicode icons or rules).")
    boolean plain;

    StatusCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (run.runId != null) {
            if (json) {
                ctx.out().print(JsonReport.pretty(toJson(run.load(ctx))));
                return ExitCodes.OK;
            }
            RunStore store = run.store(ctx);
            String told = StatusSocket.ask(store, plain, ctx);
            ctx.out().print(told != null ? told : render(RecordedRun.load(store), plain));
            otherLiveRuns(store.runId());
            return ExitCodes.OK;
        }
        StateDir dir = run.stateDir.ifAny(ctx);
        if (dir == null || dir.runIds().isEmpty()) {
            if (json) {
                ctx.out().println("{}");
            } else {
                ctx.out().println(run.stateDir.noRunsYet(ctx));
            }
            return ExitCodes.OK;
        }
        if (json) {
            ctx.out().print(JsonReport.pretty(toJson(run.load(ctx))));
            return ExitCodes.OK;
        }
        String sep = "";
        for (String table : shownByDefault(dir)) {
            ctx.out().print(sep + table);
            sep = "\n";
        }
        return ExitCodes.OK;
    }

    /**
     * Without --run, the tables of every live run (each start makes one, and none should go
     * unnoticed), then of the latest run that has ended, which is the latest run when none is live.
     * A live run's orchestrator is asked first ({@link StatusSocket}); the state directory tells the rest.
     */
    private List<String> shownByDefault(StateDir dir) {
        List<String> shown = new ArrayList<>();
        java.util.Set<String> live = new java.util.HashSet<>();
        for (LiveRuns.Owned owned : LiveRuns.owned(dir, null)) {
            String table = StatusSocket.ask(owned.store(), plain, ctx);
            if (table == null) {
                RecordedRun r = owned.loadIfLive(true);
                if (r == null) {
                    continue;
                }
                table = render(r, plain);
            }
            live.add(owned.store().runId());
            shown.add(table);
        }
        List<String> ids = dir.runIds();
        for (int i = ids.size() - 1; i >= 0; i--) {
            if (!live.contains(ids.get(i))) {
                shown.add(render(RecordedRun.load(run.store(ctx, ids.get(i))), plain));
                break;
            }
        }
        return shown;
    }

    static ObjectNode toJson(RecordedRun recorded) {
        ObjectNode root = JsonReport.toJson(recorded.snapshot());
        root.put("run_state", recorded.state().label());
        root.put("owner_alive", recorded.ownerAlive());
        root.put("lost_processes_alive", recorded.lostProcessesAlive());
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
        return render(
                snap,
                recorded.state().label(),
                lostProcessesLine(recorded, "  "),
                plain,
                Instant.now(),
                clockZone(snap));
    }

    /**
     * The table of a run whose orchestrator is this process, as of now: it lives, so the run is
     * running and has no lost sessions (no line about their processes).
     */
    static String renderLive(RunSnapshot snap, boolean plain) {
        return render(snap, RunState.RUNNING.label(), "", plain, Instant.now(), clockZone(snap));
    }

    /**
     * The local zone's offset at the end of the batch's pause, which may be shown as a clock time;
     * UTC, never shown, without one: reading the local zone's rules (tzdb.dat) is a noticeable part of status.
     */
    private static ZoneId clockZone(RunSnapshot snap) {
        return LocalZone.offsetAt(snap.batch().pausedUntil());
    }

    /**
     * The status table of {@code snap}, a run in state {@code runState}, with {@code lostLine}
     * under its totals; waits and pauses as of {@code now}, clock times in {@code zone}.
     */
    static String render(RunSnapshot snap, String runState, String lostLine, boolean plain, Instant now, ZoneId zone) {
        RunTotals totals = RunTotals.of(snap);
        String heavy = plain ? "=".repeat(64) : "═".repeat(64);
        String light = plain ? "-".repeat(64) : "─".repeat(64);
        StringBuilder out = new StringBuilder();
        out.append(heavy).append('\n');
        out.append("  claude-multi status: run ")
                .append(snap.runId())
                .append(" (")
                .append(runState)
                .append(snap.simulated() ? ", SIMULATED agent" : "")
                .append(")\n");
        out.append(heavy).append('\n');
        List<String[]> rows = new ArrayList<>();
        for (SessionView s : snap.sessions()) {
            boolean live = s.state() == SessionState.RUNNING;
            Status status = Status.of(s);
            String retrying = s.state() == SessionState.QUEUED ? BatchText.retrying(s, now) : null;
            String waiting = retrying == null ? BatchText.waiting(s) : null;
            String detail = retrying != null ? retrying : waiting != null ? waiting : Denials.detail(s);
            String check = CheckFields.text(s.check(), plain);
            detail = check == null ? detail : detail == null ? check : check + "  " + detail;
            rows.add(new String[] {
                status.icon(plain),
                Text.sanitize(s.taskId()),
                status.label(),
                s.startedAt() == null
                        ? "-"
                        : Durations.human(live ? s.elapsed(now) : totals.duration(s)) + (live ? " (running)" : ""),
                "(" + Sizes.human(s.outputBytes()) + ")",
                Costs.usd(s.costUsd(), snap.simulated(), s.costEstimated()),
                detail == null ? "" : Text.sanitize(detail),
            });
        }
        out.append(TextTable.render(rows, new boolean[] {false, false, false, false, true, true}, "  ", "  "));
        out.append(light).append('\n');
        out.append("  ")
                .append(totals.statuses().entries().stream()
                        .map(e -> e.title() + ": " + e.count())
                        .collect(java.util.stream.Collectors.joining(" | ")))
                .append('\n');
        String paused = BatchText.paused(snap.batch(), now, zone);
        if (paused != null || snap.batch().parallelLimit() < snap.parallel()) {
            out.append("  ")
                    .append(paused == null ? "" : paused + (plain ? ", " : " · "))
                    .append(BatchText.parallel(snap))
                    .append('\n');
        }
        for (String line : Summary.totals(totals, plain, snap.simulated()).split("\n")) {
            out.append("  ").append(line).append('\n');
        }
        out.append(lostLine);
        out.append(heavy).append('\n');
        return out.toString();
    }

    /**
     * A lost session's processes outlive its orchestrator (until their timeout): say so, with the
     * commands that stop them or resume the run; empty when there are none.
     */
    static String lostProcessesLine(RecordedRun recorded, String indent) {
        String notice = recorded.lostProcessesNotice(true);
        return notice == null ? "" : indent + notice + "\n";
    }

    /** Each start makes its own run: say when others are live too, so none goes unnoticed. */
    private void otherLiveRuns(String shown) {
        List<String> others = new ArrayList<>();
        for (RecordedRun r : LiveRuns.in(run.stateDir(ctx), false, shown)) {
            others.add(r.store().runId());
        }
        if (!others.isEmpty()) {
            PrintStream out = ctx.out();
            out.println(
                    "  Also running: " + String.join(", ", others) + " (" + Hints.STATUS + " shows every live run)");
        }
    }
}
