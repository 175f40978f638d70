package dev.claudemulti.engine;

/**
 * Counts final outcomes against the run's {@link HaltPolicy}: failures (failed, timed out) and
 * successes (completed). Stops, kills and skips by the user or the batch are neither, and a lost
 * session (only ever shown) is not counted. Not thread-safe: the scheduler thread owns it.
 */
final class HaltTracker {
    private final HaltPolicy policy;
    private int failed;
    private int succeeded;
    private boolean halted;

    HaltTracker(HaltPolicy policy) {
        this.policy = policy;
    }

    HaltPolicy policy() {
        return policy;
    }

    /**
     * Counts a session that reached a final state; returns the halt's reason ("halted: 3 failures")
     * the first time the policy is reached, else null: once halted, later endings are still counted
     * but never answer again. The caller passes each session's final state once (not an attempt
     * that is about to be retried).
     */
    String ended(SessionState state) {
        switch (state) {
            case FAILED, TIMED_OUT -> failed++;
            case COMPLETED -> succeeded++;
            default -> {
                return null;
            }
        }
        if (halted || !policy.reached(failed, succeeded)) {
            return null;
        }
        halted = true;
        return policy.reason(failed, succeeded);
    }
}
