package dev.claudemulti.display;

/** Byte counts in binary units: {@code 512 B}, {@code 2.5 KB}, {@code 1.2 MB}. */
public final class Sizes {
    private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB", "EB"};

    private Sizes() {}

    /** Negative counts (never meaningful) show as {@code 0 B}. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return Math.max(0, bytes) + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return Decimals.fixed(value, 1) + " " + UNITS[unit];
    }

    /** {@code 1,234,567}: token counts and the like. */
    public static String grouped(long n) {
        return Decimals.grouped(n);
    }
}
