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
        String shortest = Double.toString(Math.abs(value));
        String magnitude = shortest.indexOf('E') < 0
                ? roundedPlain(shortest, places)
                : new BigDecimal(shortest)
                        .setScale(places, RoundingMode.HALF_UP)
                        .toPlainString();
        return Double.compare(value, 0.0) < 0 ? "-" + magnitude : magnitude;
    }

    /**
     * {@code plain} ("123.4567", as Double.toString writes it without an exponent) rounded half up
     * to {@code places} decimals, on its digits: what BigDecimal's setScale gives, without building
     * one (status writes a cost per row, and a thousand BigDecimals were 7% of its time).
     */
    private static String roundedPlain(String plain, int places) {
        int dot = plain.indexOf('.');
        char[] digits = new char[dot + places + 1]; // a leading slot for a carry out of the integer part
        digits[0] = '0';
        plain.getChars(0, dot, digits, 1);
        for (int i = 0; i < places; i++) {
            int from = dot + 1 + i;
            digits[dot + 1 + i] = from < plain.length() ? plain.charAt(from) : '0';
        }
        int next = dot + 1 + places;
        if (next < plain.length() && plain.charAt(next) >= '5') {
            int i = digits.length - 1;
            while (digits[i] == '9') {
                digits[i--] = '0';
            }
            digits[i]++;
        }
        int start = digits[0] == '0' ? 1 : 0; // the carry slot, unless a carry used it
        StringBuilder out = new StringBuilder(digits.length + 1);
        out.append(digits, start, dot + 1 - start);
        if (places > 0) {
            out.append('.').append(digits, dot + 1, places);
        }
        return out.toString();
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
