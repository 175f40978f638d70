package dev.claudemulti.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When a retry may start: {@code base} doubled for each earlier retry, with jitter (so that
 * sessions that failed together do not come back together), capped at
 * {@link RunPolicy#MAX_RETRY_DELAY}, and never before {@code notBefore} (a retry-after or a
 * rate limit's reset the agent saw).
 */
final class Backoff {
    private Backoff() {}

    /**
     * TODO(issue 11, policy helper): jitter and cap; this stub waits {@code base} once.
     *
     * @param retryNumber 1 for the first retry of a task, 2 for the second, ...
     */
    static Instant retryAt(Duration base, int retryNumber, Instant notBefore, Instant now, RandomGenerator random) {
        Instant at = now.plus(base);
        return notBefore != null && notBefore.isAfter(at) ? notBefore : at;
    }
}
