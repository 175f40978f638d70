package dev.claudemulti.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * The batch's answer to the account's rate limit: a pause (no session starts before the reset)
 * and an adaptive parallel limit, as TCP's congestion window: a rate limit halves it (not below 1),
 * then it grows back by one for each {@code growEvery} sessions that finish without one, up to
 * {@code parallel}. Without {@code adaptive} the limit stays {@code parallel}; the pause still holds.
 *
 * <p>An <em>episode</em> is one stretch of rate limiting: it starts with a signal that arrives while
 * the batch is not paused and lasts until the pause ends. Sessions that were running together
 * usually all hit the limit within seconds of each other; only the first of their signals halves
 * the limit, the others can only lengthen the pause. A signal after the pause ended is a new
 * episode and halves again. A halving also forgets the clean finishes counted toward growing.
 *
 * <p>Not thread-safe: the scheduler thread owns it. Pure: time comes in as arguments.
 */
final class RateLimitGate {
    private final int parallel;
    private final boolean adaptive;
    private final int growEvery;
    private int limit;
    private int cleanSinceChange;
    private Instant pausedUntil;

    /**
     * @param parallel  the limit without rate limits ({@code -j}), at least 1
     * @param adaptive  false: the limit stays {@code parallel}; only the pause applies
     * @param growEvery clean finishes per step back up, at least 1
     */
    RateLimitGate(int parallel, boolean adaptive, int growEvery) {
        if (parallel < 1 || growEvery < 1) {
            throw new IllegalArgumentException(
                    "parallel and growEvery must be at least 1: " + parallel + ", " + growEvery);
        }
        this.parallel = parallel;
        this.adaptive = adaptive;
        this.growEvery = growEvery;
        this.limit = parallel;
    }

    /**
     * A rate limit was seen (an attempt ended rate limited, or a running one reported a 429 retry or
     * a rejected rate_limit_event): pause until {@code until} (or longer if already paused longer)
     * and halve the limit; several signals of one episode (before the pause ends) halve it only once.
     * An {@code until} not after {@code now} still halves but pauses nothing.
     */
    void rateLimited(Instant until, Instant now) {
        Objects.requireNonNull(until, "until");
        boolean sameEpisode = pausedUntil(now) != null;
        if (!sameEpisode && adaptive) {
            limit = Math.max(1, limit / 2);
            cleanSinceChange = 0;
        }
        if (pausedUntil == null || until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
    }

    /**
     * A session ended without a rate limit: counts toward growing the limit back. At the full limit
     * nothing is banked: finishes before a rate limit do not shorten the climb after it.
     */
    void finishedClean() {
        if (limit >= parallel) {
            return;
        }
        cleanSinceChange++;
        if (cleanSinceChange >= growEvery) {
            limit++;
            cleanSinceChange = 0;
        }
    }

    /** How many sessions may hold a slot now (a lowered limit does not stop sessions already running). */
    int limit() {
        return limit;
    }

    /** The end of the current pause, or null when not paused at {@code now} (the end itself is not paused). */
    Instant pausedUntil(Instant now) {
        return pausedUntil != null && now.isBefore(pausedUntil) ? pausedUntil : null;
    }
}
