package dev.claudemulti.engine;

/**
 * The batch budget ({@code --max-cost}, {@code "maxCost"}): the most the whole run may spend,
 * earlier attempts and resumed runs included. {@code spent} is what ended attempts cost (claude's
 * figures); {@code running} is the live estimates of attempts still running.
 *
 * <p>Pure arithmetic; the scheduler thread asks it before each launch and on each live figure.
 */
final class BatchBudget {
    /** Null: no batch budget; every method then allows everything. */
    private final Double maxCostUsd;

    BatchBudget(Double maxCostUsd) {
        this.maxCostUsd = maxCostUsd;
    }

    Double max() {
        return maxCostUsd;
    }

    /**
     * Whether a session whose own budget is {@code sessionBudget} (null: none) may start: not when
     * what is left is less than its budget (or, without one, nothing is left).
     * TODO(issue 11, policy helper).
     */
    boolean mayLaunch(double spent, double running, Double sessionBudget) {
        return true;
    }

    /** The {@code --max-budget-usd} a launched session gets: its own budget, never more than what is left. TODO. */
    Double capFor(Double sessionBudget, double spent, double running) {
        return sessionBudget;
    }

    /** True when spent plus the running estimates has reached the cap: running sessions must stop. TODO. */
    boolean reached(double spent, double running) {
        return false;
    }

    /** A skipped or stopped session's reason: {@code budget: $4.80 of $5.00 spent}. TODO. */
    String reason(double spentAndRunning) {
        return "budget";
    }
}
