package dev.claudemulti.launch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps a recorded {@link HandleRecord#kind()} to the launcher that understands it, so that code
 * which finds sessions again (resume, ownerless stop, {@code clean}) never needs to know how a
 * kind of session is reached. Immutable.
 */
public final class LauncherRegistry {
    private final Map<String, SessionLauncher> byKind = new LinkedHashMap<>();
    private final SessionLauncher primary;

    /** @param primary the launcher new sessions are started with; {@code others} are only reattached to */
    public LauncherRegistry(SessionLauncher primary, List<SessionLauncher> others) {
        this.primary = primary;
        byKind.put(primary.kind(), primary);
        others.forEach(l -> byKind.putIfAbsent(l.kind(), l));
    }

    /** The launcher of new sessions. */
    public SessionLauncher primary() {
        return primary;
    }

    /** @throws IllegalArgumentException if no launcher of that kind is registered (a record from a newer release, say) */
    public SessionLauncher forKind(String kind) {
        SessionLauncher launcher = byKind.get(kind);
        if (launcher == null) {
            throw new IllegalArgumentException("no launcher for sessions of kind '" + kind + "' (known: "
                    + String.join(", ", byKind.keySet()) + ")");
        }
        return launcher;
    }

    /** The recorded session, through the launcher of its kind. */
    public RecordedSession reattach(HandleRecord record) {
        return forKind(record.kind()).reattach(record);
    }

    /** {@link SessionLauncher#liveByMarker} of every registered launcher, summed per marker. */
    public Map<String, Integer> liveByMarker(String runId) {
        Map<String, Integer> counts = new TreeMap<>();
        for (SessionLauncher launcher : byKind.values()) {
            launcher.liveByMarker(runId).forEach((marker, n) -> counts.merge(marker, n, Integer::sum));
        }
        return counts;
    }

    /** Every live session of the run no journal entry needs to name, as records to reattach to. */
    public List<HandleRecord> liveLeftovers(String runId) {
        return byKind.values().stream()
                .flatMap(l -> l.liveByMarker(runId).keySet().stream().map(l::recordOfMarker))
                .toList();
    }
}
