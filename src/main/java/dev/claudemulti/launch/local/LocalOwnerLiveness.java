package dev.claudemulti.launch.local;

import dev.claudemulti.launch.OwnerLiveness;
import java.time.Instant;

/** An owner is alive while its pid lives with the recorded start time (within a second). */
public final class LocalOwnerLiveness implements OwnerLiveness {
    /** /proc start times have a 10 ms tick and boot-time rounding: allow a second. */
    private static final long START_TOLERANCE_MS = 1000;

    @Override
    public Owner self() {
        long pid = ProcessHandle.current().pid();
        return new Owner(pid, ProcessTree.startTime(pid));
    }

    @Override
    public boolean isAlive(Owner recorded) {
        Instant actual = ProcessTree.startTime(recorded.pid());
        if (actual == null) {
            return false;
        }
        return recorded.startedAt() == null
                || Math.abs(actual.toEpochMilli() - recorded.startedAt().toEpochMilli()) <= START_TOLERANCE_MS;
    }
}
