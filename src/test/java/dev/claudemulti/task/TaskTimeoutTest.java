package dev.claudemulti.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskTimeoutTest {
    @Test
    void readsSecondsMinutesAndHours() {
        assertThat(TaskTimeout.parse("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TaskTimeout.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TaskTimeout.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(TaskTimeout.parse("1H")).isEqualTo(Duration.ofHours(1));
        assertThat(TaskTimeout.parse("0.25s")).isEqualTo(Duration.ofMillis(250));
        assertThat(TaskTimeout.parse("720h")).isEqualTo(TaskTimeout.MAX);
    }

    @Test
    void rejectsWhatIsNotAPositiveDuration() {
        assertThatThrownBy(() -> TaskTimeout.parse("10x")).hasMessageStartingWith("timeout '10x' is not a duration");
        assertThatThrownBy(() -> TaskTimeout.parse("1h30m"))
                .hasMessageStartingWith("timeout '1h30m' is not a duration");
        assertThatThrownBy(() -> TaskTimeout.parse("-5s")).hasMessage("timeout must be greater than 0, got '-5s'");
        assertThatThrownBy(() -> TaskTimeout.parse("0m")).hasMessage("timeout must be greater than 0, got '0m'");
        assertThatThrownBy(() -> TaskTimeout.parse("0.0001"))
                .hasMessage("timeout must be at least 1 millisecond, got '0.0001'");
        assertThatThrownBy(() -> TaskTimeout.parse(" ")).hasMessageStartingWith("timeout must not be empty");
        assertThatThrownBy(() -> TaskTimeout.parse("721h")).hasMessage("timeout must be at most 30 days, got '721h'");
        assertThatThrownBy(() -> TaskTimeout.parse("99999999999999999999h")).hasMessageStartingWith("timeout '9");
    }
}
