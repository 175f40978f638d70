package dev.claudemulti.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.List;

/**
 * The append-only record of a run. Each line is a JSON object carrying a checksum of itself;
 * {@link #append} returns only after the line is on disk (fsync), so a state change is never
 * shown before it is recorded. {@link #replay} skips a torn or corrupt line instead of failing.
 */
public final class Journal implements Closeable {
    /** Appends one entry (a "seq" and "ts" are added) and fsyncs. Thread-safe. */
    public void append(ObjectNode entry) throws StoreException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Every intact entry of a journal file, in order; a missing file is an empty list. */
    public static List<ObjectNode> replay(Path journalFile) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO");
    }
}
