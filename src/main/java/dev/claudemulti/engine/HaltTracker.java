package dev.claudemulti.engine;

/**
 * Counts final outcomes against the run's {@link HaltPolicy}: failures (failed, timed out) and
 * successes (completed). Stops, kills and skips by the user or the batch are neither. Not
 * thread-safe: the scheduler thread owns it.
 */
final class HaltTracker {
    private final HaltPolicy policy;

    HaltTracker(HaltPolicy policy) {
        this.policy = policy;
    }

    HaltPolicy policy() {
        return policy;
    }

    /**
     * Counts a session that reached a final state; returns the halt's reason ("halted: 3 failures")
     * the first time the policy is reached, else null. TODO(issue 11, policy helper).
     */
    String ended(SessionState state) {
        return null;
    }
}
