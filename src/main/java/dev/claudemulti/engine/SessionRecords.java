package dev.claudemulti.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.agent.PermissionDenial;
import dev.claudemulti.agent.Tokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts session views to and from the JSON kept in the journal and in session.json,
 * so that a run can be shown or resumed by another process.
 */
public final class SessionRecords {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SessionRecords() {
    }

    public static ObjectNode toJson(SessionView v) {
        ObjectNode n = JSON.objectNode();
        n.put("task", v.taskId());
        n.put("attempt", v.attempt());
        n.put("state", v.state().label());
        putIfNotNull(n, "reason", v.reason());
        if (v.pid() != null) {
            n.put("pid", v.pid());
        }
        putIfNotNull(n, "started", v.startedAt());
        putIfNotNull(n, "ended", v.endedAt());
        n.put("output_bytes", v.outputBytes());
        n.put("turns", v.turns());
        if (v.costUsd() != null) {
            n.put("cost_usd", v.costUsd());
        }
        Tokens t = v.tokens() == null ? Tokens.ZERO : v.tokens();
        ObjectNode tokens = n.putObject("tokens");
        tokens.put("input", t.input());
        tokens.put("output", t.output());
        tokens.put("cache_read", t.cacheRead());
        tokens.put("cache_write", t.cacheWrite());
        putIfNotNull(n, "activity", v.activity());
        putIfNotNull(n, "result", v.resultText());
        putIfNotNull(n, "session_id", v.sessionId());
        if (v.exitCode() != null) {
            n.put("exit_code", v.exitCode());
        }
        putIfNotNull(n, "model", v.model());
        if (!v.denials().isEmpty()) {
            var denials = n.putArray("denials");
            for (PermissionDenial d : v.denials()) {
                ObjectNode o = denials.addObject().put("tool", d.toolName());
                putIfNotNull(o, "tool_use_id", d.toolUseId());
                o.put("target", d.target());
            }
        }
        return n;
    }

    public static SessionView fromJson(JsonNode n) {
        JsonNode t = n.path("tokens");
        return new SessionView(
                n.path("task").asText(),
                n.path("attempt").asInt(1),
                SessionState.fromLabel(n.path("state").asText("queued")),
                text(n, "reason"),
                n.hasNonNull("pid") ? n.get("pid").asLong() : null,
                instant(n, "started"),
                instant(n, "ended"),
                n.path("output_bytes").asLong(0),
                n.path("turns").asInt(0),
                n.hasNonNull("cost_usd") ? n.get("cost_usd").asDouble() : null,
                new Tokens(t.path("input").asLong(0), t.path("output").asLong(0),
                        t.path("cache_read").asLong(0), t.path("cache_write").asLong(0)),
                text(n, "activity"),
                text(n, "result"),
                text(n, "session_id"),
                n.hasNonNull("exit_code") ? n.get("exit_code").asInt() : null,
                text(n, "model"),
                denials(n.path("denials")));
    }

    private static List<PermissionDenial> denials(JsonNode list) {
        List<PermissionDenial> out = new ArrayList<>();
        for (JsonNode d : list) {
            out.add(new PermissionDenial(text(d, "tool"), text(d, "tool_use_id"), text(d, "target")));
        }
        return out;
    }

    private static void putIfNotNull(ObjectNode n, String field, Object value) {
        if (value != null) {
            n.put(field, value.toString());
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    /** A timestamp field of a journal entry or state file; null when missing or unreadable. */
    public static Instant instant(JsonNode n, String field) {
        if (!n.hasNonNull(field)) {
            return null;
        }
        try {
            return Instant.parse(n.get(field).asText());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
