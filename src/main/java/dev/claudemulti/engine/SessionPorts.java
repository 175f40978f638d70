package dev.claudemulti.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives each session of a run ten ports of its own ({@code CLAUDE_MULTI_PORT} is the first), so
 * that dev servers started by parallel sessions do not collide. A task keeps its ports over its
 * attempts. Guaranteed: distinct blocks within one run. Not guaranteed: that a port is free (another
 * program, or another run whose id hashes nearby, may hold it).
 */
final class SessionPorts {
    static final String VARIABLE = "CLAUDE_MULTI_PORT";
    static final int PER_SESSION = 10;
    private static final int FIRST = 20_000;
    /** Blocks between 20000 and 59999: above the well-known ports, below most ephemeral ranges' ends. */
    private static final int BLOCKS = 4_000;

    private final int runOffset;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Integer> byTask = new ConcurrentHashMap<>();

    SessionPorts(String runId) {
        // Runs at once get different blocks, most of the time.
        this.runOffset = Math.floorMod(runId.hashCode(), BLOCKS);
    }

    /** The first port of {@code taskId}'s block. */
    int firstPort(String taskId) {
        return byTask.computeIfAbsent(
                taskId, t -> FIRST + Math.floorMod(runOffset + next.getAndIncrement(), BLOCKS) * PER_SESSION);
    }
}
