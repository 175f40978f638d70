package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudemulti.engine.HaltPolicy.Kind;
import dev.claudemulti.engine.HaltPolicy.When;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HaltPolicyTest {
    @Test
    void readsEachForm() {
        assertThat(HaltPolicy.parse("never")).isEqualTo(HaltPolicy.never());
        assertThat(HaltPolicy.parse("now,fail=1")).isEqualTo(new HaltPolicy(When.NOW, Kind.FAIL, 1, false));
        assertThat(HaltPolicy.parse("soon,fail=3")).isEqualTo(new HaltPolicy(When.SOON, Kind.FAIL, 3, false));
        assertThat(HaltPolicy.parse("now,fail=20%")).isEqualTo(new HaltPolicy(When.NOW, Kind.FAIL, 20, true));
        assertThat(HaltPolicy.parse("soon,fail=100%")).isEqualTo(new HaltPolicy(When.SOON, Kind.FAIL, 100, true));
        assertThat(HaltPolicy.parse("now,success=2")).isEqualTo(new HaltPolicy(When.NOW, Kind.SUCCESS, 2, false));
        assertThat(HaltPolicy.parse("soon,success=1%")).isEqualTo(new HaltPolicy(When.SOON, Kind.SUCCESS, 1, true));
    }

    @Test
    void readsAnyCaseAndSurroundingBlanks() {
        assertThat(HaltPolicy.parse(" NEVER ")).isEqualTo(HaltPolicy.never());
        assertThat(HaltPolicy.parse("Soon,Fail=2")).isEqualTo(new HaltPolicy(When.SOON, Kind.FAIL, 2, false));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "never",
                "now,fail=1",
                "soon,fail=3",
                "now,fail=20%",
                "soon,fail=100%",
                "now,success=2",
                "soon,success=50%"
            })
    void printsWhatItReads(String form) {
        assertThat(HaltPolicy.parse(form)).hasToString(form);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "now",
                "fail=1",
                "later,fail=1",
                "now,fail",
                "now,fail=",
                "now,fail=x",
                "now,fail=1.5",
                "now,done=1",
                "now, fail=1",
                "now,fail=1,success=1",
                "now,fail=-1",
                "soon,success=-5%",
                "now,fail=12345678901"
            })
    void refusesMalformedWithOneLine(String text) {
        assertThatThrownBy(() -> HaltPolicy.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text + "' is not a halt policy")
                .hasMessageContaining("now,fail=1")
                .hasMessageNotContaining("\n");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> HaltPolicy.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a halt policy");
    }

    @Test
    void refusesAZeroCount() {
        assertThatThrownBy(() -> HaltPolicy.parse("now,fail=0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'now,fail=0': the count must be at least 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon,fail=0%", "now,success=101%", "now,fail=1000%"})
    void refusesAPercentageOutOfRange(String text) {
        assertThatThrownBy(() -> HaltPolicy.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "': the percentage must be 1% to 100%");
    }

    @Test
    void refusesAPolicyBuiltOutOfRange() {
        assertThatThrownBy(() -> new HaltPolicy(When.NOW, Kind.FAIL, 0, false))
                .as("would halt before anything ended")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HaltPolicy(When.SOON, Kind.FAIL, 101, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverIsNeverReached() {
        assertThat(HaltPolicy.never().reached(1000, 0)).isFalse();
        assertThat(HaltPolicy.never().reached(0, 1000)).isFalse();
    }

    @Test
    void aCountIsReachedAtTheCount() {
        HaltPolicy policy = HaltPolicy.parse("soon,fail=3");
        assertThat(policy.reached(2, 10)).isFalse();
        assertThat(policy.reached(3, 0)).isTrue();
        assertThat(policy.reached(4, 0)).isTrue();
        HaltPolicy successes = HaltPolicy.parse("now,success=2");
        assertThat(successes.reached(5, 1)).isFalse();
        assertThat(successes.reached(0, 2)).isTrue();
    }

    @Test
    void aPercentageCountsAgainstTheEndedAndWaitsForThree() {
        HaltPolicy policy = HaltPolicy.parse("now,fail=50%");
        assertThat(policy.reached(1, 0)).as("1 of 1 is not enough to judge").isFalse();
        assertThat(policy.reached(2, 0)).isFalse();
        assertThat(policy.reached(2, 1)).as("67%").isTrue();
        assertThat(policy.reached(2, 2)).as("exactly 50%").isTrue();
        assertThat(policy.reached(2, 3)).as("40%").isFalse();
        HaltPolicy successes = HaltPolicy.parse("soon,success=100%");
        assertThat(successes.reached(0, 3)).isTrue();
        assertThat(successes.reached(1, 9)).isFalse();
    }

    @Test
    void theReasonSaysHowMany() {
        assertThat(HaltPolicy.parse("now,fail=1").reason(1, 4)).isEqualTo("halted: 1 failure");
        assertThat(HaltPolicy.parse("now,fail=3").reason(3, 4)).isEqualTo("halted: 3 failures");
        assertThat(HaltPolicy.parse("soon,success=1").reason(0, 1)).isEqualTo("halted: 1 success");
        assertThat(HaltPolicy.parse("soon,success=2").reason(0, 2)).isEqualTo("halted: 2 successes");
        assertThat(HaltPolicy.parse("now,fail=50%").reason(2, 1)).isEqualTo("halted: 2 failures of 3 ended (fail=50%)");
    }
}
