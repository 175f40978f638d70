package dev.claudemulti.display;

/**
 * Dollar amounts: four decimals below a dollar, where session costs live, two above. A live
 * estimate (from the stream's token usage, before claude gives its own figure) is shown with two
 * decimals and {@link #ESTIMATE_MARK}: {@code ~$0.42}, never passing for claude's {@code $0.4210}.
 */
public final class Costs {
    /** Marks a simulated figure in tables; {@link #LEGEND} says what it means. */
    public static final String SIMULATED_MARK = "*";
    /** The legend of {@link #SIMULATED_MARK}, shown wherever marked figures are. */
    public static final String LEGEND = "* simulated: the demo agent called no API and spent nothing";

    /** Leads an estimated figure, or a total that includes one. */
    public static final String ESTIMATE_MARK = "~";

    private Costs() {}

    /** {@link #usd(Double, boolean)}, or, when {@code estimated}, {@code ~$0.42} (marked too when simulated). */
    public static String usd(Double cost, boolean simulated, boolean estimated) {
        return estimated && cost != null ? mark(estimate(cost), cost, simulated) : usd(cost, simulated);
    }

    /** {@link #usdShort(Double, boolean)}, or, when {@code estimated}, {@code ~$0.42}. */
    public static String usdShort(Double cost, boolean simulated, boolean estimated) {
        return estimated && cost != null ? mark(estimate(cost), cost, simulated) : usdShort(cost, simulated);
    }

    /** {@link #usdSpelled(Double, boolean)}, or, when {@code estimated}, {@code ~$0.42}. */
    public static String usdSpelled(Double cost, boolean simulated, boolean estimated) {
        return estimated && cost != null
                ? estimate(cost) + (simulated ? " (simulated)" : "")
                : usdSpelled(cost, simulated);
    }

    /** {@code ~$0.42}: an estimate has no more precision than cents. */
    private static String estimate(double cost) {
        return ESTIMATE_MARK + cents(cost);
    }

    /** {@code $3.10}: budgets and what was spent of them, where cents are precision enough. */
    public static String cents(double cost) {
        return "$" + Decimals.fixed(cost, 2);
    }

    /** {@link #usd(Double)}, marked with {@link #SIMULATED_MARK} when the figure is simulated (and known). */
    public static String usd(Double cost, boolean simulated) {
        return mark(usd(cost), cost, simulated);
    }

    /** {@link #usdShort(Double)}, marked with {@link #SIMULATED_MARK} when the figure is simulated (and known). */
    public static String usdShort(Double cost, boolean simulated) {
        return mark(usdShort(cost), cost, simulated);
    }

    /** Where no legend is near (a progress line): "$0.1200 (simulated)". */
    public static String usdSpelled(Double cost, boolean simulated) {
        return usd(cost) + (simulated && cost != null ? " (simulated)" : "");
    }

    private static String mark(String text, Double cost, boolean simulated) {
        return simulated && cost != null ? text + SIMULATED_MARK : text;
    }

    /** {@code $0.1234}, {@code $1.23}; null (not known yet) is "-". */
    public static String usd(Double cost) {
        if (cost == null) {
            return "-";
        }
        return Math.abs(cost) < 1 ? "$" + Decimals.fixed(cost, 4) : "$" + Decimals.fixed(cost, 2);
    }

    /**
     * The dashboard's narrow cost column: cents ({@code $1.23}, {@code $0.00}), three decimals for
     * a non-zero amount below a cent ({@code $0.004}); null (not known yet) is "", an empty cell.
     */
    public static String usdShort(Double cost) {
        if (cost == null) {
            return "";
        }
        if (cost != 0 && Math.abs(cost) < 0.01) {
            return "$" + Decimals.fixed(cost, 3);
        }
        return "$" + Decimals.fixed(cost, 2);
    }
}
