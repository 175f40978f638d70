package dev.claudemulti.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.RunState;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.report.RunTotals;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StoreException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code list} shows of one run, made either by replaying its journal or from the run's
 * {@code list-summary.json}: a cache of an ended run's listing, keyed by {@link RunStore#journalKey()}.
 *
 * <p>Guaranteed: a summary is used only if its key matches the run's records now (any journal append,
 * a resume, a retry or follow-up that reopens the run changes it) and it names this run; anything
 * else (missing, stale, corrupt, foreign) falls back to the replay. Only runs whose listing cannot
 * change without a new record are cached: every session final, none lost (a lost session's state and
 * its live processes depend on the machine, not the records). Not guaranteed: that a summary is
 * written (a read-only state directory keeps replaying). Written when a batch ends ({@link #saveIfEnded})
 * and by any list that had to replay an ended run.
 *
 * @param lostProcessesAlive processes of lost sessions alive when read (0 for a cached run: it has none)
 * @param lostProcessesLine what list prints under the table for this run ("" if nothing)
 */
record RunListing(
        String runId,
        Instant started,
        Instant ended,
        String state,
        int lostProcessesAlive,
        boolean simulated,
        List<String> tasks,
        String countsText,
        Map<String, Long> counts,
        double costUsd,
        boolean costEstimated,
        String lostProcessesLine) {

    private static final int FORMAT = 1;

    /** The listing of the run in {@code store}: from its summary if fresh, else replayed (and cached if it can be). */
    static RunListing load(RunStore store) throws StoreException {
        String key = store.journalKey();
        RunListing cached = fromSummary(store.readListSummary(), store.runId(), key);
        if (cached != null) {
            return cached;
        }
        RecordedRun run = RecordedRun.load(store);
        RunListing listing = of(run);
        if (cacheable(run) && key.equals(store.journalKey())) {
            try {
                store.writeListSummary(listing.toSummary(key));
            } catch (StoreException | RuntimeException e) {
                // a cache only: the next list replays again
            }
        }
        return listing;
    }

    /**
     * Writes the run's summary if its listing is final now (called once a run ended, so that even
     * the first list after it reads no journal). Never throws: the summary is only a cache.
     */
    static void saveIfEnded(RunStore store) {
        try {
            load(store);
        } catch (StoreException | RuntimeException e) {
            // list replays the journal instead
        }
    }

    /** The listing as the replayed records have it. */
    static RunListing of(RecordedRun r) {
        RunSnapshot s = r.snapshot();
        RunTotals totals = RunTotals.of(s);
        int lost = r.lostProcessesAlive();
        return new RunListing(
                s.runId(),
                s.startedAt(),
                s.endedAt(),
                r.state().label(),
                lost,
                s.simulated(),
                s.sessions().stream().map(SessionView::taskId).toList(),
                totals.countsText(),
                totals.statuses().byKey(),
                totals.costUsd(),
                totals.costEstimated(),
                StatusCommand.lostProcessesLine(r, ""));
    }

    /** Whether the run's listing is fixed by its records: it may change only with a new record. */
    static boolean cacheable(RecordedRun r) {
        RunState state = r.state();
        return (state == RunState.FINISHED || state == RunState.INTERRUPTED)
                && r.finished()
                && r.snapshot().count(SessionState.LOST) == 0;
    }

    ObjectNode toSummary(String key) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("format", FORMAT);
        o.put("run", runId);
        o.put("records", key);
        o.put("started", started == null ? null : started.toString());
        o.put("ended", ended == null ? null : ended.toString());
        o.put("state", state);
        o.put("simulated", simulated);
        tasks.forEach(o.putArray("tasks")::add);
        o.put("counts_text", countsText);
        ObjectNode c = o.putObject("counts");
        counts.forEach(c::put);
        o.put("cost_usd", costUsd);
        o.put("cost_estimated", costEstimated);
        return o;
    }

    /** The summary's listing, or null unless it is well formed, of this run and keyed {@code key}. */
    static RunListing fromSummary(JsonNode o, String runId, String key) {
        if (o == null
                || o.path("format").asInt() != FORMAT
                || !runId.equals(o.path("run").asText(null))
                || !key.equals(o.path("records").asText(null))
                || !o.path("tasks").isArray()
                || !o.path("counts").isObject()
                || !o.path("cost_usd").isNumber()
                || !o.path("state").isTextual()
                || !o.path("counts_text").isTextual()) {
            return null;
        }
        try {
            List<String> tasks = new ArrayList<>();
            for (JsonNode t : o.path("tasks")) {
                if (!t.isTextual()) {
                    return null;
                }
                tasks.add(t.asText());
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            var fields = o.path("counts").fields();
            while (fields.hasNext()) {
                var f = fields.next();
                if (!f.getValue().isIntegralNumber()) {
                    return null;
                }
                counts.put(f.getKey(), f.getValue().asLong());
            }
            return new RunListing(
                    runId,
                    instant(o.path("started")),
                    instant(o.path("ended")),
                    o.path("state").asText(),
                    0,
                    o.path("simulated").asBoolean(),
                    List.copyOf(tasks),
                    o.path("counts_text").asText(),
                    counts,
                    o.path("cost_usd").asDouble(),
                    o.path("cost_estimated").asBoolean(),
                    "");
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant instant(JsonNode n) {
        return n.isTextual() ? Instant.parse(n.asText()) : null;
    }
}
