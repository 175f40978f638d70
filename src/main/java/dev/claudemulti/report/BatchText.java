package dev.claudemulti.report;

import dev.claudemulti.display.Costs;
import dev.claudemulti.display.Durations;
import dev.claudemulti.engine.DependencyGate;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How the run-wide policies read in every output (dashboard, headless lines, {@code status}, the
 * summary and the reports), so they say the same thing everywhere: a waiting retry, the parallel
 * limit, a rate-limit pause, the batch budget, a halt and a session waiting for its dependencies. Each method returns null when there is
 * nothing to say.
 */
public final class BatchText {
    private static final String HALTED = "halted: ";
    /**
     * The wait measured when no time is given: as wide as {@link Durations#human} writes a wait
     * below an hour, so a column sized with it does not shift as a countdown shortens.
     */
    private static final Duration WIDEST_WAIT = Duration.ofMinutes(59).plusSeconds(59);

    private BatchText() {}

    /**
     * "retrying in 42s (2/3, HTTP 529)": the wait to the retry from {@code now}, the attempt that
     * waits of the most the task may have, and what ended the last one; "retrying now" once due.
     * A null {@code now} measures the widest wait below an hour, for a column's width.
     */
    public static String retrying(SessionView v, Instant now) {
        SessionView.PendingRetry r = v.retry();
        if (r == null) {
            return null;
        }
        String cause =
                r.cause() == null || r.cause().isBlank() ? "" : ", " + r.cause().strip();
        return retryWait(r, now) + " (" + v.attempt() + "/" + r.maxAttempts() + cause + ")";
    }

    /**
     * "waiting for a, b": the dependencies a queued session still waits for (the engine keeps it
     * as the queued view's activity, so it reads the same from the journal); null otherwise.
     */
    public static String waiting(SessionView v) {
        String activity = v.activity();
        return v.state() == SessionState.QUEUED && activity != null && activity.startsWith(DependencyGate.WAITING_FOR)
                ? activity
                : null;
    }

    /**
     * "t3 failed (HTTP 529): retrying in 15s (2/3)": the headless line printed when a retry is
     * scheduled.
     */
    public static String retryScheduled(SessionView v, Instant now) {
        SessionView.PendingRetry r = v.retry();
        if (r == null) {
            return null;
        }
        String cause =
                r.cause() == null || r.cause().isBlank() ? "" : " (" + r.cause().strip() + ")";
        return v.taskId() + " failed" + cause + ": " + retryWait(r, now) + " (" + v.attempt() + "/" + r.maxAttempts()
                + ")";
    }

    private static String retryWait(SessionView.PendingRetry r, Instant now) {
        Duration wait = now == null ? WIDEST_WAIT : Duration.between(now, r.at());
        if (wait.isNegative() || wait.isZero()) {
            return "retrying now";
        }
        // Whole seconds rounded up: "in 1s" until it is due, never "in 0s".
        long seconds = (wait.toMillis() + 999) / 1000;
        return "retrying in " + Durations.human(Duration.ofSeconds(seconds));
    }

    /** "parallel 8", or "parallel 2/8" while a rate limit holds the limit below {@code -j}. */
    public static String parallel(RunSnapshot run) {
        int limit = run.batch().parallelLimit();
        return limit < run.parallel() ? "parallel " + limit + "/" + run.parallel() : "parallel " + run.parallel();
    }

    /**
     * "paused: rate limited until 14:05" (local time) while no session may start; null when not
     * paused or once the pause is over at {@code now}.
     */
    public static String paused(RunSnapshot.BatchStatus batch, Instant now, ZoneId zone) {
        Instant until = batch.pausedUntil();
        if (until == null || (now != null && !until.isAfter(now))) {
            return null;
        }
        String why = batch.pauseReason() == null || batch.pauseReason().isBlank()
                ? ""
                : batch.pauseReason().strip() + " ";
        return "paused: " + why + "until " + ClockTime.FORMAT.format(until.atZone(zone));
    }

    /** "budget: $3.10 of $5.00 used" ({@code ~$3.10} while it includes estimates); null without a batch budget. */
    public static String budgetUsed(RunTotals totals) {
        Double max = totals.batch() == null ? null : totals.batch().maxCostUsd();
        if (max == null) {
            return null;
        }
        return "budget: " + (totals.costEstimated() ? Costs.ESTIMATE_MARK : "") + Costs.cents(totals.costUsd()) + " of "
                + Costs.cents(max) + " used";
    }

    /**
     * "run halted: 3 failures", "run halted: budget: $4.80 of $5.00 spent": why the run started
     * nothing more; null when it did not halt.
     */
    public static String halted(RunSnapshot.BatchStatus batch) {
        String reason = batch == null ? null : batch.haltReason();
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String r = reason.strip();
        return "run halted: " + (r.startsWith(HALTED) ? r.substring(HALTED.length()) : r);
    }

    /** Made on first use: building a formatter is a noticeable part of what status costs, and only a pause shows a clock. */
    private static final class ClockTime {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("HH:mm");
    }
}
