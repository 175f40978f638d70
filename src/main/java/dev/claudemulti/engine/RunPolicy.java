package dev.claudemulti.engine;

import dev.claudemulti.agent.Pricing;
import dev.claudemulti.display.Costs;
import java.time.Duration;

/**
 * How a run rides out trouble and keeps to its money: retries of transient failures, the
 * rate-limit gate, the halt policy, the batch budget and the grace after a result line.
 *
 * <p>Null components take their defaults (no halt, the default delays); the constructor refuses
 * negative durations and a batch budget that is not positive, so a caller validating user input
 * must do so first to give its own one-line message.
 *
 * @param retryDelay  the first backoff before a retry; doubled each time (with jitter), capped at
 *                    {@link #MAX_RETRY_DELAY}, never earlier than a rate-limit reset the agent saw
 *                    ({@code Backoff}); also the shortest pause of the batch after a rate limit
 * @param retryFresh  a retry starts a new conversation instead of resuming the failed one
 * @param halt        when the batch stops early
 * @param maxCostUsd  the most the whole run may spend (earlier attempts and resumed runs included), or null
 * @param pricing     prices for live cost estimates; null for the built-in table ({@link #prices})
 * @param adaptive    a rate limit halves the parallel limit, which then grows back (AIMD); false keeps -j
 *                    (the pause after a rate limit applies either way)
 * @param resultGrace how long a session may live on after its result line before its tree is stopped
 */
public record RunPolicy(
        Duration retryDelay,
        boolean retryFresh,
        HaltPolicy halt,
        Double maxCostUsd,
        Pricing pricing,
        boolean adaptive,
        Duration resultGrace) {
    /** Retries of a task whose file and command line set none. */
    public static final int DEFAULT_RETRIES = 2;

    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(15);
    /** The longest the doubling takes a backoff; a longer {@code retryDelay} is kept as given. */
    public static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(10);

    public static final Duration DEFAULT_RESULT_GRACE = Duration.ofSeconds(30);

    public RunPolicy {
        retryDelay = retryDelay == null ? DEFAULT_RETRY_DELAY : retryDelay;
        halt = halt == null ? HaltPolicy.never() : halt;
        resultGrace = resultGrace == null ? DEFAULT_RESULT_GRACE : resultGrace;
        if (retryDelay.isNegative() || resultGrace.isNegative()) {
            throw new IllegalArgumentException("negative delay: retry " + retryDelay + ", result grace " + resultGrace);
        }
        if (maxCostUsd != null && !(maxCostUsd > 0)) {
            throw new IllegalArgumentException("the batch budget must be positive: " + maxCostUsd);
        }
    }

    public static RunPolicy defaults() {
        return new RunPolicy(DEFAULT_RETRY_DELAY, false, HaltPolicy.never(), null, null, true, DEFAULT_RESULT_GRACE);
    }

    /** The prices estimates use: {@code pricing}, else the built-in table. */
    public Pricing prices() {
        return pricing != null ? pricing : Pricing.builtIn();
    }

    /** What the run header adds for the settings a user chose: {@code ", max cost $5.00, halt now,fail=1"}; empty by default. */
    public String headerText() {
        return (maxCostUsd == null ? "" : ", max cost " + Costs.usd(maxCostUsd))
                + (halt.when() == HaltPolicy.When.NEVER ? "" : ", halt " + halt);
    }
}
