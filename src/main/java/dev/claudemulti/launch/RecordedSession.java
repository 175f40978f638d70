package dev.claudemulti.launch;

import java.time.Duration;

/**
 * A session found again from its {@link HandleRecord}, typically by a process that did not start
 * it: a resume, an ownerless {@code stop}, {@code clean}.
 *
 * <p>Guaranteed: acts only on what still matches the record (for the local launcher: the same pid
 * with the same start time and marker, or units carrying the marker); a record whose identity has
 * been reused by something else makes it act on nothing. Not guaranteed: that anything is left.
 */
public interface RecordedSession {
    /** The record this was made from. */
    HandleRecord record();

    /**
     * Stops what is left of the session: the polite stop, the forced one after {@code grace} (at
     * once if zero). Blocks until nothing is left.
     *
     * @return false if nothing matched the record (already over, or the record disagrees with the system)
     * @throws IllegalStateException if something survived the forced stop
     */
    boolean stop(Duration grace);
}
