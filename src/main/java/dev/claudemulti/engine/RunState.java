package dev.claudemulti.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Where a recorded run is, as status, list and clean describe it: derived from its journal,
 * its run.json and whether its owner is alive, never recorded itself. Read with
 * {@link RecordedRun#state()}.
 */
public enum RunState {
    /** Its orchestrator runs and some session is queued or running. */
    RUNNING("running"),
    /** Every session reached a final state. */
    FINISHED("finished"),
    /** Its orchestrator got SIGINT, SIGTERM or SIGHUP and stopped the sessions. */
    INTERRUPTED("interrupted"),
    /** Its orchestrator is gone while sessions were still running or queued. */
    LOST_OWNER("lost owner"),
    /** The directory was made for a detached orchestrator that has not recorded the run yet. */
    STARTING("starting"),
    /** A directory with no run.json, old enough that no orchestrator is coming for it. */
    EMPTY("empty");

    /** How long a run directory without run.json counts as being started rather than abandoned. */
    private static final Duration STARTING_GRACE = Duration.ofMinutes(1);

    private final String label;

    RunState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the run may still change: clean leaves it alone. */
    public boolean live() {
        return this == RUNNING || this == STARTING;
    }

    public static RunState of(RecordedRun run) {
        if (run.runInfo() == null) {
            Instant created = created(run.store().runId());
            return created != null && created.isAfter(Instant.now().minus(STARTING_GRACE)) ? STARTING : EMPTY;
        }
        boolean finished = finished(run.snapshot());
        if (run.ownerAlive() && !finished) {
            return RUNNING;
        }
        if (run.interrupted() != null) {
            return INTERRUPTED;
        }
        return finished ? FINISHED : LOST_OWNER;
    }

    /**
     * Whether the run of {@code snap} finished: every session in a final state, and none lost (LOST
     * counts as final for a session, but a run with a lost session never finished). While its
     * orchestrator lives, a run that has not finished is {@link #RUNNING}.
     */
    public static boolean finished(RunSnapshot snap) {
        return snap.finished() && !snap.sessions().isEmpty() && snap.count(SessionState.LOST) == 0;
    }

    /** When a run was created, from its id (yyyyMMdd-HHmmss-xxxx, UTC); null if the id is not one. */
    public static Instant created(String runId) {
        try {
            return LocalDateTime.parse(runId.substring(0, 15), IdTime.FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Made on first use (a run without run.json): a formatter is a noticeable part of what status costs. */
    private static final class IdTime {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    }
}
