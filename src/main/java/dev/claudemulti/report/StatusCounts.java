package dev.claudemulti.report;

import dev.claudemulti.engine.SessionView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How many sessions have each {@link Status}: the one place that counts them, so that the summary,
 * {@code status}, {@code list}, the dashboard footer and the reports agree. Each status is counted
 * under its own name: a stopped session is not "failed".
 */
public final class StatusCounts {
    /** The order counts are shown in: outcomes first, then what is still going on. */
    private static final Status[] ORDER = {
        Status.COMPLETED,
        Status.COMPLETED_WITH_DENIALS,
        Status.FAILED,
        Status.TIMED_OUT,
        Status.STOPPED,
        Status.KILLED,
        Status.LOST,
        Status.SKIPPED,
        Status.ATTACHED,
        Status.RUNNING,
        Status.QUEUED,
    };
    /** The status line's order: the ancestor's Completed, Running, Queued, Failed, then the rest. */
    private static final Status[] LINE_ORDER = {
        Status.COMPLETED,
        Status.RUNNING,
        Status.QUEUED,
        Status.FAILED,
        Status.COMPLETED_WITH_DENIALS,
        Status.TIMED_OUT,
        Status.STOPPED,
        Status.KILLED,
        Status.LOST,
        Status.SKIPPED,
        Status.ATTACHED,
    };

    /** A heading and its count, e.g. ("Stopped", 5). */
    public record Entry(String title, long count) {}

    private final Map<Status, Long> counts;
    private final int total;

    private StatusCounts(Map<Status, Long> counts, int total) {
        this.counts = Collections.unmodifiableMap(counts);
        this.total = total;
    }

    public static StatusCounts of(List<SessionView> sessions) {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0L);
        }
        for (SessionView v : sessions) {
            counts.merge(Status.of(v), 1L, Long::sum);
        }
        return new StatusCounts(counts, sessions.size());
    }

    public long get(Status s) {
        return counts.get(s);
    }

    public int total() {
        return total;
    }

    /** Sessions that ended without completing (failed, timed out, stopped, killed, lost, or skipped: never started). */
    public long endedWithoutCompleting() {
        return get(Status.FAILED)
                + get(Status.TIMED_OUT)
                + get(Status.STOPPED)
                + get(Status.KILLED)
                + get(Status.LOST)
                + get(Status.SKIPPED);
    }

    /** "2 completed, 1 completed with denials, 5 stopped": the statuses that occur; completed always. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (Status s : ORDER) {
            long n = get(s);
            if (n > 0 || s == Status.COMPLETED) {
                out.append(out.length() == 0 ? "" : ", ").append(n).append(' ').append(s.label());
            }
        }
        return out.toString();
    }

    /**
     * Total, then Completed, Running, Queued and Failed (always), then every other status that
     * occurs: the status line and the dashboard footer.
     */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        out.add(new Entry("Total", total));
        for (Status s : LINE_ORDER) {
            if (s.alwaysCounted() || get(s) > 0) {
                out.add(new Entry(s.title(), get(s)));
            }
        }
        return out;
    }

    /** Every count by its JSON key ("completed_with_denials": 1), zeros included. */
    public Map<String, Long> byKey() {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (Status s : ORDER) {
            out.put(s.key(), get(s));
        }
        return out;
    }
}
