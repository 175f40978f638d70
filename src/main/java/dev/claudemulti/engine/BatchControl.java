package dev.claudemulti.engine;

import dev.claudemulti.agent.Outcome;
import dev.claudemulti.agent.SessionEvent;
import java.time.Instant;
import java.util.List;

/**
 * The run-wide policies of one batch in one place, for the {@link SessionMachine}: the rate-limit
 * gate ({@link RateLimitGate}), the halt policy ({@link HaltTracker}) and the batch budget
 * ({@link BatchBudget}). The machine calls it at a few points (what may start, a live signal, an
 * ended attempt, live money) and acts on its answers; the policies' rules live here, the
 * transitions stay in the machine.
 *
 * <p>Not thread-safe: every method runs on the scheduler thread. Pure apart from that: time and
 * money come in as arguments, so tests drive it without a scheduler.
 */
class BatchControl {
    /** What the machine must do after an attempt ended (or money moved). */
    record Decision(Kind kind, String reason) {
        enum Kind {
            /** Nothing: go on. */
            NONE,
            /** Start nothing more (queued sessions end SKIPPED with the reason); let running ones finish. */
            SKIP_QUEUED,
            /** Start nothing more and stop the running sessions too (TERM, grace, KILL of each tree). */
            STOP_ALL
        }

        static final Decision NONE = new Decision(Kind.NONE, null);
    }

    private final int parallel;
    private final RunPolicy policy;

    /** TODO(issue 11, policy helper): build the gate, halt tracker and budget from the policy. */
    BatchControl(int parallel, RunPolicy policy) {
        this.parallel = parallel;
        this.policy = policy;
    }

    /**
     * Which of {@code queued} (queued, not launching, in task-file order; those with a pending retry
     * whose time has not come are the caller's to leave out) may start now, given {@code running}
     * slots taken: none while paused, at most the gate's limit. TODO: the gate.
     */
    List<SessionView> pick(List<SessionView> queued, int running, Instant now) {
        return StartPolicy.fileOrder(parallel).pick(queued, running);
    }

    /** When {@link #pick} may answer differently with no other event (a pause ends), or null. TODO. */
    Instant nextWake(Instant now) {
        return null;
    }

    /**
     * A live signal from a running session's stream: an {@code api_retry} with error status 429 or a
     * rejected {@code rate_limit_event} pauses the batch. TODO.
     */
    void observed(SessionEvent event, Instant now) {}

    /**
     * An attempt ended in {@code state} (final, or FAILED about to be retried: {@code retrying}),
     * with the agent's {@code outcome} (null when it never started). Counts it for the gate and
     * the halt policy. TODO.
     */
    Decision ended(SessionState state, Outcome outcome, boolean retrying, Instant now) {
        return Decision.NONE;
    }

    /**
     * Whether a session with its own budget {@code sessionBudget} may start, with {@code spent}
     * (ended attempts, earlier ones included) and {@code running} (live estimates): when not, the
     * decision is SKIP_QUEUED with the budget reason. TODO.
     */
    Decision beforeLaunch(double spent, double running, Double sessionBudget) {
        return Decision.NONE;
    }

    /** The budget a launched session gets: its own, never more than what is left of the batch's. TODO. */
    Double budgetFor(Double sessionBudget, double spent, double running) {
        return sessionBudget;
    }

    /** Money moved (a live figure or an end): STOP_ALL once spent plus running reaches the cap. TODO. */
    Decision moneyMoved(double spent, double running) {
        return Decision.NONE;
    }

    /** What the snapshot shows of the run-wide state. TODO: the gate's limit and pause, the halt. */
    RunSnapshot.BatchStatus status(Instant now) {
        return new RunSnapshot.BatchStatus(parallel, null, null, policy.maxCostUsd(), null);
    }
}
