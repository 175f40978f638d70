package dev.claudemulti.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.display.Costs;
import dev.claudemulti.display.LocalZone;
import dev.claudemulti.display.Text;
import dev.claudemulti.report.JsonReport;
import dev.claudemulti.report.TextTable;
import dev.claudemulti.store.StateDir;
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
        List<RunListing> runs = new ArrayList<>();
        for (String id : dir == null ? List.<String>of() : dir.runIds()) {
            try {
                runs.add(RunListing.load(dir.openRun(id)));
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
        for (RunListing r : runs) {
            rows.add(new String[] {
                r.runId(),
                r.started() == null ? "-" : LocalZone.dateAndClock(r.started()),
                r.state() + (r.simulated() ? " (simulated)" : ""),
                r.countsText(),
                Costs.usd(r.costUsd(), false, r.costEstimated()),
                taskIds(r.tasks()),
            });
        }
        ctx.out().print(TextTable.render(rows, new boolean[] {false, false, false, false, true}, "", "  "));
        for (RunListing r : runs) {
            ctx.out().print(r.lostProcessesLine());
        }
        return ExitCodes.OK;
    }

    /** The first ids, and how many there are when not all are shown: only the shown ones are sanitized. */
    private static String taskIds(List<String> taskIds) {
        String shown = taskIds.stream().limit(TASKS_SHOWN).map(Text::sanitize).collect(Collectors.joining(", "));
        return taskIds.size() > TASKS_SHOWN ? shown + ", … (" + taskIds.size() + ")" : shown;
    }

    private static ArrayNode toJson(List<RunListing> runs) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (RunListing r : runs) {
            ObjectNode o = array.addObject();
            o.put("run", r.runId());
            o.put("started", r.started() == null ? null : r.started().toString());
            o.put("ended", r.ended() == null ? null : r.ended().toString());
            o.put("state", r.state());
            o.put("lost_processes_alive", r.lostProcessesAlive());
            o.put("simulated", r.simulated());
            ArrayNode tasks = o.putArray("tasks");
            r.tasks().forEach(tasks::add);
            ObjectNode counts = o.putObject("counts");
            r.counts().forEach((status, n) -> {
                if (n > 0) {
                    counts.put(status, n);
                }
            });
            o.put("cost_usd", Math.round(r.costUsd() * 1e6) / 1e6);
        }
        return array;
    }
}
