package dev.claudemulti.engine;

import dev.claudemulti.agent.Outcome;

/**
 * What a session's end means, and what follows it. Asked on the scheduler thread once per attempt,
 * when its main program has exited and its output was read.
 *
 * <p>Guaranteed to the policy: {@code requested} is the stop, kill, timeout or budget stop asked
 * for (null if none). Not guaranteed: that a retry it asks for happens (a stopping or interrupted
 * run starts nothing), or that a halt stops sessions before they end on their own.
 */
interface EndPolicy {
    /** The state an attempt ends in and why (null reason for a completion). */
    record Ending(SessionState state, String reason) {}

    /** What the run does next because of an ending. */
    enum FollowUp {
        /** Nothing: the session stays as it ended. */
        NONE,
        /** Queue the session again as a new attempt. */
        RETRY,
        /** Stop the whole run: nothing more starts, running sessions are stopped. */
        HALT
    }

    /**
     * @param requested       the end asked for while it ran, or null
     * @param requestedReason why it was asked for
     * @param outcome         what the agent says the attempt came to
     */
    Ending classify(SessionState requested, String requestedReason, Outcome outcome);

    /** What follows this ending (its state is already recorded). */
    FollowUp after(SessionView ended);

    /** Today's behaviour: a requested end wins, unless a budget stop came after the work was done; nothing follows. */
    static EndPolicy standard() {
        return new EndPolicy() {
            @Override
            public Ending classify(SessionState requested, String requestedReason, Outcome outcome) {
                // A budget stop (FAILED) that came too late: the agent had already completed the task.
                if (requested != null && !(requested == SessionState.FAILED && outcome instanceof Outcome.Completed)) {
                    return new Ending(requested, requestedReason);
                }
                if (outcome instanceof Outcome.Failed failed) {
                    return new Ending(SessionState.FAILED, failed.reason());
                }
                if (outcome instanceof Outcome.Transient t) {
                    return new Ending(SessionState.FAILED, t.reason());
                }
                return new Ending(SessionState.COMPLETED, null);
            }

            @Override
            public FollowUp after(SessionView ended) {
                return FollowUp.NONE;
            }
        };
    }
}
