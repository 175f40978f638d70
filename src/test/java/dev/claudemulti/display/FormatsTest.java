package dev.claudemulti.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void durations() {
        assertThat(Durations.human(Duration.ofMillis(400))).isEqualTo("0s");
        assertThat(Durations.human(Duration.ofSeconds(43))).isEqualTo("43s");
        assertThat(Durations.human(Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(Durations.human(Duration.ofSeconds(3600 + 125))).isEqualTo("1h02m");
        assertThat(Durations.human(Duration.ofHours(30))).isEqualTo("30h00m");
        assertThat(Durations.human(Duration.ofSeconds(-5))).isEqualTo("0s");
        assertThat(Durations.human(null)).isEqualTo("-");
    }

    @Test
    void durationsForLimitsXmlAndOptions() {
        assertThat(Durations.wholeUnit(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Durations.wholeUnit(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.wholeUnit(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.wholeUnit(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.decimalSeconds(Duration.ofMillis(1500))).isEqualTo("1.500");
        assertThat(Durations.decimalSeconds(Duration.ZERO)).isEqualTo("0.000");
        assertThat(Durations.optionSeconds(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.optionSeconds(Duration.ofMinutes(10))).isEqualTo("600s");
    }

    @Test
    void costs() {
        assertThat(Costs.usd(0.1234)).isEqualTo("$0.1234");
        assertThat(Costs.usd(0.0)).isEqualTo("$0.0000");
        assertThat(Costs.usd(1.234)).isEqualTo("$1.23");
        assertThat(Costs.usd(null)).isEqualTo("-");
    }

    @Test
    void estimatedCostsHaveCentsAndATilde() {
        assertThat(Costs.usd(0.4213, false, true)).isEqualTo("~$0.42");
        assertThat(Costs.usd(0.4213, false, false)).isEqualTo("$0.4213");
        assertThat(Costs.usd(0.4213, true, true)).isEqualTo("~$0.42*");
        assertThat(Costs.usd(null, false, true)).isEqualTo("-");
        assertThat(Costs.usdShort(12.344, false, true)).isEqualTo("~$12.34");
        assertThat(Costs.usdShort(0.004, false, false)).isEqualTo("$0.004");
        assertThat(Costs.usdShort(null, false, true)).isEmpty();
        assertThat(Costs.usdSpelled(0.4213, true, true)).isEqualTo("~$0.42 (simulated)");
        assertThat(Costs.usdSpelled(0.4213, false, false)).isEqualTo("$0.4213");
        assertThat(Costs.cents(3.1)).isEqualTo("$3.10");
    }

    @Test
    void sizes() {
        assertThat(Sizes.human(512)).isEqualTo("512 B");
        assertThat(Sizes.human(2560)).isEqualTo("2.5 KB");
        assertThat(Sizes.human(1_258_291)).isEqualTo("1.2 MB");
        assertThat(Sizes.human(3L << 30)).isEqualTo("3.0 GB");
        assertThat(Sizes.grouped(1234567)).isEqualTo("1,234,567");
    }

    @Test
    void displayText() {
        assertThat(Text.sanitize("a\tb\u001B[1;31mc\u001B[0m\u0007d\u0085e\u202Ef\nx"))
                .isEqualTo("a bcdef x");
        assertThat(Text.sanitize("\u001B]0;title\u0007ok")).isEqualTo("ok");
        assertThat(DisplayText.firstLines("\n one\r\n\ntwo\nthree\nfour", 3)).containsExactly(" one", "two", "three");
        assertThat(DisplayText.truncate("abcdef", 4, false)).isEqualTo("abc…");
        assertThat(DisplayText.truncate("abcdef", 4, true)).isEqualTo("a...");
        assertThat(DisplayText.truncate("abcdef", 6, true)).isEqualTo("abcdef");
        assertThat(DisplayText.truncate("ab😀😀😀", 4, false)).isEqualTo("ab😀…");
        assertThat(DisplayText.truncate("abcdef", 0, false)).isEqualTo("abcdef");
    }
}
