package dev.claudemulti.report;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them in a table: {@code 43s}, {@code 2m05s}, {@code 1h02m}. */
public final class Durations {
    private Durations() {
    }

    /** Whole seconds below a minute, minutes and seconds below an hour, then hours and minutes. Null is "-". */
    public static String human(Duration d) {
        if (d == null) {
            return "-";
        }
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    public static String humanMillis(long millis) {
        return human(Duration.ofMillis(millis));
    }
}
