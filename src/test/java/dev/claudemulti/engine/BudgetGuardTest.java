package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.agent.CostEstimate;
import dev.claudemulti.agent.Pricing;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.agent.Tokens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetGuardTest {
    private final List<String> log = new ArrayList<>();
    private final BudgetGuard.Factory guards = new BudgetGuard.Factory(log::add);

    private static SessionEvent.Usage response(String id, String model) {
        // 130k input tokens of claude-sonnet-5-5: $0.26
        return new SessionEvent.Usage(id, new Tokens(130_000, 1, 0, 0), model, 0);
    }

    @Test
    void firesOnceAtTheFirstResponsePastTheBudget() {
        CostEstimate estimate = new CostEstimate(Pricing::builtIn, "sonnet");
        BudgetGuard guard = guards.forSession(0.5, estimate);
        estimate.accept(response("m1", "claude-sonnet-5-5"));
        assertThat(guard.check()).isNull();
        estimate.accept(response("m2", "claude-sonnet-5-5"));
        assertThat(guard.check()).isEqualTo("budget exceeded: ~$0.52 of $0.50 (estimated live)");
        estimate.accept(response("m3", "claude-sonnet-5-5"));
        assertThat(guard.check()).as("one stop is enough").isNull();
    }

    @Test
    void aSessionWithoutBudgetHasNoGuard() {
        assertThat(guards.forSession(null, new CostEstimate(Pricing::builtIn, "sonnet")))
                .isNull();
    }

    @Test
    void claudesOwnResultEndsTheWatch() {
        CostEstimate estimate = new CostEstimate(Pricing::builtIn, "sonnet");
        BudgetGuard guard = guards.forSession(0.1, estimate);
        estimate.accept(new SessionEvent.Result(
                "error_max_budget_usd",
                true,
                null,
                0.26,
                1,
                1L,
                Tokens.ZERO,
                List.of(),
                "s",
                "budget_exhausted",
                null));
        estimate.accept(response("m1", "claude-sonnet-5-5"));
        assertThat(guard.check()).isNull();
    }

    @Test
    void anUnpricedModelIsReportedOncePerRunAndNeverStopped() {
        for (int i = 0; i < 2; i++) {
            CostEstimate estimate = new CostEstimate(Pricing::builtIn, "sonnet");
            BudgetGuard guard = guards.forSession(0.1, estimate);
            estimate.accept(response("m1", "mystery-1"));
            estimate.accept(response("m2", "mystery-1"));
            assertThat(guard.check()).isNull();
            assertThat(guard.check()).isNull();
        }
        assertThat(log).hasSize(1).first().asString().startsWith("no price known for model 'mystery-1'");
    }
}
