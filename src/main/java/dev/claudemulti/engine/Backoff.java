package dev.claudemulti.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When a retry may start: {@code base} doubled for each earlier retry, with jitter (so that
 * sessions that failed together do not come back together), capped at
 * {@link RunPolicy#MAX_RETRY_DELAY}, and never before {@code notBefore} (the reset time of a
 * rate limit the agent saw).
 */
final class Backoff {
    /** The jitter: the wait is drawn from ±20 % of the doubled delay. */
    static final double JITTER = 0.2;

    private Backoff() {}

    /**
     * The time retry number {@code retryNumber} may start. The delay is {@code base × 2^(retryNumber−1)},
     * drawn uniformly from ±{@value #JITTER} of that, and never longer than the cap: the cap is
     * {@link RunPolicy#MAX_RETRY_DELAY}, or {@code base} itself when the user asked for a longer
     * first wait (the cap limits the doubling, not the user's choice). Near the cap the draw is
     * from [0.8 × delay, cap] rather than clipped, so that retries at the cap still spread out
     * instead of all landing on it. A zero {@code base} retries at once (or at {@code notBefore}).
     *
     * <p>{@code notBefore} wins when later: a reset the API named is not worth anticipating, and it
     * gets no jitter (the rate-limit gate, not the backoff, spreads the launches after a reset).
     *
     * @param retryNumber 1 for the first retry of a task, 2 for the second, ...
     * @param notBefore   the earliest time the agent allows (a rate limit's resetsAt), or null
     * @param random      the jitter's source; tests pass a seeded one
     * @throws IllegalArgumentException when {@code base} is negative or {@code retryNumber} below 1
     */
    static Instant retryAt(Duration base, int retryNumber, Instant notBefore, Instant now, RandomGenerator random) {
        Objects.requireNonNull(now, "now");
        if (base.isNegative()) {
            throw new IllegalArgumentException("negative retry delay: " + base);
        }
        if (retryNumber < 1) {
            throw new IllegalArgumentException("retry numbers start at 1: " + retryNumber);
        }
        Instant at = now.plusMillis(jitteredMillis(base, retryNumber, random));
        return notBefore != null && notBefore.isAfter(at) ? notBefore : at;
    }

    private static long jitteredMillis(Duration base, int retryNumber, RandomGenerator random) {
        double cap = Math.max(RunPolicy.MAX_RETRY_DELAY.toMillis(), base.toMillis());
        // In double: a large retry number overflows to infinity, which the cap then bounds.
        double delay = Math.min(base.toMillis() * Math.pow(2, retryNumber - 1), cap);
        double low = delay * (1 - JITTER);
        double high = Math.min(delay * (1 + JITTER), cap);
        return high > low ? Math.round(random.nextDouble(low, high)) : Math.round(delay);
    }
}
