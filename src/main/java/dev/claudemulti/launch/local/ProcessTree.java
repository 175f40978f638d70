package dev.claudemulti.launch.local;

import dev.claudemulti.launch.local.ProcTable.Proc;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The only place that sends signals. Reads /proc: a zombie (state Z) counts as dead, because
 * pid 1 here does not reap orphans and {@code ProcessHandle.isAlive()} is true for zombies.
 *
 * <p>Each lookup is one pass over /proc (stat of every process, environ only of live ones);
 * processes that vanish during the pass are left out, so results are a snapshot that may be stale
 * by the time they are used.
 */
final class ProcessTree {
    /** Environment variable that marks every process of a session: "runId/taskId/attempt". */
    public static final String MARKER_VARIABLE = "CLAUDE_MULTI_SESSION";

    /** How far apart two readings of one start time may be: /proc/stat btime moves by a second with clock adjustments. */
    private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(1);

    private ProcessTree() {}

    /** Pids of live (non-zombie) processes whose environment has MARKER_VARIABLE=marker exactly. */
    public static List<Long> findByMarker(String marker) {
        return find(marker::equals);
    }

    /** Pids of live processes whose marker starts with {@code prefix} (e.g. "runId/"). */
    public static List<Long> findByMarkerPrefix(String prefix) {
        return find(m -> m.startsWith(prefix));
    }

    /** How many live processes carry each marker that starts with {@code prefix}, in one pass over /proc. */
    public static Map<String, Integer> countByMarkerPrefix(String prefix) {
        Map<String, Integer> counts = new HashMap<>();
        for (Proc p : ProcTable.scan()
                .liveMatching(p -> p.marker() != null && p.marker().startsWith(prefix))) {
            counts.merge(p.marker(), 1, Integer::sum);
        }
        return counts;
    }

    private static List<Long> find(Predicate<String> marker) {
        return ProcTable.scan().liveMatching(p -> p.marker() != null && marker.test(p.marker())).stream()
                .map(Proc::pid)
                .sorted()
                .toList();
    }

    /** True if the pid exists and is not a zombie. */
    public static boolean isLive(long pid) {
        Proc proc = ProcTable.readOne(pid);
        return proc != null && proc.live();
    }

    /**
     * The start time of a live process, or null if it is gone. Same source and value as
     * {@link SessionProcess#startTime()} (10 ms resolution).
     */
    public static Instant startTime(long pid) {
        Proc proc = ProcTable.readOne(pid);
        return proc != null && proc.live() ? ProcTable.toInstant(proc.startTicks()) : null;
    }

    /** The marker a live process carries, or null (gone, a zombie, or unmarked). */
    public static String marker(long pid) {
        Proc p = ProcTable.readOne(pid, true);
        return p != null && p.live() ? p.marker() : null;
    }

    /**
     * Stops a recorded session from another process: if pid and start time still match a live
     * process carrying the marker, SIGTERM its tree and marked processes, SIGKILL after grace
     * (or at once if grace is zero). Blocks until none is left. Returns false if nothing matched.
     *
     * <p>In detail: start times match if they are within 1 s (the boot time they are computed from
     * can shift). If the pid is gone, or now names a process without the marker, the recorded main
     * process is over and only the marked processes (and their descendants) are stopped. If the
     * pid is live and carries the marker but its start time differs, the record disagrees with the
     * system and nothing is done (false). Like {@link SessionProcess#terminate}, SIGKILLed processes
     * that stay live for 2 s make it throw {@link IllegalStateException}.
     *
     * @throws IllegalArgumentException if the marker is blank (it would match unrelated processes)
     */
    public static boolean stopRecorded(long pid, Instant startTime, String marker, Duration grace) {
        if (marker == null || marker.isBlank()) {
            throw new IllegalArgumentException("a blank marker matches unrelated processes");
        }
        Proc main = ProcTable.readOne(pid, true);
        boolean mainCarriesMarker = main != null && main.live() && marker.equals(main.marker());
        boolean mainMatches = mainCarriesMarker
                && startTime != null
                && Duration.between(ProcTable.toInstant(main.startTicks()), startTime)
                                .abs()
                                .compareTo(START_TIME_TOLERANCE)
                        <= 0;
        if (mainCarriesMarker && !mainMatches) {
            return false;
        }
        Members members = new Members(marker, mainMatches ? List.of(main.id()) : List.of());
        if (members.collect(ProcTable.scan()).isEmpty()) {
            return false;
        }
        Stopping.start(members, grace).await();
        return true;
    }
}
