package dev.claudemulti.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.launch.HandleRecord;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
            line.setAll(RecordJson.toTree(c.session().unversioned())); // the line has the version
            line.setAll(RecordJson.toTree(new SessionExtras(c.pidStart(), c.handle(), c.byPid())));
        } else if (entry instanceof Unrecognised u) {
            throw new IllegalArgumentException("cannot write an unrecognised entry: " + u.event());
        } else if (!(entry instanceof RunFinished)) {
            line.setAll(RecordJson.toTree(entry));
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

    /** The fields of a session entry that are not the session's own state. */
    private record SessionExtras(Instant pidStart, HandleRecord handle, Long byPid) {}
}
