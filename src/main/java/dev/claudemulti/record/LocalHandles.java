package dev.claudemulti.record;

import dev.claudemulti.launch.HandleRecord;
import dev.claudemulti.store.IsoInstant;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link HandleRecord} of a session forked on this machine, as the journal records it: kind
 * {@value #KIND}, attributes {@code pid}, {@code pid_start} and {@code marker}. Journals of release
 * 0.1.0 have no handle, only these three as top-level fields of the session entry; reading such an
 * entry builds the same record from them ({@link JournalEntries}), so that code which reattaches to
 * a session never needs to know which release recorded it.
 *
 * <p>Only the local launcher may act on these attributes (see {@link HandleRecord}).
 */
public final class LocalHandles {
    public static final String KIND = "local";
    public static final String PID = "pid";
    public static final String PID_START = "pid_start";
    public static final String MARKER = "marker";

    private LocalHandles() {}

    /** The handle of a local process; {@code pidStart} and {@code marker} are left out when null. */
    public static HandleRecord of(long pid, Instant pidStart, String marker) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(PID, Long.toString(pid));
        if (pidStart != null) {
            attributes.put(PID_START, IsoInstant.text(pidStart));
        }
        if (marker != null) {
            attributes.put(MARKER, marker);
        }
        return new HandleRecord(KIND, attributes);
    }
}
