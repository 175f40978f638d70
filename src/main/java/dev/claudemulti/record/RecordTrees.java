package dev.claudemulti.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.launch.HandleRecord;
import dev.claudemulti.store.IsoInstant;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The records the state directory holds, as the JSON trees {@link RecordJson}'s mapping makes of
 * them (snake_case names in component order, no field for a null, instants as ISO-8601 text),
 * built by hand: the ObjectMapper that makes them by reflection cost a {@code run} about a tenth of
 * a second before its first session could start. RecordTreesTest fills every component of every
 * record here and holds the bytes to the mapper's, so a component added to a record and forgotten
 * here fails it.
 */
final class RecordTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordTrees() {}

    static ObjectNode session(SessionRecord r) {
        ObjectNode o = NODES.objectNode();
        put(o, "schema_version", r.schemaVersion());
        put(o, "task", r.task());
        put(o, "attempt", r.attempt());
        put(o, "state", r.state());
        put(o, "reason", r.reason());
        put(o, "pid", r.pid());
        put(o, "started", r.started());
        put(o, "ended", r.ended());
        o.put("output_bytes", r.outputBytes());
        o.put("turns", r.turns());
        put(o, "cost_usd", r.costUsd());
        putTokens(o, r.tokens());
        put(o, "activity", r.activity());
        put(o, "result", r.result());
        put(o, "session_id", r.sessionId());
        put(o, "exit_code", r.exitCode());
        put(o, "model", r.model());
        if (r.denials() != null) {
            ArrayNode denials = o.putArray("denials");
            for (SessionRecord.Denial d : r.denials()) {
                ObjectNode n = denials.addObject();
                put(n, "tool", d.tool());
                put(n, "tool_use_id", d.toolUseId());
                put(n, "target", d.target());
            }
        }
        put(o, "marker", r.marker());
        if (r.workspace() != null) {
            SessionRecord.Workspace w = r.workspace();
            ObjectNode n = o.putObject("workspace");
            put(n, "repo", w.repo());
            put(n, "worktree", w.worktree());
            put(n, "branch", w.branch());
            put(n, "base", w.base());
            put(n, "commit", w.commit());
            if (w.changes() != null) {
                n.putObject("changes")
                        .put("files", w.changes().files())
                        .put("insertions", w.changes().insertions())
                        .put("deletions", w.changes().deletions());
            }
        }
        if (r.retry() != null) {
            ObjectNode n = o.putObject("retry");
            put(n, "at", r.retry().at());
            put(n, "max_attempts", r.retry().maxAttempts());
            put(n, "cause", r.retry().cause());
            put(n, "prompt", r.retry().prompt());
        }
        put(o, "cost_base_usd", r.costBaseUsd());
        if (r.check() != null) {
            SessionRecord.Check c = r.check();
            ObjectNode n = o.putObject("check");
            put(n, "command", c.command());
            put(n, "exit_code", c.exitCode());
            if (c.timedOut() != null) {
                n.put("timed_out", c.timedOut());
            }
            put(n, "rounds", c.rounds());
            put(n, "max_rounds", c.maxRounds());
        }
        return o;
    }

    /** The fields of a session's journal entry beside its record: where its process is. */
    static ObjectNode sessionExtras(Instant pidStart, HandleRecord handle, Long byPid) {
        ObjectNode o = NODES.objectNode();
        put(o, "pid_start", pidStart);
        if (handle != null) {
            ObjectNode h = o.putObject("handle");
            put(h, "kind", handle.kind());
            if (handle.attributes() != null) {
                ObjectNode a = h.putObject("attributes");
                for (Map.Entry<String, String> e : handle.attributes().entrySet()) {
                    a.put(e.getKey(), e.getValue());
                }
            }
        }
        put(o, "by_pid", byPid);
        return o;
    }

    /** A journal entry other than a session's (whose fields are {@link #session} and {@link #sessionExtras}). */
    static ObjectNode entry(JournalEntry entry) {
        ObjectNode o = NODES.objectNode();
        if (entry instanceof JournalEntry.RunStarted e) {
            o.put("pid", e.pid());
            put(o, "agent", e.agent());
            putStrings(o, "tasks", e.tasks());
        } else if (entry instanceof JournalEntry.RunResumed e) {
            o.put("pid", e.pid());
            put(o, "agent", e.agent());
            putStrings(o, "tasks", e.tasks());
        } else if (entry instanceof JournalEntry.RequestTaken e) {
            put(o, "action", e.action());
            put(o, "task", e.task());
            o.put("from_pid", e.fromPid());
        } else if (entry instanceof JournalEntry.Interrupted e) {
            put(o, "signal", e.signal());
        } else if (!(entry instanceof JournalEntry.RunFinished)) {
            throw new IllegalArgumentException(
                    "no JSON for a journal entry of " + entry.getClass().getSimpleName());
        }
        return o;
    }

    static ObjectNode runInfo(RunInfo r) {
        ObjectNode o = NODES.objectNode();
        put(o, "schema_version", r.schemaVersion());
        put(o, "run_id", r.runId());
        put(o, "version", r.version());
        put(o, "pid", r.pid());
        put(o, "pid_start", r.pidStart());
        put(o, "agent", r.agent());
        o.put("simulated", r.simulated());
        put(o, "started", r.started());
        if (r.resumed() != null) {
            ArrayNode resumed = o.putArray("resumed");
            for (Instant at : r.resumed()) {
                if (at == null) {
                    resumed.addNull();
                } else {
                    resumed.add(IsoInstant.text(at));
                }
            }
        }
        put(o, "ended", r.ended());
        if (r.options() != null) {
            o.set("options", options(r.options()));
        }
        put(o, "task_source", r.taskSource());
        if (r.taskFile() != null) {
            o.set("task_file", r.taskFile().tree());
        }
        if (r.workspace() != null) {
            ObjectNode w = o.putObject("workspace");
            put(w, "isolation", r.workspace().isolation());
            put(w, "repo", r.workspace().repo());
            put(w, "base", r.workspace().base());
            put(w, "branch_prefix", r.workspace().branchPrefix());
        }
        return o;
    }

    private static ObjectNode options(RunInfo.Options p) {
        ObjectNode o = NODES.objectNode();
        put(o, "model", p.model());
        put(o, "budget_usd", p.budgetUsd());
        put(o, "parallel", p.parallel());
        put(o, "timeout_s", p.timeoutS());
        put(o, "grace_ms", p.graceMs());
        put(o, "project_dir", p.projectDir());
        put(o, "permission_mode", p.permissionMode());
        put(o, "claude", p.claude());
        put(o, "retries", p.retries());
        put(o, "retry_delay_ms", p.retryDelayMs());
        if (p.retryFresh() != null) {
            o.put("retry_fresh", p.retryFresh());
        }
        put(o, "halt", p.halt());
        put(o, "max_cost_usd", p.maxCostUsd());
        put(o, "prices_file", p.pricesFile());
        if (p.adaptive() != null) {
            o.put("adaptive", p.adaptive());
        }
        put(o, "result_grace_ms", p.resultGraceMs());
        put(o, "on_session_end", p.onSessionEnd());
        put(o, "on_finish", p.onFinish());
        put(o, "notify_url", p.notifyUrl());
        return o;
    }

    static ObjectNode liveFigures(LiveFigures f) {
        ObjectNode o = NODES.objectNode();
        put(o, "task", f.task());
        o.put("attempt", f.attempt());
        put(o, "at", f.at());
        o.put("output_bytes", f.outputBytes());
        o.put("turns", f.turns());
        put(o, "cost_usd", f.costUsd());
        o.put("cost_estimated", f.costEstimated());
        putTokens(o, f.tokens());
        put(o, "activity", f.activity());
        put(o, "session_id", f.sessionId());
        put(o, "model", f.model());
        return o;
    }

    static ObjectNode request(OwnerRequest r) {
        ObjectNode o = NODES.objectNode();
        put(o, "action", r.action());
        put(o, "task", r.task());
        o.put("pid", r.pid());
        put(o, "prompt", r.prompt());
        put(o, "exit_code", r.exitCode());
        return o;
    }

    private static void putTokens(ObjectNode o, SessionRecord.TokenCounts t) {
        if (t != null) {
            o.putObject("tokens")
                    .put("input", t.input())
                    .put("output", t.output())
                    .put("cache_read", t.cacheRead())
                    .put("cache_write", t.cacheWrite());
        }
    }

    private static void putStrings(ObjectNode o, String name, List<String> values) {
        if (values != null) {
            ArrayNode a = o.putArray(name);
            values.forEach(a::add);
        }
    }

    private static void put(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void put(ObjectNode o, String name, Integer value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void put(ObjectNode o, String name, Long value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void put(ObjectNode o, String name, Double value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void put(ObjectNode o, String name, Instant value) {
        if (value != null) {
            o.put(name, IsoInstant.text(value));
        }
    }
}
