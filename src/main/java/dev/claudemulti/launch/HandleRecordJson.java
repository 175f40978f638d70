package dev.claudemulti.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one mapping between a {@link HandleRecord} and the JSON of a journal's session entry:
 * {@code "handle":{"kind":"local","attributes":{...}}}.
 *
 * <p>Entries written before the handle existed (and readers that predate it: status columns, old
 * releases) use top-level {@code pid}, {@code pid_start} and {@code marker}; those sessions were all
 * local. So {@link #write} also copies those attributes to the top level, and {@link #read} builds a
 * local record from them when an entry has no handle.
 */
public final class HandleRecordJson {
    /** The kind of every session recorded before handles were: this machine's processes. */
    public static final String LEGACY_KIND = "local";
    /** Attributes that old readers find at the top level of an entry, under the same names. */
    private static final String[] LEGACY_ATTRIBUTES = {"pid", "pid_start", "marker"};

    private HandleRecordJson() {
    }

    /** Adds the handle to {@code entry}, and its legacy attributes at the top level where the entry has none yet. */
    public static void write(ObjectNode entry, HandleRecord record) {
        ObjectNode handle = entry.putObject("handle").put("kind", record.kind());
        ObjectNode attributes = handle.putObject("attributes");
        record.attributes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(a -> attributes.put(a.getKey(), a.getValue()));
        if (!LEGACY_KIND.equals(record.kind())) {
            return;
        }
        for (String name : LEGACY_ATTRIBUTES) {
            String value = record.attribute(name);
            if (value != null && !entry.hasNonNull(name)) {
                if ("pid".equals(name)) {
                    entry.put(name, Long.parseLong(value));
                } else {
                    entry.put(name, value);
                }
            }
        }
    }

    /**
     * The handle of a session entry: its {@code handle} object, or a local record built from the
     * top-level fields of an entry written before handles were (null if it has neither a pid nor a marker).
     *
     * @param defaultMarker the marker to assume when an old entry has none ("runId/taskId/attempt")
     */
    public static HandleRecord read(JsonNode entry, String defaultMarker) {
        JsonNode handle = entry.path("handle");
        if (handle.isObject() && handle.hasNonNull("kind")) {
            Map<String, String> attributes = new LinkedHashMap<>();
            handle.path("attributes").fields().forEachRemaining(a -> attributes.put(a.getKey(), a.getValue().asText()));
            return new HandleRecord(handle.get("kind").asText(), attributes);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : LEGACY_ATTRIBUTES) {
            if (entry.hasNonNull(name)) {
                attributes.put(name, entry.get(name).asText());
            }
        }
        if (attributes.isEmpty()) {
            return null;
        }
        attributes.putIfAbsent("marker", defaultMarker);
        return new HandleRecord(LEGACY_KIND, attributes);
    }
}
