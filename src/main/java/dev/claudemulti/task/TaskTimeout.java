package dev.claudemulti.task;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a timeout is written: a number of seconds ({@code 90}, {@code "90"}), or a number with a
 * unit {@code s}, {@code m} or {@code h} ({@code "90s"}, {@code "10m"}, {@code "1.5h"}).
 * A timeout is greater than zero and at most {@link #MAX}, which keeps later arithmetic on it
 * (deadlines, millisecond counts) far from overflow.
 */
public final class TaskTimeout {
    public static final Duration MAX = Duration.ofDays(30);
    private static final Pattern FORMAT = Pattern.compile("([+-]?)(\\d{1,18}(?:\\.\\d{1,9})?)\\s*([smh]?)");
    private static final String FORMS = "write seconds (90) or a number with s, m or h ('90s', '10m', '1h')";

    private TaskTimeout() {}

    /**
     * Parses a timeout written as text.
     *
     * @throws IllegalArgumentException with a one-line message that starts with "timeout"
     */
    public static Duration parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("timeout must not be empty; " + FORMS);
        }
        Matcher m = FORMAT.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("timeout " + Quoted.of(text) + " is not a duration; " + FORMS);
        }
        BigDecimal amount = new BigDecimal(m.group(2));
        if (m.group(1).equals("-")) {
            amount = amount.negate();
        }
        long unitSeconds = switch (m.group(3)) {
            case "m" -> 60;
            case "h" -> 3600;
            default -> 1;
        };
        return ofSeconds(amount.multiply(BigDecimal.valueOf(unitSeconds)), Quoted.of(text));
    }

    /**
     * A timeout written as a JSON number of seconds; {@code asWritten} is how the number appears in the file.
     *
     * @throws IllegalArgumentException with a one-line message that starts with "timeout"
     */
    static Duration ofSeconds(double seconds, String asWritten) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("timeout must be a finite number of seconds, got " + asWritten);
        }
        return ofSeconds(BigDecimal.valueOf(seconds), asWritten);
    }

    private static Duration ofSeconds(BigDecimal seconds, String asWritten) {
        if (seconds.signum() <= 0) {
            throw new IllegalArgumentException("timeout must be greater than 0, got " + asWritten);
        }
        if (seconds.compareTo(BigDecimal.valueOf(MAX.getSeconds())) > 0) {
            throw new IllegalArgumentException("timeout must be at most " + MAX.toDays() + " days, got " + asWritten);
        }
        long millis = seconds.movePointRight(3)
                .setScale(0, java.math.RoundingMode.HALF_UP)
                .longValueExact();
        if (millis == 0) {
            throw new IllegalArgumentException("timeout must be at least 1 millisecond, got " + asWritten);
        }
        return Duration.ofMillis(millis);
    }
}
