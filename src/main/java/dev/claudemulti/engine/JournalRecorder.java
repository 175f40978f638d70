package dev.claudemulti.engine;

import dev.claudemulti.record.JournalEntries;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.record.LiveFigures;
import dev.claudemulti.record.SessionRecord;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.store.StoreException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link RunRecorder} of a run's state directory: journal entries through the journal's group
 * commit (state changes that come close together share one fsync), session.json files through a
 * {@link SessionInfoWriter}. Its static methods are the writers for processes that do not own
 * the run (an ownerless stop, a resume cleaning up after a dead orchestrator), so that journal
 * entries and session.json files have this one writer.
 */
public final class JournalRecorder implements RunRecorder {
    private static final long SESSION_INFO_CLOSE_SECONDS = 10;

    private final Journal journal;
    private final OrchestratorLog log;
    private final SessionInfoWriter sessionInfo;
    private final AtomicBoolean journalBroken = new AtomicBoolean();

    JournalRecorder(RunStore store, Journal journal, OrchestratorLog log) {
        this.journal = journal;
        this.log = log;
        this.sessionInfo = new SessionInfoWriter(store, log);
    }

    /**
     * A failing journal is logged once and the run goes on; the future then still completes after
     * the entries before, so that nothing is shown out of order.
     */
    @Override
    public CompletableFuture<Void> append(List<? extends JournalEntry> entries) {
        try {
            return JournalEntries.appendAsync(journal, entries).exceptionally(this::journalFailed);
        } catch (StoreException | RuntimeException e) {
            journalFailed(e);
            try {
                return journal.appendAsync(List.of()).exceptionally(again -> null);
            } catch (StoreException | RuntimeException again) {
                return CompletableFuture.completedFuture(null);
            }
        }
    }

    private Void journalFailed(Throwable e) {
        if (journalBroken.compareAndSet(false, true)) {
            log.log("journal write failed; the run goes on but cannot be resumed reliably", e);
        }
        return null;
    }

    @Override
    public void writeSessionInfo(SessionFiles files, SessionRecord info) {
        sessionInfo.write(files, info);
    }

    @Override
    public void writeLiveFigures(SessionFiles files, LiveFigures figures) {
        sessionInfo.writeLive(files, figures);
    }

    @Override
    public void close() {
        try {
            sessionInfo.close(SESSION_INFO_CLOSE_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Records, from a process that does not own the run (its orchestrator is gone, the caller holds
     * the run lock), how a session ended. Synchronous: returns once the entry is on disk.
     */
    public static void appendOwnerlessEnd(RunStore store, SessionView ended) throws StoreException {
        var entry = new JournalEntry.SessionChanged(
                SessionRecords.toRecord(ended),
                null,
                null,
                Launchers.ownerLiveness().self().pid());
        Journal journal = store.journal();
        try {
            JournalEntries.append(journal, List.of(entry));
        } finally {
            journal.close();
        }
    }

    /**
     * Records, from a process that holds the run lock of a run whose orchestrator is gone, a queued
     * attempt (a follow-up) with what its conversation had cost before it, so that the
     * orchestrator that resumes the run counts only what the attempt adds. Synchronous.
     */
    public static void appendOwnerlessQueued(RunStore store, SessionView queued, double costBaseUsd)
            throws StoreException {
        var entry = new JournalEntry.SessionChanged(
                SessionRecords.toRecord(queued, null, costBaseUsd),
                null,
                null,
                Launchers.ownerLiveness().self().pid());
        Journal journal = store.journal();
        try {
            JournalEntries.append(journal, List.of(entry));
        } finally {
            journal.close();
        }
    }

    /**
     * Records, from a process that holds the run lock of a run whose orchestrator is gone, a session's
     * state (a take-over's begin or end, see {@link TakeOver}) with its conversation's cost so far,
     * then the run's end when {@code runFinished}, and writes the attempt's session.json. Synchronous.
     */
    public static void appendOwnerless(RunStore store, SessionView view, double costBaseUsd, boolean runFinished)
            throws StoreException {
        List<JournalEntry> entries = new java.util.ArrayList<>();
        entries.add(new JournalEntry.SessionChanged(
                SessionRecords.toRecord(view, null, costBaseUsd),
                null,
                null,
                Launchers.ownerLiveness().self().pid()));
        if (runFinished) {
            entries.add(new JournalEntry.RunFinished());
        }
        Journal journal = store.journal();
        try {
            JournalEntries.append(journal, entries);
        } finally {
            journal.close();
        }
        writeOwnerlessSessionInfo(store, view, null);
    }

    /**
     * Replaces the session.json of a session whose orchestrator is gone (a resume says what it
     * became), synchronously, from a process that holds the run lock.
     */
    public static void writeOwnerlessSessionInfo(RunStore store, SessionView view, String marker)
            throws StoreException {
        SessionRecords.toSessionFile(view, marker).writeTo(store, store.session(view.taskId(), view.attempt()));
    }
}
