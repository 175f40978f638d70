package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitGateTest {
    private static final Instant T0 = Instant.parse("2026-12-01T14:00:00Z");

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void steadyWithoutRateLimits() {
        RateLimitGate gate = new RateLimitGate(8, true, 2);
        assertThat(gate.limit()).isEqualTo(8);
        assertThat(gate.pausedUntil(T0)).isNull();
        gate.finishedClean();
        assertThat(gate.limit()).as("never above -j").isEqualTo(8);
    }

    @Test
    void pausesUntilTheGivenTimeAndNotAtIt() {
        RateLimitGate gate = new RateLimitGate(8, true, 2);
        gate.rateLimited(at(60), T0);
        assertThat(gate.pausedUntil(T0)).isEqualTo(at(60));
        assertThat(gate.pausedUntil(at(59))).isEqualTo(at(60));
        assertThat(gate.pausedUntil(at(60))).isNull();
        assertThat(gate.pausedUntil(at(61))).isNull();
    }

    @Test
    void theLaterPauseWins() {
        RateLimitGate gate = new RateLimitGate(8, true, 2);
        gate.rateLimited(at(60), T0);
        gate.rateLimited(at(30), at(1));
        assertThat(gate.pausedUntil(at(2))).isEqualTo(at(60));
        gate.rateLimited(at(90), at(2));
        assertThat(gate.pausedUntil(at(3))).isEqualTo(at(90));
    }

    @Test
    void oneEpisodeHalvesOnce() {
        RateLimitGate gate = new RateLimitGate(8, true, 2);
        gate.rateLimited(at(60), T0);
        gate.rateLimited(at(60), at(1));
        gate.rateLimited(at(120), at(2));
        assertThat(gate.limit()).isEqualTo(4);
    }

    @Test
    void eachEpisodeHalvesAgainNotBelowOne() {
        RateLimitGate gate = new RateLimitGate(8, true, 2);
        int[] expected = {4, 2, 1, 1};
        for (int i = 0; i < expected.length; i++) {
            gate.rateLimited(at(100 * i + 10), at(100 * i));
            assertThat(gate.limit()).as("episode %d", i + 1).isEqualTo(expected[i]);
        }
    }

    @Test
    void anOddLimitHalvesDown() {
        RateLimitGate gate = new RateLimitGate(5, true, 2);
        gate.rateLimited(at(10), T0);
        assertThat(gate.limit()).isEqualTo(2);
    }

    @Test
    void growsBackByOneForEachGrowEveryCleanFinishesUpToParallel() {
        RateLimitGate gate = new RateLimitGate(8, true, 2);
        gate.rateLimited(at(10), T0);
        int[] afterEachFinish = {4, 5, 5, 6, 6, 7, 7, 8, 8, 8};
        for (int i = 0; i < afterEachFinish.length; i++) {
            gate.finishedClean();
            assertThat(gate.limit()).as("after %d clean finishes", i + 1).isEqualTo(afterEachFinish[i]);
        }
    }

    @Test
    void aNewEpisodeForgetsTheFinishesCountedSoFar() {
        RateLimitGate gate = new RateLimitGate(8, true, 2);
        gate.rateLimited(at(10), T0);
        gate.finishedClean();
        gate.rateLimited(at(30), at(20));
        assertThat(gate.limit()).isEqualTo(2);
        gate.finishedClean();
        assertThat(gate.limit())
                .as("the finish before the halving does not count")
                .isEqualTo(2);
        gate.finishedClean();
        assertThat(gate.limit()).isEqualTo(3);
    }

    @Test
    void finishesAtTheFullLimitAreNotBanked() {
        RateLimitGate gate = new RateLimitGate(8, true, 2);
        for (int i = 0; i < 10; i++) {
            gate.finishedClean();
        }
        gate.rateLimited(at(10), T0);
        gate.finishedClean();
        assertThat(gate.limit()).isEqualTo(4);
    }

    @Test
    void notAdaptiveKeepsTheLimitButStillPauses() {
        RateLimitGate gate = new RateLimitGate(8, false, 2);
        gate.rateLimited(at(60), T0);
        gate.rateLimited(at(200), at(100));
        assertThat(gate.limit()).isEqualTo(8);
        assertThat(gate.pausedUntil(at(150))).isEqualTo(at(200));
    }

    @Test
    void aResetAlreadyPassedHalvesButPausesNothing() {
        RateLimitGate gate = new RateLimitGate(8, true, 2);
        gate.rateLimited(at(-5), T0);
        assertThat(gate.limit()).isEqualTo(4);
        assertThat(gate.pausedUntil(T0)).isNull();
    }

    @Test
    void oneSlotStaysOne() {
        RateLimitGate gate = new RateLimitGate(1, true, 2);
        gate.rateLimited(at(10), T0);
        assertThat(gate.limit()).isEqualTo(1);
        gate.finishedClean();
        gate.finishedClean();
        assertThat(gate.limit()).isEqualTo(1);
    }

    @Test
    void refusesAZeroLimitOrStep() {
        assertThatThrownBy(() -> new RateLimitGate(0, true, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitGate(4, true, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
