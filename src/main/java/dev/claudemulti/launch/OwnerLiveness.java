package dev.claudemulti.launch;

import java.time.Instant;

/**
 * Whether the orchestrator that owns a run is still alive. Today this is a local pid check; a
 * lease or a heartbeat (for runs whose owner is on another machine) can replace it without any
 * caller changing.
 *
 * <p>Guaranteed: {@link #isAlive} of the {@link #self()} of a live process is true, in any process
 * of the machine. Not guaranteed: freshness (a true answer may be stale the moment it returns:
 * callers that then act hold the run lock), or a true answer for an owner that runs elsewhere.
 */
public interface OwnerLiveness {
    /**
     * What run.json records about its owner.
     *
     * @param pid       the owner's process id
     * @param startedAt when that process started, as the system records it; null if unknown
     */
    record Owner(long pid, Instant startedAt) {}

    /** This process, as a run's owner. */
    Owner self();

    /** Whether the recorded owner still runs. */
    boolean isAlive(Owner recorded);
}
