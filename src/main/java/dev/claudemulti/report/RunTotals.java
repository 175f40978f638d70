package dev.claudemulti.report;

import dev.claudemulti.agent.Tokens;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionView;
import java.time.Duration;
import java.time.Instant;

/**
 * The figures every report ends with. Durations of sessions still running, and the wall time of a
 * run still going, are measured up to {@code asOf}: the run's end, or now while it runs.
 *
 * @param costEstimated {@code costUsd} includes a session's live estimate, not claude's own figure (shown {@code ~$})
 * @param speedup       the sum of session durations over the wall time; null while the wall time is zero
 * @param batch         the run-wide state of its policies: the budget and why the run halted, if it did
 */
public record RunTotals(
        int tasks,
        StatusCounts statuses,
        double costUsd,
        boolean costEstimated,
        Duration wall,
        Duration sessionTime,
        Double speedup,
        Tokens tokens,
        Instant asOf,
        RunSnapshot.BatchStatus batch) {

    public static RunTotals of(RunSnapshot run) {
        Instant asOf = asOf(run);
        StatusCounts counts = StatusCounts.of(run.sessions());
        Duration sessionTime = Duration.ZERO;
        Tokens tokens = Tokens.ZERO;
        for (SessionView s : run.sessions()) {
            sessionTime = sessionTime.plus(s.elapsed(asOf));
            if (s.tokens() != null) {
                tokens = tokens.plus(s.tokens());
            }
        }
        Duration wall = run.startedAt() == null || asOf.isBefore(run.startedAt())
                ? Duration.ZERO
                : Duration.between(run.startedAt(), asOf);
        Double speedup = wall.isZero() ? null : (double) sessionTime.toMillis() / wall.toMillis();
        return new RunTotals(
                run.sessions().size(),
                counts,
                run.totalCostUsd(),
                includesEstimate(run),
                wall,
                sessionTime,
                speedup,
                tokens,
                asOf,
                run.batch());
    }

    /** Whether the run's cost total counts a live estimate: it is then marked {@code ~} wherever shown. */
    public static boolean includesEstimate(RunSnapshot run) {
        return run.sessions().stream().anyMatch(s -> s.costEstimated() && s.costUsd() != null);
    }

    /** The instant durations are measured to: the run's end, else the last session end, else now. */
    public static Instant asOf(RunSnapshot run) {
        if (run.endedAt() != null) {
            return run.endedAt();
        }
        if (run.finished()) {
            Instant last = run.startedAt();
            for (SessionView s : run.sessions()) {
                if (s.endedAt() != null && (last == null || s.endedAt().isAfter(last))) {
                    last = s.endedAt();
                }
            }
            if (last != null) {
                return last;
            }
        }
        return Instant.now();
    }

    public long count(Status status) {
        return statuses.get(status);
    }

    /** Tasks that did not complete, including those that never ran; a completion with denials did complete. */
    public long notCompleted() {
        return tasks - count(Status.COMPLETED) - count(Status.COMPLETED_WITH_DENIALS);
    }

    /** The duration of one session as the reports show it: null if it never started. */
    public Duration duration(SessionView s) {
        return s.startedAt() == null ? null : s.elapsed(asOf);
    }

    /** "1 completed, 2 failed, 1 timed_out": the statuses that occur, outcomes first; completed always. */
    public String countsText() {
        return statuses.text();
    }
}
