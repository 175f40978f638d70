package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BatchBudgetTest {
    private final BatchBudget five = new BatchBudget(5.0);

    @Test
    void withoutABudgetEverythingIsAllowed() {
        BatchBudget none = new BatchBudget(null);
        assertThat(none.max()).isNull();
        assertThat(none.mayLaunch(1e6, 1e6, 10.0)).isTrue();
        assertThat(none.mayLaunch(1e6, 1e6, null)).isTrue();
        assertThat(none.capFor(2.0, 1e6, 0)).isEqualTo(2.0);
        assertThat(none.capFor(null, 1e6, 0)).isNull();
        assertThat(none.reached(1e6, 1e6)).isFalse();
    }

    @Test
    void aSessionWithItsOwnBudgetNeedsThatMuchLeft() {
        assertThat(five.mayLaunch(3.0, 1.0, 1.0)).as("exactly enough").isTrue();
        assertThat(five.mayLaunch(3.0, 1.01, 1.0)).isFalse();
    }

    @Test
    void aSessionBudgetAboveTheBatchBudgetCountsAsTheBatchBudget() {
        assertThat(five.mayLaunch(0, 0, 6.0))
                .as("a fresh batch capped below the session budget")
                .isTrue();
        assertThat(five.capFor(6.0, 0, 0)).isEqualTo(5.0);
        assertThat(five.mayLaunch(0.01, 0, 6.0))
                .as("once anything is spent, less than that is left")
                .isFalse();
    }

    @Test
    void exactlyEnoughDespiteBinaryRounding() {
        BatchBudget budget = new BatchBudget(0.3);
        assertThat(0.3 - 0.1 - 0.1).as("the premise").isLessThan(0.1);
        assertThat(budget.mayLaunch(0.1, 0.1, 0.1)).isTrue();
    }

    @Test
    void aSessionWithoutABudgetNeedsSomethingLeft() {
        assertThat(five.mayLaunch(4.99, 0, null)).isTrue();
        assertThat(five.mayLaunch(4.0, 1.0, null)).isFalse();
        assertThat(five.mayLaunch(6.0, 0, null)).isFalse();
    }

    @Test
    void aSessionGetsItsOwnBudgetWhenThatFits() {
        assertThat(five.capFor(1.0, 2.0, 1.0)).isEqualTo(1.0);
        assertThat(five.capFor(2.0, 2.0, 1.0)).as("exactly what is left").isEqualTo(2.0);
    }

    @Test
    void neverMoreThanWhatIsLeft() {
        assertThat(five.capFor(2.0, 3.5, 0.25)).isEqualTo(1.25);
        assertThat(five.capFor(null, 3.5, 0.25)).isEqualTo(1.25);
    }

    @Test
    void aCappedBudgetIsRoundedDownToAHundredthOfACent() {
        assertThat(five.capFor(null, 1.0 / 3, 0)).isEqualTo(4.6666);
    }

    @Test
    void aCapIsNeverZero() {
        assertThat(five.capFor(1.0, 5.0, 0)).isEqualTo(BatchBudget.MIN_SESSION_CAP_USD);
        assertThat(five.capFor(null, 7.0, 0)).isEqualTo(BatchBudget.MIN_SESSION_CAP_USD);
        assertThat(five.capFor(null, 4.99999, 0)).isEqualTo(BatchBudget.MIN_SESSION_CAP_USD);
    }

    @Test
    void reachedWhenSpentPlusRunningIsTheCap() {
        assertThat(five.reached(4.0, 0.99)).isFalse();
        assertThat(five.reached(4.0, 1.0)).isTrue();
        assertThat(five.reached(0, 5.5)).as("estimates alone").isTrue();
        assertThat(five.reached(5.5, 0)).isTrue();
    }

    @Test
    void theReasonInDollarsAndCents() {
        assertThat(five.reason(4.8)).isEqualTo("budget: $4.80 of $5.00 spent");
        assertThat(new BatchBudget(12.5).reason(12.499)).isEqualTo("budget: $12.50 of $12.50 spent");
        assertThat(new BatchBudget(1234.0).reason(1234.0))
                .as("no grouping")
                .isEqualTo("budget: $1234.00 of $1234.00 spent");
    }

    @Test
    void refusesABudgetThatIsNotPositive() {
        assertThatThrownBy(() -> new BatchBudget(0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchBudget(-1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchBudget(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
