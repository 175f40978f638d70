package dev.claudemulti.process;

import java.time.Instant;
import java.util.List;

/**
 * The only place that sends signals. Reads /proc: a zombie (state Z) counts as dead, because
 * pid 1 here does not reap orphans and {@code ProcessHandle.isAlive()} is true for zombies.
 */
public final class ProcessTree {
    /** Environment variable that marks every process of a session: "runId/taskId/attempt". */
    public static final String MARKER_VARIABLE = "CLAUDE_MULTI_SESSION";

    private ProcessTree() {
    }

    /** Pids of live (non-zombie) processes whose environment has MARKER_VARIABLE=marker exactly. */
    public static List<Long> findByMarker(String marker) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Pids of live processes whose marker starts with {@code prefix} (e.g. "runId/"). */
    public static List<Long> findByMarkerPrefix(String prefix) {
        throw new UnsupportedOperationException("TODO");
    }

    /** True if the pid exists and is not a zombie. */
    public static boolean isLive(long pid) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The start time of a live process, or null if it is gone. */
    public static Instant startTime(long pid) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Stops a recorded session from another process: if pid and start time still match a live
     * process carrying the marker, SIGTERM its tree and marked processes, SIGKILL after grace
     * (or at once if grace is zero). Blocks until none is left. Returns false if nothing matched.
     */
    public static boolean stopRecorded(long pid, Instant startTime, String marker, java.time.Duration grace) {
        throw new UnsupportedOperationException("TODO");
    }
}
