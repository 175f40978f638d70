package dev.claudemulti.engine;

import dev.claudemulti.agent.CostEstimate;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Makes a session's budget a cap: claude checks {@code --max-budget-usd} only between API
 * responses (and a background subagent may spend past it), so the session is stopped as soon as
 * its own cost, estimated live from the usage in its stream ({@link CostEstimate}), passes its
 * budget. It can still overshoot by what the response that crossed the line cost.
 *
 * <p>One guard per attempt, checked on its output pump thread, which feeds the estimate. Once the result line gives claude's own
 * figure, the session is ending on its own and the guard never fires.
 */
final class BudgetGuard {
    private final double budget;
    private final CostEstimate estimate;
    private final Consumer<String> unpriced;
    private boolean fired;
    private boolean toldUnpriced;

    private BudgetGuard(double budget, CostEstimate estimate, Consumer<String> unpriced) {
        this.budget = budget;
        this.estimate = estimate;
        this.unpriced = unpriced;
    }

    /** Guards of one run: each model without a price is reported once for the whole run. */
    static final class Factory {
        private final Consumer<String> log;
        private final Set<String> reported = ConcurrentHashMap.newKeySet();

        Factory(Consumer<String> log) {
            this.log = log;
        }

        /**
         * A guard for one attempt, reading the attempt's live {@code estimate} (whose feeder also
         * feeds the guard's thread), or null when the session has no budget to keep.
         */
        BudgetGuard forSession(Double budgetUsd, CostEstimate estimate) {
            if (budgetUsd == null || budgetUsd <= 0) {
                return null;
            }
            return new BudgetGuard(budgetUsd, estimate, m -> {
                if (reported.add(m)) {
                    log.accept("no price known for model '" + m + "': sessions using it are not stopped at their budget"
                            + " by claude-multi (claude's own check between responses still applies)");
                }
            });
        }
    }

    /**
     * The reason to stop the session, the first time its estimated cost is past the budget; else
     * null (also every later time: one stop is enough).
     */
    String check() {
        if (fired || estimate.reported()) {
            return null;
        }
        Double usd = estimate.usd();
        if (usd == null) {
            if (!toldUnpriced && estimate.unknownModel() != null) {
                toldUnpriced = true;
                unpriced.accept(estimate.unknownModel());
            }
            return null;
        }
        if (usd <= budget) {
            return null;
        }
        fired = true;
        return reason(usd, budget);
    }

    /** {@code budget exceeded: ~$0.52 of $0.50 (estimated live)}. */
    static String reason(double spent, double budget) {
        return String.format(Locale.ROOT, "budget exceeded: ~$%.2f of $%.2f (estimated live)", spent, budget);
    }
}
