package dev.claudemulti.record;

import dev.claudemulti.launch.HandleRecord;
import java.time.Instant;
import java.util.List;

/**
 * One entry of a run's journal, by kind. On disk each is a line
 * {@code {"seq":N,"ts":...,"event":"<kind>","schema_version":2,<its fields>,"crc":...}} (see
 * {@link dev.claudemulti.store.Journal} for the framing and {@link JournalEntries} for the
 * mapping); the event names and field names are those release 0.1.0 wrote, so its journals read
 * as these same records.
 *
 * <p>The set is closed: a reader switches over it exhaustively. An event this release does not
 * know (written by a later one) reads as {@link Unrecognised}, which readers skip.
 */
public sealed interface JournalEntry {

    /** A batch began: its orchestrator and every task, in order. */
    record RunStarted(long pid, String agent, List<String> tasks) implements JournalEntry {
        public RunStarted {
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }
    }

    /** A resumed batch began (run --resume): the new orchestrator and every task, in order. */
    record RunResumed(long pid, String agent, List<String> tasks) implements JournalEntry {
        public RunResumed {
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }
    }

    /**
     * A session attempt changed state.
     *
     * @param pidStart the start time of the session's process, while it runs (release 0.1.0's field)
     * @param handle   how to find the running session again; null unless it runs. Read from a
     *                 journal of release 0.1.0, it is built from the old top-level fields
     *                 ({@link LocalHandles})
     * @param byPid    the process that recorded the change when it was not the run's orchestrator
     *                 (an ownerless stop), else null
     */
    record SessionChanged(SessionRecord session, Instant pidStart, HandleRecord handle, Long byPid)
            implements JournalEntry {}

    /** The orchestrator took a request another process left (stop, kill, stop_all, retry). */
    record RequestTaken(String action, String task, long fromPid) implements JournalEntry {}

    /** The orchestrator got a signal ("INT", "TERM", "HUP") and stops every session. */
    record Interrupted(String signal) implements JournalEntry {}

    /** Every session had reached a final state; the entry's timestamp is the run's end. */
    record RunFinished() implements JournalEntry {}

    /** An event this release does not know; skipped by every reader. */
    record Unrecognised(String event) implements JournalEntry {}

    /**
     * An entry as read back, with the journal's framing fields.
     *
     * @param writtenAt     the line's timestamp as written; parsed by {@link #ts()} only when asked
     *                      for, as readers replaying many journals need it for one entry in thousands
     * @param schemaVersion {@link SchemaVersion#UNVERSIONED} for an entry of release 0.1.0
     */
    record Recorded(long seq, String writtenAt, int schemaVersion, JournalEntry entry) {
        /** When the entry was written; null if the line has no readable timestamp. */
        public Instant ts() {
            return RecordJson.instant(writtenAt);
        }
    }
}
