package dev.claudemulti.engine;

import dev.claudemulti.agent.Outcome;
import dev.claudemulti.agent.SessionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The run-wide policies of one batch in one place, for the {@link SessionMachine}: the rate-limit
 * gate ({@link RateLimitGate}), the halt policy ({@link HaltTracker}) and the batch budget
 * ({@link BatchBudget}). The machine calls it at a few points (what may start, a live signal, an
 * ended attempt, live money) and acts on its answers; the policies' rules live here, the
 * transitions stay in the machine.
 *
 * <p>A halt is decided once. {@link #ended} and {@link #moneyMoved} answer with a decision only
 * when it goes further than what was already decided (SKIP_QUEUED, then at most one STOP_ALL), so
 * the machine acts on each decision it gets and never gets the same one twice; {@link #status}
 * shows the first decision's reason from then on. Starting nothing after a decision is the
 * machine's to enforce: a user may queue a session again after a halt, and it then starts, so
 * {@link #pick} judges only the pause and the limit, and {@link #beforeLaunch} only the budget
 * (which a user's retry does not override: it refuses every launch the budget cannot cover).
 *
 * <p>A pause for a rate limit lasts until the later of {@code now + retryDelay} and the reset the
 * API named, if it named one: the "later of the backoff and the reported reset time", which
 * also guards against a reset already in the past (clock skew) pausing nothing.
 *
 * <p>Not thread-safe: every method runs on the scheduler thread. Pure apart from that: time and
 * money come in as arguments, so tests drive it without a scheduler.
 */
final class BatchControl {
    /**
     * Clean finishes per step the parallel limit grows back after a rate limit: one. A session is
     * minutes of requests, so one that ends on its own without a rate limit is strong evidence that
     * the account has room at the current limit (far more than one acknowledged packet is to TCP).
     * With one, a halved limit is back at {@code -j} after half of {@code -j} clean finishes, about
     * one round of sessions: a batch of 20, or even of three, recovers within itself. A larger step
     * (such as {@code -j}: 32 finished sessions from 4 back to 8) would keep a batch at half speed
     * to its end, long after the reset restored the account's rate. Growing too soon costs little:
     * the next rate limit pauses and halves again, and a retry resumes its conversation.
     */
    static final int GROW_EVERY = 1;

    /** The status line's reason while the gate holds launches. */
    static final String RATE_LIMITED = "rate limited";

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

    private final RunPolicy policy;
    private final RateLimitGate gate;
    private final HaltTracker halt;
    private final BatchBudget budget;
    /** The furthest decision made so far, NONE until the batch halts. */
    private Decision.Kind decided = Decision.Kind.NONE;
    /** The first decision's reason: why the run halted. */
    private String haltReason;

    /** @param parallel {@code -j}, at least 1 */
    BatchControl(int parallel, RunPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.gate = new RateLimitGate(parallel, policy.adaptive(), GROW_EVERY);
        this.halt = new HaltTracker(policy.halt());
        this.budget = new BatchBudget(policy.maxCostUsd());
    }

    RunPolicy policy() {
        return policy;
    }

    /**
     * Which of {@code queued} (queued, not launching, in task-file order; those with a pending retry
     * whose time has not come are the caller's to leave out) may start now, given {@code running}
     * slots taken: none while paused, else the first of them up to the gate's limit. A lowered
     * limit stops nothing that runs; it only holds launches back.
     */
    List<SessionView> pick(List<SessionView> queued, int running, Instant now) {
        if (gate.pausedUntil(now) != null) {
            return List.of();
        }
        return StartPolicy.fileOrder(gate.limit()).pick(queued, running);
    }

    /** When {@link #pick} may answer differently with no other event (a pause ends), or null. */
    Instant nextWake(Instant now) {
        return gate.pausedUntil(now);
    }

    /**
     * A live signal from a running session's stream: an {@code api_retry} with error status 429 or a
     * rejected {@code rate_limit_event} pauses the batch (until the later of the reset, or of
     * claude's own retry delay, and {@code now + retryDelay}). Other events are ignored.
     */
    void observed(SessionEvent event, Instant now) {
        if (event instanceof SessionEvent.ApiRetry retry && Integer.valueOf(429).equals(retry.errorStatus())) {
            Instant claudesRetry = retry.retryDelayMs() != null ? now.plusMillis(retry.retryDelayMs()) : null;
            pause(claudesRetry, now);
        } else if (event instanceof SessionEvent.RateLimit limit && limit.rejected()) {
            pause(limit.resetsAt(), now);
        }
    }

    /**
     * An attempt ended in {@code state} (final, or FAILED about to be retried: {@code retrying}),
     * with the agent's {@code outcome} (null when it never started). Counts it for the gate and
     * the halt policy:
     *
     * <ul>
     *   <li>a rate-limited {@link Outcome.Transient} pauses the batch (retrying or not);
     *   <li>an attempt that ended on its own (COMPLETED or FAILED) with a result the agent judged
     *       {@link Outcome.Completed} or {@link Outcome.Failed} is a clean finish that helps the
     *       limit grow back (its requests went through); stops, kills, timeouts, skips and other
     *       transient errors say nothing about the account's limit;
     *   <li>a final state (not {@code retrying}) is counted by the halt policy; when it is reached,
     *       the answer is SKIP_QUEUED for {@code soon} and STOP_ALL for {@code now}, with the reason.
     * </ul>
     *
     * The caller passes each session's final state once.
     */
    Decision ended(SessionState state, Outcome outcome, boolean retrying, Instant now) {
        if (outcome instanceof Outcome.Transient failure && failure.rateLimited()) {
            pause(failure.notBefore(), now);
        } else if (endedOnItsOwn(state, outcome)) {
            gate.finishedClean();
        }
        if (retrying) {
            return Decision.NONE;
        }
        String reason = halt.ended(state);
        if (reason == null) {
            return Decision.NONE;
        }
        return decide(
                halt.policy().when() == HaltPolicy.When.NOW ? Decision.Kind.STOP_ALL : Decision.Kind.SKIP_QUEUED,
                reason);
    }

    /**
     * Whether a session with its own budget {@code sessionBudget} may start, with {@code spent}
     * (ended attempts, earlier ones included) and {@code running} (live estimates): NONE when it may;
     * SKIP_QUEUED with the budget reason each time the budget does not allow it (also after an
     * earlier decision: this is a permission, not news).
     */
    Decision beforeLaunch(double spent, double running, Double sessionBudget) {
        if (budget.mayLaunch(spent, running, sessionBudget)) {
            return Decision.NONE;
        }
        String reason = budget.reason(spent + running);
        decide(Decision.Kind.SKIP_QUEUED, reason);
        return new Decision(Decision.Kind.SKIP_QUEUED, reason);
    }

    /**
     * The budget a launched session gets: its own, never more than what is left of the batch's
     * (what is left when it has none); without a batch budget its own, which may be null.
     */
    Double budgetFor(Double sessionBudget, double spent, double running) {
        return budget.capFor(sessionBudget, spent, running);
    }

    /**
     * Money moved (a live figure or an end): STOP_ALL with the budget reason once spent plus
     * running reaches the cap, the first time only; else NONE.
     */
    Decision moneyMoved(double spent, double running) {
        return budget.reached(spent, running)
                ? decide(Decision.Kind.STOP_ALL, budget.reason(spent + running))
                : Decision.NONE;
    }

    /** What the snapshot shows of the run-wide state: the gate's limit and pause, the halt's reason. */
    RunSnapshot.BatchStatus status(Instant now) {
        Instant pausedUntil = gate.pausedUntil(now);
        return new RunSnapshot.BatchStatus(
                gate.limit(), pausedUntil, pausedUntil != null ? RATE_LIMITED : null, budget.max(), haltReason);
    }

    private static boolean endedOnItsOwn(SessionState state, Outcome outcome) {
        return (state == SessionState.COMPLETED || state == SessionState.FAILED)
                && (outcome instanceof Outcome.Completed || outcome instanceof Outcome.Failed);
    }

    private void pause(Instant reportedReset, Instant now) {
        Instant backoff = now.plus(policy.retryDelay());
        gate.rateLimited(reportedReset != null && reportedReset.isAfter(backoff) ? reportedReset : backoff, now);
    }

    /** Records a decision and returns it when it goes further than the one already made, else NONE. */
    private Decision decide(Decision.Kind kind, String reason) {
        if (kind.compareTo(decided) <= 0) {
            return Decision.NONE;
        }
        decided = kind;
        if (haltReason == null) {
            haltReason = reason;
        }
        return new Decision(kind, reason);
    }
}
