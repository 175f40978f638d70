package dev.claudemulti.record;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.claudemulti.store.JsonTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads run.json into its {@link RunInfo} by hand rather than through the ObjectMapper that
 * writes it: {@code status}, {@code list} and {@code result} read it in a JVM that has just
 * started, and building the mapper's deserializers added a tenth to those commands' time.
 *
 * <p>It must read every field {@link RunInfo} has, under the name databind writes it:
 * {@code RecordsTest} writes a run.json with every component set through the mapper and reads it
 * back through here, so a component added to the record and forgotten here fails that test.
 * Values of the wrong type read as absent, as release 0.1.0's readers did.
 */
final class RunInfoReader {
    private static final String TASK_FILE = "task_file";

    private RunInfoReader() {}

    /**
     * The run.json that {@code bytes} hold, or null if they hold no JSON object (or are null). Its
     * copy of the task file is left unread until asked for (see {@link TaskFileCopy}).
     */
    static RunInfo read(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        JsonTree.Deferred read;
        try {
            read = JsonTree.parseDeferring(bytes, TASK_FILE);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (read == null) {
            return null;
        }
        return read(
                read.object(),
                read.length() > 0 ? TaskFileCopy.unread(read.bytes(), read.offset(), read.length()) : null);
    }

    /**
     * The owner that the run.json in {@code bytes} names, read no further than its pid and pid_start
     * (written before the task file's copy, the bulk of the file); null if the bytes hold no JSON
     * object. A file laid out otherwise, or with a value of another type, is read whole: the owner
     * is then what {@link #read(byte[])} gives.
     */
    static RunInfo.Owner owner(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (JsonParser p = JsonTree.parser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Long pid = null;
            String pidStart = null;
            boolean pidSeen = false;
            boolean pidStartSeen = false;
            for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("pid") && t == JsonToken.VALUE_NUMBER_INT && !pidSeen) {
                    pid = p.getLongValue();
                    pidSeen = true;
                } else if (name.equals("pid_start") && t == JsonToken.VALUE_STRING && !pidStartSeen) {
                    pidStart = p.getText();
                    pidStartSeen = true;
                } else if (name.equals("pid") || name.equals("pid_start") || name.equals(TASK_FILE)) {
                    break; // a repeated, odd or late owner field: as the whole file reads it
                } else {
                    p.skipChildren();
                }
                if (pidSeen && pidStartSeen) {
                    return new RunInfo.Owner(pid, RecordJson.instant(pidStart));
                }
            }
        } catch (IOException | RuntimeException e) {
            return null; // not JSON: read whole, it would be unreadable too
        }
        RunInfo whole = read(bytes);
        return whole == null ? null : new RunInfo.Owner(whole.pid(), whole.pidStart());
    }

    /** The run.json of {@code n}, or null if {@code n} is not an object. */
    static RunInfo read(JsonNode n) {
        return n == null || !n.isObject() ? null : read(n, null);
    }

    /** The run.json of object {@code n}, whose task file copy is {@code taskFileCopy} if {@code n} has none. */
    private static RunInfo read(JsonNode n, TaskFileCopy taskFileCopy) {
        JsonNode o = n.get("options");
        RunInfo.Options options = o == null || !o.isObject()
                ? null
                : new RunInfo.Options(
                        text(o, "model"),
                        o.path("budget_usd").isNumber() ? o.get("budget_usd").asDouble() : null,
                        o.path("parallel").canConvertToInt() ? o.get("parallel").intValue() : null,
                        longValue(o, "timeout_s"),
                        longValue(o, "grace_ms"),
                        text(o, "project_dir"),
                        text(o, "permission_mode"),
                        text(o, "claude"),
                        o.path("retries").canConvertToInt() ? o.get("retries").intValue() : null,
                        longValue(o, "retry_delay_ms"),
                        bool(o, "retry_fresh"),
                        text(o, "halt"),
                        o.path("max_cost_usd").isNumber()
                                ? o.get("max_cost_usd").asDouble()
                                : null,
                        text(o, "prices_file"),
                        bool(o, "adaptive"),
                        longValue(o, "result_grace_ms"),
                        text(o, "on_session_end"),
                        text(o, "on_finish"),
                        text(o, "notify_url"));
        List<java.time.Instant> resumed = null;
        if (n.path("resumed").isArray()) {
            resumed = new ArrayList<>();
            for (JsonNode at : n.get("resumed")) {
                resumed.add(RecordJson.instant(at.asText()));
            }
        }
        JsonNode taskFile = n.get(TASK_FILE);
        JsonNode w = n.get("workspace");
        RunInfo.Workspace workspace = w == null || !w.isObject()
                ? null
                : new RunInfo.Workspace(
                        text(w, "isolation"), text(w, "repo"), text(w, "base"), text(w, "branch_prefix"));
        return new RunInfo(
                n.path("schema_version").canConvertToInt()
                        ? n.get("schema_version").intValue()
                        : null,
                text(n, "run_id"),
                text(n, "version"),
                longValue(n, "pid"),
                RecordJson.instant(text(n, "pid_start")),
                text(n, "agent"),
                n.path("simulated").asBoolean(false),
                RecordJson.instant(text(n, "started")),
                resumed,
                RecordJson.instant(text(n, "ended")),
                options,
                text(n, "task_source"),
                taskFile == null || taskFile.isNull() ? taskFileCopy : TaskFileCopy.of(taskFile),
                workspace);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    private static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isBoolean() ? v.booleanValue() : null;
    }

    private static Long longValue(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.canConvertToLong() ? v.longValue() : null;
    }
}
