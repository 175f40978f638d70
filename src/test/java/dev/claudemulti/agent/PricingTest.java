package dev.claudemulti.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PricingTest {
    private final Pricing prices = Pricing.builtIn();

    @Test
    void aliasesAndDatedIdsFindTheirFamily() {
        assertThat(prices.canonical("sonnet")).isEqualTo("claude-sonnet-5-5");
        assertThat(prices.canonical("Opus")).isEqualTo("claude-opus-5-5");
        assertThat(prices.canonical("haiku")).isEqualTo("claude-haiku-5-5");
        assertThat(prices.canonical("claude-sonnet-4-5-20250929")).isEqualTo("claude-sonnet-4-5");
        assertThat(prices.canonical("claude-sonnet-4-20250514")).isEqualTo("claude-sonnet-4");
        assertThat(prices.canonical("claude-3-5-haiku-20241022")).isEqualTo("claude-3-5-haiku");
        assertThat(prices.canonical("claude-opus-4-6[1m]")).isEqualTo("claude-opus-4-6");
        assertThat(prices.canonical("us.anthropic.claude-opus-4-1-20250805-v1:0"))
                .isEqualTo("claude-opus-4-1");
        assertThat(prices.canonical("claude-sonnet-5-5")).isEqualTo("claude-sonnet-5-5");
    }

    @Test
    void unknownModelsHaveNoPrice() {
        assertThat(prices.forModel("fake")).isNull();
        assertThat(prices.forModel("simulated-sonnet")).isNull();
        assertThat(prices.forModel("claude-sonnet-55"))
                .as("not a dated form of a listed id")
                .isNull();
        assertThat(prices.forModel(null)).isNull();
        assertThat(prices.forModel(" ")).isNull();
    }

    @Test
    void pricesAreUsdPerMillionTokensOfEachKind() {
        // The figures claude 2.1.328 reports: 200k input + 100k output of claude-sonnet-5-5 cost $1.40.
        assertThat(prices.forModel("sonnet").usd(new Tokens(200_000, 100_000, 0, 0)))
                .isCloseTo(1.40, within(1e-9));
        // And 1200 input + 80 output: $0.0064 with --model opus (claude-opus-5-5), $0.00016 with haiku
        // (claude-haiku-5-5).
        assertThat(prices.forModel("opus").usd(new Tokens(1200, 80, 0, 0))).isCloseTo(0.0064, within(1e-12));
        assertThat(prices.forModel("haiku").usd(new Tokens(1200, 80, 0, 0))).isCloseTo(0.00016, within(1e-12));
        assertThat(prices.forModel("claude-sonnet-4-5").usd(new Tokens(1_000_000, 1_000_000, 1_000_000, 1_000_000)))
                .isCloseTo(3 + 15 + 0.3 + 3.75, within(1e-9));
    }

    @Test
    void aLongPromptHasItsOwnPrices() {
        Pricing.Price haiku = prices.forModel("claude-haiku-5-5");
        assertThat(haiku.usd(new Tokens(100_000, 0, 0, 0))).isCloseTo(0.01, within(1e-9));
        assertThat(haiku.usd(new Tokens(50_000, 0, 60_000, 0)))
                .as("prompt of 110k")
                .isCloseTo(0.025 + 0.003, within(1e-9));
    }

    @Test
    void aBadFileIsOneLineThatSaysWhatIsWrong() {
        assertThatThrownBy(() -> parse("{")).hasMessageStartingWith("p.json: not valid JSON");
        assertThatThrownBy(() -> parse("{\"models\": {}}"))
                .hasMessage("p.json: needs an object \"models\" with at least one model");
        assertThatThrownBy(
                        () -> parse(
                                "{\"models\": {\"m\": {\"input\": 1, \"output\": \"2\", \"cache_read\": 0, \"cache_write\": 0}}}"))
                .hasMessage("p.json: models.m: \"output\" must be a number of USD per million tokens, at least 0");
        assertThatThrownBy(() -> parse(
                        "{\"models\": {\"m\": {\"input\": 1, \"output\": 2, \"cache_read\": 0, \"cache_write\": 0}},"
                                + " \"aliases\": {\"x\": \"y\"}}"))
                .hasMessage("p.json: aliases.x names no model in \"models\": \"y\"");
    }

    @Test
    void anotherFileOfTheSameShapeReplacesTheTable() throws Exception {
        Pricing p =
                parse("{\"models\": {\"m-1\": {\"input\": 1, \"output\": 2, \"cache_read\": 0, \"cache_write\": 0}},"
                        + " \"aliases\": {\"em\": \"m-1\"}}");
        assertThat(p.forModel("em").usd(new Tokens(1_000_000, 1_000_000, 0, 0))).isCloseTo(3, within(1e-9));
        assertThat(p.forModel("m-1-2026")).isNotNull();
        assertThat(p.forModel("sonnet")).isNull();
    }

    private static Pricing parse(String json) throws Exception {
        return Pricing.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "p.json");
    }
}
