package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Instant NOW = Instant.parse("2026-12-01T14:00:00Z");
    private static final Duration BASE = Duration.ofSeconds(15);

    /** A generator that always draws the given fraction of the range: 0 the low end, 1 the high end. */
    private static RandomGenerator at(double fraction) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble(double origin, double bound) {
                return origin + fraction * (bound - origin);
            }
        };
    }

    private static Duration delay(Duration base, int retry, RandomGenerator random) {
        return Duration.between(NOW, Backoff.retryAt(base, retry, null, NOW, random));
    }

    @Test
    void theMiddleOfTheJitterIsTheBaseDoubledPerRetry() {
        assertThat(delay(BASE, 1, at(0.5))).isEqualTo(Duration.ofSeconds(15));
        assertThat(delay(BASE, 2, at(0.5))).isEqualTo(Duration.ofSeconds(30));
        assertThat(delay(BASE, 3, at(0.5))).isEqualTo(Duration.ofSeconds(60));
        assertThat(delay(BASE, 4, at(0.5))).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void theJitterIsTwentyPercentEitherWay() {
        assertThat(delay(BASE, 1, at(0))).isEqualTo(Duration.ofSeconds(12));
        assertThat(delay(BASE, 1, at(1))).isEqualTo(Duration.ofSeconds(18));
        assertThat(delay(BASE, 2, at(0))).isEqualTo(Duration.ofSeconds(24));
        assertThat(delay(BASE, 2, at(1))).isEqualTo(Duration.ofSeconds(36));
    }

    @Test
    void sessionsThatFailedTogetherComeBackApart() {
        SplittableRandom random = new SplittableRandom(42);
        Set<Instant> times = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Instant at = Backoff.retryAt(BASE, 1, null, NOW, random);
            assertThat(at).isBetween(NOW.plusSeconds(12), NOW.plusSeconds(18));
            times.add(at);
        }
        assertThat(times).as("distinct retry times").hasSizeGreaterThan(15);
    }

    @Test
    void theSameSeedGivesTheSameTime() {
        assertThat(Backoff.retryAt(BASE, 3, null, NOW, new SplittableRandom(7)))
                .isEqualTo(Backoff.retryAt(BASE, 3, null, NOW, new SplittableRandom(7)));
    }

    @Test
    void cappedAtTenMinutesAndStillSpreadBelowTheCap() {
        Duration cap = RunPolicy.MAX_RETRY_DELAY;
        assertThat(delay(BASE, 7, at(1))).as("15s × 64 = 16 min").isEqualTo(cap);
        assertThat(delay(BASE, 7, at(0))).isEqualTo(Duration.ofMinutes(8));
        assertThat(delay(BASE, 7, at(0.5))).isEqualTo(Duration.ofMinutes(9));
        assertThat(delay(BASE, 1_000, at(1))).as("no overflow").isEqualTo(cap);
        assertThat(delay(BASE, Integer.MAX_VALUE, at(0))).isEqualTo(Duration.ofMinutes(8));
    }

    @Test
    void aFirstWaitLongerThanTheCapIsKept() {
        Duration twenty = Duration.ofMinutes(20);
        assertThat(delay(twenty, 1, at(1))).isEqualTo(twenty);
        assertThat(delay(twenty, 3, at(1))).as("but not doubled").isEqualTo(twenty);
    }

    @Test
    void neverEarlierThanWhatTheAgentSaw() {
        Instant reset = NOW.plus(Duration.ofMinutes(30));
        assertThat(Backoff.retryAt(BASE, 1, reset, NOW, at(1)))
                .as("past the cap too")
                .isEqualTo(reset);
        Instant soon = NOW.plusSeconds(1);
        assertThat(Backoff.retryAt(BASE, 1, soon, NOW, at(0.5))).isEqualTo(NOW.plusSeconds(15));
    }

    @Test
    void aZeroDelayRetriesAtOnce() {
        assertThat(Backoff.retryAt(Duration.ZERO, 3, null, NOW, at(1))).isEqualTo(NOW);
        assertThat(Backoff.retryAt(Duration.ZERO, 1, NOW.plusSeconds(5), NOW, at(1)))
                .isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> Backoff.retryAt(Duration.ofSeconds(-1), 1, null, NOW, at(0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.retryAt(BASE, 0, null, NOW, at(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
