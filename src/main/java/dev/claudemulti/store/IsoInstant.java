package dev.claudemulti.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * An instant as {@link Instant#toString} writes it ({@code 2026-12-02T06:20:18.123456Z}: the
 * fraction in groups of three digits, none when whole), written by hand for years 0 to 9999:
 * {@code Instant.toString} builds {@code DateTimeFormatter}'s constants on its first call, some
 * 10 ms of a run's start. Other years go to {@code Instant.toString}. IsoInstantTest holds the two equal.
 */
public final class IsoInstant {
    private static final long YEAR_0 = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long YEAR_10000 = 253_402_300_800L; // 10000-01-01T00:00:00Z

    private IsoInstant() {}

    public static String text(Instant at) {
        long seconds = at.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            return at.toString();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(30);
        digits(b, t.getYear(), 4).append('-');
        digits(b, t.getMonthValue(), 2).append('-');
        digits(b, t.getDayOfMonth(), 2).append('T');
        digits(b, t.getHour(), 2).append(':');
        digits(b, t.getMinute(), 2).append(':');
        digits(b, t.getSecond(), 2);
        int nanos = at.getNano();
        if (nanos > 0) {
            b.append('.');
            if (nanos % 1_000_000 == 0) {
                digits(b, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                digits(b, nanos / 1000, 6);
            } else {
                digits(b, nanos, 9);
            }
        }
        return b.append('Z').toString();
    }

    /** {@code value} (not negative) with leading zeros to {@code width} digits. */
    public static StringBuilder digits(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
