package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunPolicyTest {
    @Test
    void defaults() {
        RunPolicy policy = RunPolicy.defaults();
        assertThat(policy.retryDelay()).isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.retryFresh()).isFalse();
        assertThat(policy.halt()).isEqualTo(HaltPolicy.never());
        assertThat(policy.maxCostUsd()).isNull();
        assertThat(policy.adaptive()).isTrue();
        assertThat(policy.resultGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.prices()).isNotNull();
    }

    @Test
    void nullsTakeTheDefaults() {
        RunPolicy policy = new RunPolicy(null, false, null, null, null, true, null);
        assertThat(policy).isEqualTo(RunPolicy.defaults());
    }

    @Test
    void refusesNegativeDelaysAndABudgetThatIsNotPositive() {
        assertThatThrownBy(() -> new RunPolicy(Duration.ofSeconds(-1), false, null, null, null, true, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RunPolicy(null, false, null, null, null, true, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RunPolicy(null, false, null, 0.0, null, true, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
