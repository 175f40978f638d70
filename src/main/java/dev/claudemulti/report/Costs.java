package dev.claudemulti.report;

import java.util.Locale;

/** Dollar amounts: four decimals below a dollar, where session costs live, two above. */
public final class Costs {
    private Costs() {
    }

    /** {@code $0.1234}, {@code $1.23}; null (not known yet) is "-". */
    public static String usd(Double cost) {
        if (cost == null) {
            return "-";
        }
        return Math.abs(cost) < 1 ? String.format(Locale.ROOT, "$%.4f", cost) : String.format(Locale.ROOT, "$%.2f", cost);
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
            return String.format(Locale.ROOT, "$%.3f", cost);
        }
        return String.format(Locale.ROOT, "$%.2f", cost);
    }
}
