package dev.claudemulti.engine;

import dev.claudemulti.agent.Outcome;
import dev.claudemulti.task.Task;

/**
 * What a session's end means, and what follows it. Asked on the scheduler thread once per attempt,
 * when its main program has exited and its output was read.
 *
 * <p>Guaranteed to the policy: {@code requested} is the stop, kill, timeout or budget stop asked
 * for (null if none). Not guaranteed: that a retry it asks for happens (a stopping, halted or
 * interrupted run starts nothing), or that a halt stops sessions before they end on their own.
 */
interface EndPolicy {
    /** The state an attempt ends in and why (null reason for a completion). */
    record Ending(SessionState state, String reason) {}

    /**
     * An attempt that ended, as the policy weighs what follows.
     *
     * @param view      the attempt as recorded (its state is the {@link Ending}'s)
     * @param task      the task it ran
     * @param outcome   what the agent says it came to
     * @param requested the end asked for while it ran, or null
     * @param attemptLimit the last attempt number its chain of transient retries may reach ({@link Session#attemptLimit})
     */
    record Ended(SessionView view, Task task, Outcome outcome, SessionState requested, int attemptLimit) {}

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
    FollowUp after(Ended ended);

    /**
     * A requested end wins, unless a budget stop came after the work was done; a transient failure
     * that nobody asked to end is retried while its chain has attempts left ({@link Ended#attemptLimit}).
     * A stop, kill, timeout or budget stop is final, whatever the agent says.
     */
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
            public FollowUp after(Ended ended) {
                boolean attemptsLeft = ended.view().attempt() < ended.attemptLimit();
                return ended.outcome() instanceof Outcome.Transient && ended.requested() == null && attemptsLeft
                        ? FollowUp.RETRY
                        : FollowUp.NONE;
            }
        };
    }
}
