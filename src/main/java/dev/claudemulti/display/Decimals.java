package dev.claudemulti.display;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Numbers as {@code String.format(Locale.ROOT, "%.Nf")} and {@code "%,d"} write them, without
 * {@link java.util.Formatter}: its first use in a JVM starts the locale machinery, which costs a
 * command such as {@code status} about as much as the rest of its work.
 *
 * <p>Contract: the same text as the format string for every value. For {@code %.Nf} that holds
 * because both round half up the shortest decimal that reads back as the double (what
 * {@link Double#toString} writes) on Java 17 and on 21 and later; Java 19 and 20, whose
 * {@code Double.toString} already gave the shortest decimal while the formatter did not, may
 * differ in the last place for rare values. Infinities and NaN go to the formatter.
 */
public final class Decimals {
    private Decimals() {}

    /** {@code String.format(Locale.ROOT, "%." + places + "f", value)}. */
    public static String fixed(double value, int places) {
        if (!Double.isFinite(value)) {
            return String.format(Locale.ROOT, "%." + places + "f", value);
        }
        // The formatter keeps the sign of a negative value that rounds to zero, and of -0.0.
        String magnitude = new BigDecimal(Double.toString(Math.abs(value)))
                .setScale(places, RoundingMode.HALF_UP)
                .toPlainString();
        return Double.compare(value, 0.0) < 0 ? "-" + magnitude : magnitude;
    }

    /** {@code String.format(Locale.ROOT, "%,d", n)}: thousands separated by commas. */
    public static String grouped(long n) {
        String digits = Long.toString(n);
        int start = n < 0 ? 1 : 0;
        StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3);
        out.append(digits, 0, start);
        for (int i = start; i < digits.length(); i++) {
            if (i > start && (digits.length() - i) % 3 == 0) {
                out.append(',');
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }
}
