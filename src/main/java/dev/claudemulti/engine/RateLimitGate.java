package dev.claudemulti.engine;

import java.time.Instant;

/**
 * The batch's answer to the account's rate limit: a pause (no session starts before the reset)
 * and an adaptive parallel limit, as TCP's congestion window: a rate limit halves it (not below 1),
 * then it grows back by one for each {@code growEvery} sessions that finish without one, up to
 * {@code parallel}. Without {@code adaptive} the limit stays {@code parallel}; the pause still holds.
 *
 * <p>Not thread-safe: the scheduler thread owns it. Pure: time comes in as arguments.
 */
final class RateLimitGate {
    /** TODO(issue 11, policy helper): implement; this stub never pauses and never adapts. */
    RateLimitGate(int parallel, boolean adaptive, int growEvery) {
        this.parallel = parallel;
    }

    private final int parallel;

    /**
     * A rate limit was seen (an attempt ended rate limited, or a running one reported a 429 retry or
     * a rejected rate_limit_event): pause until {@code until} (or longer if already paused longer)
     * and halve the limit; several signals of one episode (before the pause ends) halve it only once.
     */
    void rateLimited(Instant until, Instant now) {}

    /** A session ended without a rate limit: counts toward growing the limit back. */
    void finishedClean() {}

    /** How many sessions may hold a slot now. */
    int limit() {
        return parallel;
    }

    /** The end of the current pause, or null when not paused at {@code now}. */
    Instant pausedUntil(Instant now) {
        return null;
    }
}
