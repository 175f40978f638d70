package dev.claudemulti.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostEstimateTest {
    private final CostEstimate estimate = new CostEstimate(Pricing::builtIn, "sonnet");

    private static SessionEvent.Usage usage(String id, long input, long output, String model, long chars) {
        return new SessionEvent.Usage(id, new Tokens(input, output, 0, 0), model, chars);
    }

    @Test
    void eachMessageCountsOnceWhateverItsNumberOfLines() {
        estimate.accept(usage("m1", 100_000, 1, "claude-sonnet-5-5", 0));
        estimate.accept(usage("m1", 100_000, 1, "claude-sonnet-5-5", 0)); // its second block
        estimate.accept(usage("m2", 100_000, 1, "claude-sonnet-5-5", 0));
        assertThat(estimate.usd()).isCloseTo(2 * (0.2 + 0.00001), within(1e-9));
        assertThat(estimate.reported()).isFalse();
    }

    @Test
    void outputNotYetCountedIsTakenFromTheContentLength() {
        // 4000 characters over two lines of one message: about 1000 output tokens, $0.01 at $10 per million.
        estimate.accept(usage("m1", 0, 1, "claude-sonnet-5-5", 1_000));
        estimate.accept(usage("m1", 0, 1, "claude-sonnet-5-5", 3_000));
        assertThat(estimate.usd()).isCloseTo(0.01, within(1e-9));
        // A reported count above the length estimate wins.
        estimate.accept(usage("m2", 0, 5_000, "claude-sonnet-5-5", 4));
        assertThat(estimate.usd()).isCloseTo(0.01 + 0.05, within(1e-9));
    }

    @Test
    void theSessionModelPricesMessagesThatNameNone() {
        CostEstimate opus = new CostEstimate(Pricing::builtIn, "opus");
        opus.accept(usage("m1", 1_000_000, 0, null, 0));
        assertThat(opus.usd()).isCloseTo(4, within(1e-9));
        opus.accept(new SessionEvent.Init("s", "claude-opus-4-1", "/"));
        opus.accept(usage("m2", 1_000_000, 0, null, 0));
        assertThat(opus.usd()).isCloseTo(4 + 15, within(1e-9));
    }

    @Test
    void anUnknownModelMeansNoEstimate() {
        estimate.accept(usage("m1", 100_000, 1, "claude-sonnet-5-5", 0));
        estimate.accept(usage("m2", 100_000, 1, "mystery-model", 0));
        assertThat(estimate.usd()).isNull();
        assertThat(estimate.unknownModel()).isEqualTo("mystery-model");
    }

    @Test
    void claudesOwnFigureWinsOnceTheResultGivesIt() {
        estimate.accept(usage("m1", 100_000, 1, "mystery-model", 0));
        estimate.accept(new SessionEvent.Result(
                "success", false, "ok", 0.4321, 1, 5L, Tokens.ZERO, List.of(), "s", "completed", null));
        assertThat(estimate.usd()).isEqualTo(0.4321);
        assertThat(estimate.reported()).isTrue();
    }

    @Test
    void aRecordedBudgetBlowOutIsEstimatedFromItsStream() throws Exception {
        // Captured from claude 2.1.328: four responses of 200k input tokens each (the stream shows output 1).
        List<SessionEvent> events = new ArrayList<>();
        StreamJsonParser parser = new StreamJsonParser(events::add);
        byte[] bytes = java.nio.file.Files.readAllBytes(Path.of("src/test/resources/agent/captured/budget.jsonl"));
        parser.feed(bytes, 0, bytes.length);
        parser.finish();
        events.stream().filter(e -> !(e instanceof SessionEvent.Result)).forEach(estimate::accept);
        assertThat(estimate.usd()).isCloseTo(4 * 0.4, within(0.01));
    }

    /** The price table is asked for at the first usage, not before: a run's start reads no resource from the jar. */
    @Test
    void pricesAreLookedUpAtTheFirstUsageOnly() {
        int[] asked = {0};
        CostEstimate lazy = new CostEstimate(
                () -> {
                    asked[0]++;
                    return Pricing.builtIn();
                },
                "sonnet");
        lazy.accept(new SessionEvent.Init("s", "claude-sonnet-4-5", "/"));
        assertThat(asked[0]).isZero();
        lazy.accept(usage("m1", 1_000_000, 0, null, 0));
        assertThat(asked[0]).isPositive();
        assertThat(lazy.usd()).isCloseTo(3.0, within(1e-9)); // a million input tokens of claude-sonnet-4-5 at $3
    }
}
