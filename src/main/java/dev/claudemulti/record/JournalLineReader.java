package dev.claudemulti.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.launch.HandleRecord;
import dev.claudemulti.record.JournalEntry.SessionChanged;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a journal line into its {@link JournalEntry} by hand rather than through the ObjectMapper
 * that writes it: {@code list} and {@code status} replay every line of every run, and mapping each
 * line through databind made {@code list} of 200 runs of 1,000 sessions twice as slow, and
 * building the mapper at all cost every such command about 30 ms.
 *
 * <p>It must read every field of every entry, under the name databind writes it: {@code RecordsTest}
 * writes each kind of entry with every component set through the mapper and reads it back through
 * here, so a component added to a record and forgotten here fails that test. Values of the wrong
 * type read as absent, as release 0.1.0's reader did.
 */
final class JournalLineReader {
    private JournalLineReader() {}

    /** The entry of a line whose event is {@code event}, or null for an event this release does not know. */
    static JournalEntry read(String event, ObjectNode n) {
        return switch (event) {
            case "run_started" -> new JournalEntry.RunStarted(n.path("pid").asLong(0), text(n, "agent"), tasks(n));
            case "resumed" -> new JournalEntry.RunResumed(n.path("pid").asLong(0), text(n, "agent"), tasks(n));
            case "session" -> sessionChanged(n);
            case "request" ->
                new JournalEntry.RequestTaken(
                        text(n, "action"), text(n, "task"), n.path("from_pid").asLong(0));
            case "interrupted" -> new JournalEntry.Interrupted(text(n, "signal"));
            case "run_finished" -> new JournalEntry.RunFinished();
            default -> null;
        };
    }

    private static List<String> tasks(JsonNode n) {
        List<String> ids = new ArrayList<>();
        for (JsonNode id : n.path("tasks")) {
            ids.add(id.asText());
        }
        return ids;
    }

    private static SessionChanged sessionChanged(ObjectNode n) {
        JsonNode t = n.path("tokens");
        SessionRecord session = new SessionRecord(
                null,
                text(n, "task"),
                integer(n, "attempt"),
                text(n, "state"),
                text(n, "reason"),
                longValue(n, "pid"),
                RecordJson.instant(text(n, "started")),
                RecordJson.instant(text(n, "ended")),
                n.path("output_bytes").asLong(0),
                n.path("turns").asInt(0),
                n.hasNonNull("cost_usd") ? n.get("cost_usd").asDouble() : null,
                new SessionRecord.TokenCounts(
                        t.path("input").asLong(0),
                        t.path("output").asLong(0),
                        t.path("cache_read").asLong(0),
                        t.path("cache_write").asLong(0)),
                text(n, "activity"),
                text(n, "result"),
                text(n, "session_id"),
                integer(n, "exit_code"),
                text(n, "model"),
                denials(n.path("denials")),
                text(n, "marker"),
                workspace(n.get("workspace")),
                retry(n.get("retry")),
                n.hasNonNull("cost_base_usd") ? n.get("cost_base_usd").asDouble() : null,
                check(n.get("check")));
        var pidStart = RecordJson.instant(text(n, "pid_start"));
        HandleRecord handle = handle(n.get("handle"));
        // Release 0.1.0 kept pid, pid_start and marker at the top level of a running session's entry only.
        if (handle == null && "running".equals(session.state()) && session.pid() != null) {
            handle = LocalHandles.of(session.pid(), pidStart, session.marker());
        }
        return new SessionChanged(session, pidStart, handle, longValue(n, "by_pid"));
    }

    /** Also reads session.json's workspace: {@link SessionRecord#read} goes through databind, this must match it. */
    private static SessionRecord.Workspace workspace(JsonNode w) {
        if (w == null || !w.isObject()) {
            return null;
        }
        JsonNode c = w.get("changes");
        SessionRecord.ChangeCounts changes = c == null || !c.isObject()
                ? null
                : new SessionRecord.ChangeCounts(
                        c.path("files").asInt(0),
                        c.path("insertions").asInt(0),
                        c.path("deletions").asInt(0));
        return new SessionRecord.Workspace(
                text(w, "repo"), text(w, "worktree"), text(w, "branch"), text(w, "base"), text(w, "commit"), changes);
    }

    private static SessionRecord.Retry retry(JsonNode r) {
        if (r == null || !r.isObject()) {
            return null;
        }
        return new SessionRecord.Retry(
                RecordJson.instant(text(r, "at")), integer(r, "max_attempts"), text(r, "cause"), text(r, "prompt"));
    }

    private static SessionRecord.Check check(JsonNode c) {
        if (c == null || !c.isObject()) {
            return null;
        }
        JsonNode timedOut = c.get("timed_out");
        return new SessionRecord.Check(
                text(c, "command"),
                integer(c, "exit_code"),
                timedOut == null || timedOut.isNull() ? null : timedOut.asBoolean(),
                integer(c, "rounds"),
                integer(c, "max_rounds"));
    }

    private static HandleRecord handle(JsonNode h) {
        if (h == null || !h.isObject() || !h.path("kind").isTextual()) {
            return null;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = h.path("attributes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> a = it.next();
            if (a.getValue().isTextual()) {
                attributes.put(a.getKey(), a.getValue().asText());
            }
        }
        return new HandleRecord(h.get("kind").asText(), attributes);
    }

    private static List<SessionRecord.Denial> denials(JsonNode list) {
        List<SessionRecord.Denial> out = new ArrayList<>();
        for (JsonNode d : list) {
            out.add(new SessionRecord.Denial(text(d, "tool"), text(d, "tool_use_id"), text(d, "target")));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    private static Integer integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.canConvertToInt() ? v.intValue() : null;
    }

    private static Long longValue(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.canConvertToLong() ? v.longValue() : null;
    }
}
