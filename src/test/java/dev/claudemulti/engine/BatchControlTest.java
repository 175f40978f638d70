package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.agent.Outcome;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.engine.BatchControl.Decision;
import dev.claudemulti.engine.BatchControl.Decision.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchControlTest {
    private static final Instant T0 = Instant.parse("2026-12-01T14:00:00Z");
    private static final Duration DELAY = RunPolicy.DEFAULT_RETRY_DELAY;
    private static final Outcome COMPLETED = new Outcome.Completed();
    private static final Outcome RATE_LIMITED = new Outcome.Transient("rate limit", 429, true, null);
    private static final Outcome OVERLOADED = new Outcome.Transient("overloaded", 529, false, null);

    private static final List<SessionView> QUEUED = IntStream.rangeClosed(1, 10)
            .mapToObj(i -> SessionView.queued("t" + i, 1, "sonnet"))
            .toList();

    private static RunPolicy policy(HaltPolicy halt, Double maxCost, boolean adaptive) {
        return new RunPolicy(DELAY, false, halt, maxCost, null, adaptive, RunPolicy.DEFAULT_RESULT_GRACE);
    }

    private static BatchControl control(int parallel) {
        return new BatchControl(parallel, RunPolicy.defaults());
    }

    private static BatchControl halting(String halt) {
        return new BatchControl(4, policy(HaltPolicy.parse(halt), null, true));
    }

    private static BatchControl budgeted(double maxCost) {
        return new BatchControl(4, policy(HaltPolicy.never(), maxCost, true));
    }

    private static List<String> ids(List<SessionView> views) {
        return views.stream().map(SessionView::taskId).toList();
    }

    // --- pick and the gate

    @Test
    void picksInFileOrderUpToTheFreeSlots() {
        BatchControl control = control(4);
        assertThat(ids(control.pick(QUEUED, 0, T0))).containsExactly("t1", "t2", "t3", "t4");
        assertThat(ids(control.pick(QUEUED, 3, T0))).containsExactly("t1");
        assertThat(control.pick(QUEUED, 4, T0)).isEmpty();
        assertThat(control.pick(QUEUED.subList(0, 2), 0, T0)).hasSize(2);
        assertThat(control.pick(List.of(), 0, T0)).isEmpty();
    }

    @Test
    void aRejectedRateLimitEventPausesUntilItsResetAndHalvesTheLimit() {
        BatchControl control = control(8);
        Instant reset = T0.plus(Duration.ofMinutes(5));
        control.observed(new SessionEvent.RateLimit("rejected", reset), T0);

        assertThat(control.pick(QUEUED, 0, T0))
                .as("nothing starts while paused")
                .isEmpty();
        assertThat(control.pick(QUEUED, 0, reset.minusMillis(1))).isEmpty();
        assertThat(control.nextWake(T0)).isEqualTo(reset);
        assertThat(control.status(T0)).isEqualTo(new RunSnapshot.BatchStatus(4, reset, "rate limited", null, null));

        assertThat(ids(control.pick(QUEUED, 0, reset))).containsExactly("t1", "t2", "t3", "t4");
        assertThat(control.pick(QUEUED, 4, reset)).as("at the lowered limit").isEmpty();
        assertThat(control.nextWake(reset)).isNull();
        assertThat(control.status(reset)).isEqualTo(new RunSnapshot.BatchStatus(4, null, null, null, null));
    }

    @Test
    void aRateLimitEventThatIsNotRejectedChangesNothing() {
        BatchControl control = control(8);
        control.observed(new SessionEvent.RateLimit("allowed", T0.plusSeconds(300)), T0);
        control.observed(new SessionEvent.RateLimit("allowed_warning", T0.plusSeconds(300)), T0);
        assertThat(control.status(T0)).isEqualTo(RunSnapshot.BatchStatus.steady(8));
    }

    @Test
    void aRejectionWithoutResetPausesForTheRetryDelay() {
        BatchControl control = control(8);
        control.observed(new SessionEvent.RateLimit("rejected", null), T0);
        assertThat(control.nextWake(T0)).isEqualTo(T0.plus(DELAY));
    }

    @Test
    void aResetSoonerThanTheRetryDelayStillPausesForTheDelay() {
        BatchControl control = control(8);
        control.observed(new SessionEvent.RateLimit("rejected", T0.minusSeconds(30)), T0);
        assertThat(control.nextWake(T0)).as("a reset in the past (clock skew)").isEqualTo(T0.plus(DELAY));
    }

    @Test
    void claudesOwn429RetryPausesTheBatch() {
        BatchControl control = control(8);
        control.observed(new SessionEvent.ApiRetry(1, 10, 1_000L, 429, "rate_limit"), T0);
        assertThat(control.nextWake(T0)).isEqualTo(T0.plus(DELAY));
        assertThat(control.status(T0).parallelLimit()).isEqualTo(4);
    }

    @Test
    void claudesLongerRetryDelayLengthensThePause() {
        BatchControl control = control(8);
        control.observed(new SessionEvent.ApiRetry(3, 10, 60_000L, 429, "rate_limit"), T0);
        assertThat(control.nextWake(T0)).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void otherRetriesAndEventsDoNotPause() {
        BatchControl control = control(8);
        control.observed(new SessionEvent.ApiRetry(1, 10, 1_000L, 529, "overloaded"), T0);
        control.observed(new SessionEvent.ApiRetry(1, 10, 1_000L, null, "connection"), T0);
        control.observed(new SessionEvent.Other("system", "init"), T0);
        assertThat(control.status(T0)).isEqualTo(RunSnapshot.BatchStatus.steady(8));
    }

    @Test
    void signalsOfOneEpisodeHalveOnce() {
        BatchControl control = control(8);
        control.observed(new SessionEvent.ApiRetry(1, 10, 1_000L, 429, "rate_limit"), T0);
        control.observed(new SessionEvent.RateLimit("rejected", T0.plusSeconds(120)), T0.plusSeconds(1));
        assertThat(control.ended(SessionState.FAILED, RATE_LIMITED, true, T0.plusSeconds(2)))
                .isEqualTo(Decision.NONE);
        assertThat(control.status(T0.plusSeconds(3)))
                .isEqualTo(new RunSnapshot.BatchStatus(4, T0.plusSeconds(120), "rate limited", null, null));
    }

    @Test
    void anAttemptEndedRateLimitedPausesUntilItsNotBefore() {
        BatchControl control = control(8);
        Instant reset = T0.plusSeconds(90);
        control.ended(SessionState.FAILED, new Outcome.Transient("rate limit", 429, true, reset), true, T0);
        assertThat(control.nextWake(T0)).isEqualTo(reset);
        assertThat(control.status(T0).parallelLimit()).isEqualTo(4);
    }

    @Test
    void anAttemptEndedRateLimitedWithoutATimePausesForTheRetryDelay() {
        BatchControl control = control(8);
        control.ended(SessionState.FAILED, RATE_LIMITED, false, T0);
        assertThat(control.nextWake(T0)).isEqualTo(T0.plus(DELAY));
    }

    @Test
    void otherTransientFailuresDoNotPause() {
        BatchControl control = control(8);
        control.ended(SessionState.FAILED, OVERLOADED, true, T0);
        assertThat(control.status(T0)).isEqualTo(RunSnapshot.BatchStatus.steady(8));
    }

    @Test
    void theLimitGrowsBackByOneForEachSessionThatEndedOnItsOwn() {
        BatchControl control = control(4);
        control.ended(SessionState.FAILED, RATE_LIMITED, true, T0);
        Instant later = T0.plus(Duration.ofMinutes(10));
        assertThat(control.status(later).parallelLimit()).isEqualTo(2);

        control.ended(SessionState.STOPPED, null, false, later);
        control.ended(SessionState.TIMED_OUT, null, false, later);
        control.ended(SessionState.FAILED, OVERLOADED, true, later);
        control.ended(SessionState.FAILED, OVERLOADED, false, later);
        control.ended(SessionState.KILLED, COMPLETED, false, later);
        control.ended(SessionState.SKIPPED, null, false, later);
        assertThat(control.status(later).parallelLimit())
                .as("stops, timeouts, skips and transient errors are no evidence of headroom")
                .isEqualTo(2);

        control.ended(SessionState.FAILED, new Outcome.Failed("max turns"), false, later);
        assertThat(control.status(later).parallelLimit()).isEqualTo(3);
        control.ended(SessionState.COMPLETED, COMPLETED, false, later);
        assertThat(control.status(later).parallelLimit()).isEqualTo(4);
        control.ended(SessionState.COMPLETED, COMPLETED, false, later);
        assertThat(control.status(later).parallelLimit()).as("never above -j").isEqualTo(4);
        assertThat(ids(control.pick(QUEUED, 0, later))).hasSize(4);
    }

    @Test
    void threeSessionsThatEachHitARateLimitOnceRecoverTheLimit() {
        // The end-to-end scenario at -j 3: the three first attempts end rate limited within one pause.
        BatchControl control = control(3);
        control.ended(SessionState.FAILED, RATE_LIMITED, true, T0);
        control.ended(SessionState.FAILED, RATE_LIMITED, true, T0.plusSeconds(1));
        control.ended(SessionState.FAILED, RATE_LIMITED, true, T0.plusSeconds(2));
        Instant resumed = T0.plusSeconds(2).plus(DELAY);
        assertThat(control.status(resumed).parallelLimit()).isEqualTo(1);
        assertThat(control.pick(QUEUED.subList(0, 3), 0, resumed)).hasSize(1);
        control.ended(SessionState.COMPLETED, COMPLETED, false, resumed.plusSeconds(10));
        assertThat(control.pick(QUEUED.subList(0, 2), 0, resumed.plusSeconds(10)))
                .hasSize(2);
        control.ended(SessionState.COMPLETED, COMPLETED, false, resumed.plusSeconds(20));
        assertThat(control.status(resumed.plusSeconds(20)).parallelLimit()).isEqualTo(3);
    }

    @Test
    void withoutAdaptiveTheLimitStaysButThePauseHolds() {
        BatchControl control = new BatchControl(8, policy(HaltPolicy.never(), null, false));
        control.ended(SessionState.FAILED, RATE_LIMITED, true, T0);
        assertThat(control.pick(QUEUED, 0, T0)).isEmpty();
        assertThat(control.status(T0))
                .isEqualTo(new RunSnapshot.BatchStatus(8, T0.plus(DELAY), "rate limited", null, null));
        assertThat(control.pick(QUEUED, 0, T0.plus(DELAY))).hasSize(8);
    }

    // --- halt

    @Test
    void haltSoonSkipsTheQueuedOnes() {
        BatchControl control = halting("soon,fail=2");
        assertThat(control.ended(SessionState.FAILED, new Outcome.Failed("x"), false, T0))
                .isEqualTo(Decision.NONE);
        assertThat(control.ended(SessionState.TIMED_OUT, null, false, T0))
                .isEqualTo(new Decision(Kind.SKIP_QUEUED, "halted: 2 failures"));
        assertThat(control.status(T0).haltReason()).isEqualTo("halted: 2 failures");
        assertThat(control.ended(SessionState.FAILED, new Outcome.Failed("x"), false, T0))
                .as("decided once")
                .isEqualTo(Decision.NONE);
    }

    @Test
    void aSessionAUserQueuesAgainAfterAHaltMayStart() {
        BatchControl control = halting("now,fail=1");
        assertThat(control.ended(SessionState.FAILED, new Outcome.Failed("x"), false, T0)
                        .kind())
                .isEqualTo(Kind.STOP_ALL);
        assertThat(ids(control.pick(QUEUED.subList(0, 1), 0, T0))).containsExactly("t1");
        assertThat(control.beforeLaunch(0, 0, null)).isEqualTo(Decision.NONE);
        assertThat(control.status(T0).haltReason()).isEqualTo("halted: 1 failure");
    }

    @Test
    void haltNowStopsEverything() {
        BatchControl control = halting("now,fail=1");
        assertThat(control.ended(SessionState.FAILED, new Outcome.Failed("x"), false, T0))
                .isEqualTo(new Decision(Kind.STOP_ALL, "halted: 1 failure"));
        assertThat(control.ended(SessionState.FAILED, new Outcome.Failed("y"), false, T0))
                .as("decided once")
                .isEqualTo(Decision.NONE);
    }

    @Test
    void haltOnSuccess() {
        BatchControl control = halting("soon,success=1");
        assertThat(control.ended(SessionState.COMPLETED, COMPLETED, false, T0))
                .isEqualTo(new Decision(Kind.SKIP_QUEUED, "halted: 1 success"));
    }

    @Test
    void anAttemptAboutToBeRetriedIsNoFailureYet() {
        BatchControl control = halting("now,fail=1");
        assertThat(control.ended(SessionState.FAILED, OVERLOADED, true, T0)).isEqualTo(Decision.NONE);
        assertThat(control.ended(SessionState.FAILED, OVERLOADED, false, T0))
                .as("its retries spent")
                .isEqualTo(new Decision(Kind.STOP_ALL, "halted: 1 failure"));
    }

    @Test
    void stopsAndSkipsNeverHalt() {
        BatchControl control = halting("now,fail=1");
        assertThat(control.ended(SessionState.STOPPED, null, false, T0)).isEqualTo(Decision.NONE);
        assertThat(control.ended(SessionState.KILLED, null, false, T0)).isEqualTo(Decision.NONE);
        assertThat(control.ended(SessionState.SKIPPED, null, false, T0)).isEqualTo(Decision.NONE);
        assertThat(control.pick(QUEUED, 0, T0)).hasSize(4);
    }

    @Test
    void neverHalts() {
        BatchControl control = control(4);
        for (int i = 0; i < 20; i++) {
            assertThat(control.ended(SessionState.FAILED, new Outcome.Failed("x"), false, T0))
                    .isEqualTo(Decision.NONE);
        }
        assertThat(control.status(T0).haltReason()).isNull();
    }

    // --- budget

    @Test
    void withoutABudgetEveryLaunchGoesAhead() {
        BatchControl control = control(4);
        assertThat(control.beforeLaunch(1e6, 1e6, 5.0)).isEqualTo(Decision.NONE);
        assertThat(control.budgetFor(5.0, 1e6, 1e6)).isEqualTo(5.0);
        assertThat(control.budgetFor(null, 1e6, 1e6)).isNull();
        assertThat(control.moneyMoved(1e6, 1e6)).isEqualTo(Decision.NONE);
    }

    @Test
    void aLaunchTheBudgetCannotCoverSkipsTheQueue() {
        BatchControl control = budgeted(5.0);
        assertThat(control.beforeLaunch(3.0, 1.0, 1.0)).isEqualTo(Decision.NONE);
        assertThat(control.beforeLaunch(3.0, 1.8, 1.0))
                .isEqualTo(new Decision(Kind.SKIP_QUEUED, "budget: $4.80 of $5.00 spent"));
        assertThat(control.beforeLaunch(3.0, 1.9, 1.0))
                .as("each launch the budget cannot cover is refused")
                .isEqualTo(new Decision(Kind.SKIP_QUEUED, "budget: $4.90 of $5.00 spent"));
        assertThat(control.beforeLaunch(3.0, 1.0, 0.5))
                .as("one it can cover, if a user queues it again")
                .isEqualTo(Decision.NONE);
        assertThat(control.status(T0))
                .isEqualTo(new RunSnapshot.BatchStatus(4, null, null, 5.0, "budget: $4.80 of $5.00 spent"));
    }

    @Test
    void aSessionsBudgetIsCappedByWhatIsLeft() {
        BatchControl control = budgeted(5.0);
        assertThat(control.budgetFor(1.0, 2.0, 1.0)).isEqualTo(1.0);
        assertThat(control.budgetFor(3.0, 2.0, 1.0)).isEqualTo(2.0);
        assertThat(control.budgetFor(null, 2.0, 1.0)).isEqualTo(2.0);
    }

    @Test
    void reachingTheCapStopsEverythingOnce() {
        BatchControl control = budgeted(5.0);
        assertThat(control.moneyMoved(3.0, 1.9)).isEqualTo(Decision.NONE);
        assertThat(control.moneyMoved(3.0, 2.1)).isEqualTo(new Decision(Kind.STOP_ALL, "budget: $5.10 of $5.00 spent"));
        assertThat(control.moneyMoved(3.0, 2.5)).isEqualTo(Decision.NONE);
        assertThat(control.beforeLaunch(3.0, 2.5, null))
                .as("a user's retry does not override the budget")
                .isEqualTo(new Decision(Kind.SKIP_QUEUED, "budget: $5.50 of $5.00 spent"));
        assertThat(control.status(T0).haltReason()).isEqualTo("budget: $5.10 of $5.00 spent");
    }

    @Test
    void aStopAllFollowsASkipButNotTheOtherWayRound() {
        BatchControl control = new BatchControl(4, policy(HaltPolicy.parse("now,fail=1"), 5.0, true));
        assertThat(control.beforeLaunch(4.9, 0, 1.0).kind()).isEqualTo(Kind.SKIP_QUEUED);
        assertThat(control.ended(SessionState.FAILED, new Outcome.Failed("x"), false, T0))
                .as("running sessions must stop now")
                .isEqualTo(new Decision(Kind.STOP_ALL, "halted: 1 failure"));
        assertThat(control.status(T0).haltReason())
                .as("the first reason stays")
                .isEqualTo("budget: $4.90 of $5.00 spent");

        BatchControl stopped = new BatchControl(4, policy(HaltPolicy.parse("soon,fail=1"), 5.0, true));
        assertThat(stopped.moneyMoved(5.0, 0).kind()).isEqualTo(Kind.STOP_ALL);
        assertThat(stopped.ended(SessionState.FAILED, new Outcome.Failed("x"), false, T0))
                .isEqualTo(Decision.NONE);
    }

    @Test
    void aHaltAfterASkipForTheSameReasonSaysNothingNew() {
        BatchControl control = new BatchControl(4, policy(HaltPolicy.parse("soon,fail=1"), 5.0, true));
        assertThat(control.beforeLaunch(5.0, 0, null).kind()).isEqualTo(Kind.SKIP_QUEUED);
        assertThat(control.ended(SessionState.FAILED, new Outcome.Failed("x"), false, T0))
                .isEqualTo(Decision.NONE);
    }

    @Test
    void theStatusShowsTheBudget() {
        assertThat(budgeted(5.0).status(T0)).isEqualTo(new RunSnapshot.BatchStatus(4, null, null, 5.0, null));
        assertThat(budgeted(5.0).policy().maxCostUsd()).isEqualTo(5.0);
    }
}
