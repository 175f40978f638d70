package dev.claudemulti.launch;

import java.util.Map;
import java.util.Objects;

/**
 * What the journal keeps about one launched session so that another process (a resumed run, an
 * ownerless {@code stop}, {@code clean}) can find it again: the {@code kind} of launcher that made
 * it and that launcher's own identifying attributes (for the local launcher: pid, the pid's start
 * time and the environment marker; an SSH launcher would add a host, a Kubernetes one a job name).
 *
 * <p>Attributes are strings so that the record stays serialisable whatever the launcher; each
 * launcher owns the meaning of its keys. Only the launcher registered for {@code kind} may act on
 * a record: code elsewhere must never read a pid out of it and signal it.
 */
public record HandleRecord(String kind, Map<String, String> attributes) {
    public HandleRecord {
        Objects.requireNonNull(kind, "kind");
        attributes = Map.copyOf(attributes);
    }

    /** This record with {@code name} set to {@code value}. */
    public HandleRecord withAttribute(String name, String value) {
        var changed = new java.util.LinkedHashMap<>(attributes);
        changed.put(name, value);
        return new HandleRecord(kind, changed);
    }

    /** The attribute, or null when this record has none of that name. */
    public String attribute(String name) {
        return attributes.get(name);
    }
}
