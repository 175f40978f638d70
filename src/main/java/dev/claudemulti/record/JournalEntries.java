package dev.claudemulti.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.record.JournalEntry.Interrupted;
import dev.claudemulti.record.JournalEntry.Recorded;
import dev.claudemulti.record.JournalEntry.RequestTaken;
import dev.claudemulti.record.JournalEntry.RunFinished;
import dev.claudemulti.record.JournalEntry.RunResumed;
import dev.claudemulti.record.JournalEntry.RunStarted;
import dev.claudemulti.record.JournalEntry.SessionChanged;
import dev.claudemulti.record.JournalEntry.Unrecognised;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Writes {@link JournalEntry} records to a {@link Journal} and reads them back. The journal keeps
 * the framing (seq, ts, checksum, fsync, group commit); this class only maps each record to the
 * object between the framing fields (with the ObjectMapper; reading is by hand, for speed:
 * {@link JournalLineReader}), in the shape release 0.1.0 wrote plus a {@code schema_version}
 * and, for a running session, a {@code handle}.
 *
 * <p>Not guaranteed: that a replayed entry's fields are set (a record read from an older or
 * damaged journal may have nulls where this release always writes a value), nor that seqs are
 * contiguous (torn lines are skipped).
 */
public final class JournalEntries {
    private static final String EVENT = "event";
    private static final String SCHEMA_VERSION = "schema_version";

    private JournalEntries() {}

    /** Appends entries in order and returns once they are on disk (see {@link Journal#appendAll}). */
    public static void append(Journal journal, List<? extends JournalEntry> entries) throws StoreException {
        journal.appendAll(encode(entries));
    }

    /** Writes entries in order; the future completes once they are on disk (see {@link Journal#appendAsync}). */
    public static CompletableFuture<Void> appendAsync(Journal journal, List<? extends JournalEntry> entries)
            throws StoreException {
        return journal.appendAsync(encode(entries));
    }

    /** Every intact entry of a journal file, in order; a missing file is an empty list. Never throws. */
    public static List<Recorded> replay(Path journalFile) {
        List<ObjectNode> lines = Journal.replay(journalFile);
        List<Recorded> entries = new ArrayList<>(lines.size());
        for (ObjectNode line : lines) {
            entries.add(decode(line));
        }
        return entries;
    }

    /**
     * As {@link #replay}, less each session entry whose task's next session entry is of the same
     * attempt and whose task a run_started entry before it lists: for a reader that folds
     * entries into each task's latest state in the order the run lists its tasks, as
     * {@link dev.claudemulti.engine.RecordedRun} does, for which such an entry changes nothing (the
     * next one replaces all it set, and what it compares against is the same for both). A
     * thousand-session journal holds about three entries per session, and reading them was
     * most of what status took. Only lines laid out as this release writes them are told apart
     * without reading them as JSON; a journal with any other session line is replayed whole.
     */
    public static List<Recorded> replayLatest(Path journalFile) {
        List<byte[]> lines = Journal.intactLines(journalFile);
        Recorded[] read = new Recorded[lines.size()]; // the entries of other events, read on the way
        boolean[] superseded = new boolean[lines.size()];
        boolean[] listed = new boolean[lines.size()]; // a session line whose task was listed before it
        int[] attempts = new int[lines.size()];
        Map<String, Integer> latest = new HashMap<>();
        java.util.Set<String> tasks = new java.util.HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            byte[] bytes = lines.get(i);
            SessionLine.Read line = SessionLine.read(bytes);
            if (line.kind() == SessionLine.Kind.UNREADABLE) {
                java.util.Arrays.fill(superseded, false); // laid out otherwise: read every line
                break;
            } else if (line.kind() == SessionLine.Kind.SESSION) {
                attempts[i] = line.attempt();
                listed[i] = tasks.contains(line.task());
                Integer previous = latest.put(line.task(), i);
                if (previous != null && listed[previous] && attempts[previous] == attempts[i]) {
                    superseded[previous] = true;
                }
            } else {
                ObjectNode entry = Journal.entryOf(bytes);
                read[i] = entry == null ? null : decode(entry);
                if (read[i] != null && read[i].entry() instanceof RunStarted started) {
                    tasks.addAll(started.tasks());
                }
            }
        }
        List<Recorded> entries = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (read[i] == null && !superseded[i]) {
                read[i] = SessionLine.freshQueued(lines.get(i));
            }
            if (read[i] == null && !superseded[i]) {
                ObjectNode line = Journal.entryOf(lines.get(i));
                read[i] = line == null ? null : decode(line);
            }
            if (read[i] != null && !superseded[i]) {
                entries.add(read[i]);
            }
        }
        return entries;
    }

    static List<ObjectNode> encode(List<? extends JournalEntry> entries) {
        List<ObjectNode> lines = new ArrayList<>(entries.size());
        for (JournalEntry e : entries) {
            lines.add(encode(e));
        }
        return lines;
    }

    /** The object between a line's framing fields. */
    static ObjectNode encode(JournalEntry entry) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put(EVENT, eventName(entry));
        line.put(SCHEMA_VERSION, SchemaVersion.CURRENT);
        if (entry instanceof SessionChanged c) {
            line.setAll(RecordTrees.session(c.session().unversioned())); // the line has the version
            line.setAll(RecordTrees.sessionExtras(c.pidStart(), c.handle(), c.byPid()));
        } else if (entry instanceof Unrecognised u) {
            throw new IllegalArgumentException("cannot write an unrecognised entry: " + u.event());
        } else if (!(entry instanceof RunFinished)) {
            line.setAll(RecordTrees.entry(entry));
        }
        return line;
    }

    /**
     * The record of one replayed line (see {@link JournalLineReader}); an event that is unknown reads
     * as {@link Unrecognised}.
     */
    static Recorded decode(ObjectNode line) {
        String event = line.path(EVENT).asText("");
        JournalEntry entry = JournalLineReader.read(event, line);
        JsonNode version = line.get(SCHEMA_VERSION);
        return new Recorded(
                line.path("seq").asLong(0),
                line.path("ts").textValue(),
                version != null && version.canConvertToInt() ? version.intValue() : SchemaVersion.UNVERSIONED,
                entry == null ? new Unrecognised(event) : entry);
    }

    private static String eventName(JournalEntry entry) {
        if (entry instanceof RunStarted) {
            return "run_started";
        } else if (entry instanceof RunResumed) {
            return "resumed";
        } else if (entry instanceof SessionChanged) {
            return "session";
        } else if (entry instanceof RequestTaken) {
            return "request";
        } else if (entry instanceof Interrupted) {
            return "interrupted";
        } else if (entry instanceof RunFinished) {
            return "run_finished";
        }
        return ((Unrecognised) entry).event();
    }
}
