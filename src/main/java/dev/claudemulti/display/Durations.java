package dev.claudemulti.display;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Every way claude-multi writes a duration as text, in one place. Each form has one reader, and
 * its output is part of what that reader relies on (tables, failure reasons, XML, a command line),
 * so the forms are not interchangeable.
 */
public final class Durations {
    private Durations() {}

    /**
     * For people reading a table: {@code 43s}, {@code 2m05s}, {@code 1h02m}. Whole seconds below a
     * minute, minutes and seconds below an hour, then hours and minutes; negative is {@code 0s}, null is "-".
     */
    public static String human(Duration d) {
        if (d == null) {
            return "-";
        }
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + twoDigits(s % 60) + "s";
        }
        return s / 3600 + "h" + twoDigits((s % 3600) / 60) + "m";
    }

    /** {@code %02d} of 0..99 without the formatter (see {@link Decimals}). */
    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }

    /**
     * A limit as the user would have written it: the largest whole unit that divides it exactly
     * ({@code 2h}, {@code 10m}, {@code 90s}). Fractions of a second are dropped.
     */
    public static String wholeUnit(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** Seconds with exactly three decimals and no unit ({@code 1.500}): JUnit XML's {@code time} attribute. */
    public static String decimalSeconds(Duration d) {
        return Decimals.fixed(d.toMillis() / 1000.0, 3);
    }

    /**
     * Seconds to the millisecond, without trailing zeros, with the unit ({@code 1.5s}, {@code 600s}): a
     * value that claude-multi's own {@code --timeout} and {@code --grace} options read back exactly.
     */
    public static String optionSeconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis())
                        .movePointLeft(3)
                        .stripTrailingZeros()
                        .toPlainString() + "s";
    }
}
