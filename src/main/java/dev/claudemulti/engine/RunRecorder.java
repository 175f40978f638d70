package dev.claudemulti.engine;

import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.record.LiveFigures;
import dev.claudemulti.record.SessionRecord;
import dev.claudemulti.store.SessionFiles;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the scheduler records what happens: the only writer of a run's journal entries and of its
 * sessions' session.json files.
 *
 * <p>Guaranteed: futures of {@link #append} complete in the order the calls were made, and only
 * once their entries are durable (so a state shown after its future is never lost by a crash);
 * a failing journal is reported once and its futures still complete, in order, so the run goes on.
 * Not guaranteed: that every session.json write happens (only each attempt's latest content is
 * written, off the caller's thread), or any bound on how long a future takes.
 */
interface RunRecorder extends AutoCloseable {
    /** Appends journal entries; the future completes when they are on disk (or the journal failed). */
    CompletableFuture<Void> append(List<? extends JournalEntry> entries);

    /** Replaces the attempt's session.json with {@code info}, later and off the caller's thread. */
    void writeSessionInfo(SessionFiles files, SessionRecord info);

    /**
     * Records a running attempt's live figures for readers in other processes (status), later, off the
     * caller's thread and at most about once a second; advisory only (see {@link LiveFigures}). The
     * default records nothing: readers then parse the attempt's output.
     */
    default void writeLiveFigures(SessionFiles files, LiveFigures figures) {}

    /** Writes what is pending, waiting a bounded time. */
    @Override
    void close();
}
