package dev.claudemulti.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.display.Costs;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.report.JsonReport;
import dev.claudemulti.report.RunTotals;
import dev.claudemulti.report.TextTable;
import dev.claudemulti.store.StateDir;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code claude-multi list}: every recorded run, oldest first so the newest ends up next to the prompt. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List the runs in the state directory, oldest first: id, start time, state, counts, cost and task ids."
        },
        footer = {"", "Exit codes: 0 listed (also when there are no runs), 2 bad state directory."})
final class ListCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int TASKS_SHOWN = 6;
    private final CliContext ctx;

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Option(names = "--json", description = "Print a JSON array: run, started, state, tasks, counts, cost_usd.")
    boolean json;

    ListCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        StateDir dir = stateDir.ifAny(ctx);
        List<RecordedRun> runs = new ArrayList<>();
        for (String id : dir == null ? List.<String>of() : dir.runIds()) {
            try {
                runs.add(RecordedRun.load(dir.openRun(id)));
            } catch (dev.claudemulti.store.StoreException e) {
                // removed while listing (clean in another terminal)
            }
        }
        if (json) {
            ctx.out().print(JsonReport.pretty(toJson(runs)));
            return ExitCodes.OK;
        }
        if (runs.isEmpty()) {
            ctx.out().println(stateDir.noRunsYet(ctx));
            return ExitCodes.OK;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RUN", "STARTED", "STATE", "TASKS", "COST", "IDS"});
        for (RecordedRun r : runs) {
            RunSnapshot s = r.snapshot();
            RunTotals totals = RunTotals.of(s);
            rows.add(new String[] {
                s.runId(),
                s.startedAt() == null ? "-" : WHEN.format(s.startedAt().atZone(ZoneId.systemDefault())),
                r.state().label() + (s.simulated() ? " (simulated)" : ""),
                totals.countsText(),
                Costs.usd(totals.costUsd(), false, totals.costEstimated()),
                taskIds(s),
            });
        }
        ctx.out().print(TextTable.render(rows, new boolean[] {false, false, false, false, true}, "", "  "));
        for (RecordedRun r : runs) {
            ctx.out().print(StatusCommand.lostProcessesLine(r, ""));
        }
        return ExitCodes.OK;
    }

    private static String taskIds(RunSnapshot s) {
        List<String> ids =
                s.sessions().stream().map(v -> Text.sanitize(v.taskId())).toList();
        String shown = ids.stream().limit(TASKS_SHOWN).collect(Collectors.joining(", "));
        return ids.size() > TASKS_SHOWN ? shown + ", … (" + ids.size() + ")" : shown;
    }

    private static ArrayNode toJson(List<RecordedRun> runs) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (RecordedRun r : runs) {
            RunSnapshot s = r.snapshot();
            RunTotals totals = RunTotals.of(s);
            ObjectNode o = array.addObject();
            o.put("run", s.runId());
            o.put("started", s.startedAt() == null ? null : s.startedAt().toString());
            o.put("ended", s.endedAt() == null ? null : s.endedAt().toString());
            o.put("state", r.state().label());
            o.put("lost_processes_alive", r.lostProcessesAlive());
            o.put("simulated", s.simulated());
            ArrayNode tasks = o.putArray("tasks");
            s.sessions().stream().map(SessionView::taskId).forEach(tasks::add);
            ObjectNode counts = o.putObject("counts");
            totals.statuses().byKey().forEach((status, n) -> {
                if (n > 0) {
                    counts.put(status, n);
                }
            });
            o.put("cost_usd", Math.round(totals.costUsd() * 1e6) / 1e6);
        }
        return array;
    }
}
