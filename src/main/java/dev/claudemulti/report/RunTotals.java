package dev.claudemulti.report;

import dev.claudemulti.agent.Tokens;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The figures every report ends with. Durations of sessions still running, and the wall time of a
 * run still going, are measured up to {@code asOf}: the run's end, or now while it runs.
 *
 * @param speedup the sum of session durations over the wall time; null while the wall time is zero
 */
public record RunTotals(
        int tasks,
        Map<SessionState, Long> counts,
        double costUsd,
        Duration wall,
        Duration sessionTime,
        Double speedup,
        Tokens tokens,
        Instant asOf) {

    private static final SessionState[] REPORT_ORDER = {
        SessionState.COMPLETED, SessionState.FAILED, SessionState.TIMED_OUT, SessionState.STOPPED,
        SessionState.KILLED, SessionState.LOST, SessionState.RUNNING, SessionState.QUEUED,
    };

    public RunTotals {
        counts = Map.copyOf(counts);
    }

    public static RunTotals of(RunSnapshot run) {
        Instant asOf = asOf(run);
        Map<SessionState, Long> counts = new EnumMap<>(SessionState.class);
        for (SessionState s : SessionState.values()) {
            counts.put(s, run.count(s));
        }
        Duration sessionTime = Duration.ZERO;
        Tokens tokens = Tokens.ZERO;
        for (SessionView s : run.sessions()) {
            sessionTime = sessionTime.plus(s.elapsed(asOf));
            if (s.tokens() != null) {
                tokens = tokens.plus(s.tokens());
            }
        }
        Duration wall = run.startedAt() == null || asOf.isBefore(run.startedAt())
                ? Duration.ZERO : Duration.between(run.startedAt(), asOf);
        Double speedup = wall.isZero() ? null : (double) sessionTime.toMillis() / wall.toMillis();
        return new RunTotals(run.sessions().size(), counts, run.totalCostUsd(), wall, sessionTime, speedup, tokens, asOf);
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

    public long count(SessionState state) {
        return counts.getOrDefault(state, 0L);
    }

    /** Tasks that did not complete, including those that never ran. */
    public long notCompleted() {
        return tasks - count(SessionState.COMPLETED);
    }

    /** The duration of one session as the reports show it: null if it never started. */
    public Duration duration(SessionView s) {
        return s.startedAt() == null ? null : s.elapsed(asOf);
    }

    /** "1 completed, 2 failed, 1 timed_out": the states that occur, outcomes first; completed always. */
    public String countsText() {
        StringBuilder out = new StringBuilder();
        for (SessionState s : REPORT_ORDER) {
            long n = count(s);
            if (n > 0 || s == SessionState.COMPLETED) {
                out.append(out.length() == 0 ? "" : ", ").append(n).append(' ').append(s.label());
            }
        }
        return out.toString();
    }
}
