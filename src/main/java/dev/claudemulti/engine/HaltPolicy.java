package dev.claudemulti.engine;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a batch stops early, as GNU parallel's {@code --halt}: {@code never}, or {@code now|soon}
 * with {@code fail=N}, {@code fail=P%}, {@code success=N} or {@code success=P%}. {@code now} stops
 * the running sessions and starts nothing more; {@code soon} starts nothing more and lets the
 * running ones finish. Sessions that never started end {@link SessionState#SKIPPED}.
 *
 * <p>A failure is a session that ended failed or timed out (a stop or kill by the user is not); a
 * success is one that completed. A percentage counts against the sessions that ended so far and
 * needs at least {@value #MIN_ENDED_FOR_PERCENT} of them, so that the first failure of a large
 * batch is not "100%". Sessions stopped, killed or skipped count toward neither side, so they do
 * not dilute a percentage. A batch with fewer ended sessions than that never halts on a percentage.
 *
 * @param threshold a count (at least 1), or a percentage (1 to 100) when {@code percent}; 0 for
 *                  {@code never}
 */
public record HaltPolicy(When when, Kind kind, int threshold, boolean percent) {
    public enum When {
        NEVER,
        NOW,
        SOON
    }

    public enum Kind {
        FAIL,
        SUCCESS
    }

    static final int MIN_ENDED_FOR_PERCENT = 3;

    /** Compiled on first use: a run without --halt does not pay for the regex machinery at its start. */
    private static final class Form {
        static final Pattern FORM =
                Pattern.compile("(now|soon),(fail|success)=([0-9]{1,9})(%?)", Pattern.CASE_INSENSITIVE);
    }

    /** Refuses a policy that would halt before anything ended (a zero count) or never could (101%). */
    public HaltPolicy {
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(kind, "kind");
        if (when != When.NEVER && (threshold < 1 || (percent && threshold > 100))) {
            throw new IllegalArgumentException("halt threshold out of range: " + threshold + (percent ? "%" : ""));
        }
    }

    public static HaltPolicy never() {
        return new HaltPolicy(When.NEVER, Kind.FAIL, 0, false);
    }

    /**
     * Reads {@code --halt}'s value.
     *
     * @throws IllegalArgumentException with one line saying what is accepted
     */
    public static HaltPolicy parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equalsIgnoreCase("never")) {
            return never();
        }
        Matcher m = Form.FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a halt policy: use never, or now or soon"
                    + " with fail=N, fail=P%, success=N or success=P% (e.g. --halt now,fail=1)");
        }
        int n = Integer.parseInt(m.group(3));
        boolean percent = !m.group(4).isEmpty();
        if (n < 1 || (percent && n > 100)) {
            throw new IllegalArgumentException(
                    "'" + text + "': the " + (percent ? "percentage must be 1% to 100%" : "count must be at least 1"));
        }
        return new HaltPolicy(
                When.valueOf(m.group(1).toUpperCase(Locale.ROOT)),
                Kind.valueOf(m.group(2).toUpperCase(Locale.ROOT)),
                n,
                percent);
    }

    /** True when {@code failed} failures and {@code succeeded} successes so far call for the halt. */
    public boolean reached(int failed, int succeeded) {
        if (when == When.NEVER) {
            return false;
        }
        int counted = kind == Kind.FAIL ? failed : succeeded;
        if (!percent) {
            return counted >= threshold;
        }
        int ended = failed + succeeded;
        return ended >= MIN_ENDED_FOR_PERCENT && counted * 100L >= (long) threshold * ended;
    }

    /**
     * Why the run halted, for a skipped session's reason: {@code halted: 3 failures}; for a
     * percentage also against what: {@code halted: 2 failures of 3 ended (fail=50%)}.
     */
    public String reason(int failed, int succeeded) {
        int n = kind == Kind.FAIL ? failed : succeeded;
        String what = kind == Kind.FAIL ? (n == 1 ? "failure" : "failures") : (n == 1 ? "success" : "successes");
        String reason = "halted: " + n + " " + what;
        return percent
                ? reason + " of " + (failed + succeeded) + " ended ("
                        + kind.name().toLowerCase(Locale.ROOT) + "=" + threshold + "%)"
                : reason;
    }

    /** The form {@link #parse} reads. */
    @Override
    public String toString() {
        return when == When.NEVER
                ? "never"
                : when.name().toLowerCase(Locale.ROOT) + "," + kind.name().toLowerCase(Locale.ROOT) + "=" + threshold
                        + (percent ? "%" : "");
    }
}
