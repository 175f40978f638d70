package dev.claudemulti.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.agent.PermissionDenial;
import dev.claudemulti.agent.Tokens;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionView;
import java.time.Duration;
import java.time.Instant;

/**
 * The machine-readable report, also printed by {@code run --json}:
 * <pre>
 * {"run", "simulated", "started", "ended",
 *  "batch": {"parallel", "parallel_limit", "paused_until", "pause_reason", "max_cost_usd", "halt_reason"},
 *  "tasks": [{"id", "status", "reason", "attempt", "retry": {"at", "attempt", "max_attempts", "cause"},
 *             "cost_usd", "cost_estimated", "turns", "duration_ms",
 *             "tokens": {"input", "output", "cache_read", "cache_write"},
 *             "session_id", "exit_code", "result",
 *             "permission_denials": [{"tool_name", "tool_use_id", "target"}],
 *             "workspace": {"repo", "worktree", "branch", "base", "commit", "changes": {"files", "insertions",
 *                           "deletions"}},
 *             "check": {"command", "exit_code", "rounds", "max_rounds", "timed_out"}}],
 *  "totals": {"tasks", "completed", "completed_with_denials", "failed", "timed_out", "stopped", "killed",
 *             "lost", "skipped", "attached", "running", "queued", "permission_denials", "cost_usd", "cost_estimated",
 *             "wall_ms", "session_ms", "speedup", "tokens": {...}}}
 * </pre>
 * A task has "workspace" only when its session ran in a worktree of its own, "check" only once its
 * task's check has run (or runs: its "exit_code" is then null; "rounds" counts the check's runs), and "retry" only while
 * it waits to be retried (its "attempt" is the one that waits). "cost_estimated" is true while a
 * cost is a live estimate from the stream's usage rather than claude's own figure; in totals, while
 * the total includes one. Unknown values are null. Times are ISO-8601 instants; speedup has two decimals. A status is
 * {@link Status#key()}: "completed_with_denials" is a completion whose agent was refused tool calls.
 */
public final class JsonReport {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonReport() {}

    public static ObjectNode toJson(RunSnapshot run) {
        RunTotals totals = RunTotals.of(run);
        ObjectNode root = NODES.objectNode();
        root.put("run", run.runId());
        root.put("simulated", run.simulated());
        root.put("started", iso(run.startedAt()));
        root.put("ended", iso(run.endedAt()));
        root.set("batch", batch(run));
        ArrayNode tasks = root.putArray("tasks");
        long deniedCalls = 0;
        for (SessionView s : run.sessions()) {
            ObjectNode t = tasks.addObject();
            t.put("id", s.taskId());
            t.put("status", Status.of(s).key());
            t.put("reason", s.reason());
            t.put("attempt", s.attempt());
            if (s.retry() != null) {
                t.set("retry", retry(s));
            }
            t.put("cost_usd", s.costUsd());
            t.put("cost_estimated", s.costEstimated() && s.costUsd() != null);
            t.put("turns", s.turns());
            Duration d = totals.duration(s);
            t.put("duration_ms", d == null ? null : d.toMillis());
            t.set("tokens", tokens(s.tokens() == null ? Tokens.ZERO : s.tokens()));
            t.put("session_id", s.sessionId());
            t.put("exit_code", s.exitCode());
            t.put("result", s.resultText());
            if (s.workspace() != null) {
                t.set("workspace", WorkspaceFields.json(s.workspace()));
            }
            if (s.check() != null) {
                t.set("check", CheckFields.json(s.check()));
            }
            ArrayNode denials = t.putArray("permission_denials");
            for (PermissionDenial denial : s.denials()) {
                denials.addObject()
                        .put("tool_name", denial.toolName())
                        .put("tool_use_id", denial.toolUseId())
                        .put("target", denial.target());
            }
            deniedCalls += s.denials().size();
        }
        ObjectNode tot = root.putObject("totals");
        tot.put("tasks", totals.tasks());
        totals.statuses().byKey().forEach(tot::put);
        tot.put("permission_denials", deniedCalls);
        // Rounded so that a sum of costs does not print as 0.30000000000000004.
        tot.put("cost_usd", Math.round(totals.costUsd() * 1e6) / 1e6);
        tot.put("cost_estimated", totals.costEstimated());
        tot.put("wall_ms", totals.wall().toMillis());
        tot.put("session_ms", totals.sessionTime().toMillis());
        tot.put("speedup", totals.speedup() == null ? null : Math.round(totals.speedup() * 100) / 100.0);
        tot.set("tokens", tokens(totals.tokens()));
        return root;
    }

    /** Pretty-printed, ending in a newline. */
    public static String render(RunSnapshot run) {
        return pretty(toJson(run));
    }

    /** Any JSON tree pretty-printed like the report, ending in a newline (status --json, list --json). */
    public static String pretty(com.fasterxml.jackson.databind.JsonNode node) {
        return dev.claudemulti.store.JsonTree.pretty(node) + "\n";
    }

    private static ObjectNode batch(RunSnapshot run) {
        RunSnapshot.BatchStatus b = run.batch();
        ObjectNode node = NODES.objectNode();
        node.put("parallel", run.parallel());
        node.put("parallel_limit", b.parallelLimit());
        node.put("paused_until", iso(b.pausedUntil()));
        node.put("pause_reason", b.pauseReason());
        node.put("max_cost_usd", b.maxCostUsd());
        node.put("halt_reason", b.haltReason());
        return node;
    }

    private static ObjectNode retry(SessionView s) {
        ObjectNode node = NODES.objectNode();
        node.put("at", iso(s.retry().at()));
        node.put("attempt", s.attempt());
        node.put("max_attempts", s.retry().maxAttempts());
        node.put("cause", s.retry().cause());
        return node;
    }

    private static ObjectNode tokens(Tokens t) {
        ObjectNode node = NODES.objectNode();
        node.put("input", t.input());
        node.put("output", t.output());
        node.put("cache_read", t.cacheRead());
        node.put("cache_write", t.cacheWrite());
        return node;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
