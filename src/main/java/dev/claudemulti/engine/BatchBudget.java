package dev.claudemulti.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The batch budget ({@code --max-cost}, {@code "maxCost"}): the most the whole run may spend,
 * earlier attempts and resumed runs included. {@code spent} is what ended attempts cost (claude's
 * figures); {@code running} is the live estimates of attempts still running. What is left is
 * {@code max − spent − running}.
 *
 * <p>Sums of dollar figures carry binary rounding ($0.30 − $0.10 − $0.10 is a hair under $0.10),
 * so comparisons allow {@value #TOLERANCE_USD} USD, far below a cent. Not guaranteed: that the run
 * stays under the cap; claude checks its own budget only between responses, so a session can
 * overshoot by what one response costs.
 *
 * <p>Pure arithmetic; the scheduler thread asks it before each launch and on each live figure.
 */
final class BatchBudget {
    static final double TOLERANCE_USD = 1e-9;

    /**
     * The smallest {@code --max-budget-usd} a session gets (claude refuses 0), and the step capped
     * budgets are rounded down to: a hundredth of a cent, so that command lines stay short.
     */
    static final double MIN_SESSION_CAP_USD = 0.0001;

    /** Null: no batch budget; every method then allows everything. */
    private final Double maxCostUsd;

    /** @param maxCostUsd the cap, positive, or null for none */
    BatchBudget(Double maxCostUsd) {
        if (maxCostUsd != null && !(maxCostUsd > 0)) {
            throw new IllegalArgumentException("the batch budget must be positive: " + maxCostUsd);
        }
        this.maxCostUsd = maxCostUsd;
    }

    Double max() {
        return maxCostUsd;
    }

    /**
     * Whether a session whose own budget is {@code sessionBudget} (null: none) may start: not when
     * what is left is less than its budget (or, without one, nothing is left). Exactly its budget
     * left is enough. A session budget above the whole batch budget counts as the batch budget (the
     * launched session is capped to it anyway, {@link #capFor}): otherwise the default $5 session
     * budget would skip every session of a batch capped below $5.
     */
    boolean mayLaunch(double spent, double running, Double sessionBudget) {
        if (maxCostUsd == null) {
            return true;
        }
        double left = left(spent, running);
        return sessionBudget != null
                ? left + TOLERANCE_USD >= Math.min(sessionBudget, maxCostUsd)
                : left > TOLERANCE_USD;
    }

    /**
     * The {@code --max-budget-usd} a launched session gets: its own budget, never more than what is
     * left (what is left without one), rounded down to {@value #MIN_SESSION_CAP_USD} and never below
     * it. Without a batch budget: the session's own, which may be null.
     */
    Double capFor(Double sessionBudget, double spent, double running) {
        if (maxCostUsd == null) {
            return sessionBudget;
        }
        double left = left(spent, running);
        if (sessionBudget != null && sessionBudget <= left + TOLERANCE_USD) {
            return sessionBudget;
        }
        double roundedDown = BigDecimal.valueOf(Math.max(left, 0))
                .setScale(4, RoundingMode.FLOOR)
                .doubleValue();
        return Math.max(roundedDown, MIN_SESSION_CAP_USD);
    }

    /** True when spent plus the running estimates has reached the cap: running sessions must stop. */
    boolean reached(double spent, double running) {
        return maxCostUsd != null && spent + running + TOLERANCE_USD >= maxCostUsd;
    }

    /**
     * A skipped or stopped session's reason: {@code budget: $4.80 of $5.00 spent}, where the first
     * figure is {@code spentAndRunning} (ended attempts plus live estimates) to the cent.
     */
    String reason(double spentAndRunning) {
        return maxCostUsd == null
                ? String.format(Locale.ROOT, "budget: $%.2f spent", spentAndRunning)
                : String.format(Locale.ROOT, "budget: $%.2f of $%.2f spent", spentAndRunning, maxCostUsd);
    }

    private double left(double spent, double running) {
        return maxCostUsd - spent - running;
    }
}
