package dev.claudemulti.engine;

import dev.claudemulti.agent.SessionProgress;
import dev.claudemulti.agent.Tokens;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.record.LiveFigures;
import dev.claudemulti.record.SessionRecord;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.SessionFiles;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Where the scheduler's state changes become visible: each is redacted, handed to the
 * {@link RunRecorder}, and shown to listeners (and written to session.json) only once the recorder
 * has it on disk, in the order they happened. Live figures, which are not state changes, are
 * shown at once, but only on top of a state already shown.
 */
final class StateBoard {
    private final RunRecorder recorder;
    private final Redactor redactor;
    /** The scheduler thread: durable states are shown on it. */
    private final Executor loop;

    private final OrchestratorLog log;
    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();

    StateBoard(RunRecorder recorder, Redactor redactor, Executor loop, OrchestratorLog log) {
        this.recorder = recorder;
        this.redactor = redactor;
        this.loop = loop;
        this.log = log;
    }

    AutoCloseable subscribe(EngineListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * {@code text} with every secret value cut out: for a text a state change will carry that the
     * views' own redaction does not reach (a fix round's prompt quotes the check's output).
     */
    String redacted(String text) {
        return redactor.cut(text);
    }

    /** Records entries that are not session states; the future completes once they are on disk. */
    CompletableFuture<Void> record(JournalEntry... entries) {
        return recorder.append(List.of(entries));
    }

    /** Records the run's first entries, the future as {@link #record}. */
    CompletableFuture<Void> record(List<? extends JournalEntry> entries) {
        return recorder.append(entries);
    }

    /**
     * Records a state change, then shows it once it is on disk. The caller goes on at once (its own
     * view changes now), so state changes that come close together share one fsync (group commit).
     * Scheduler thread only. The future completes, on the scheduler thread, once the change is on
     * disk and shown (also when the journal failed: see {@link RunRecorder#append}).
     */
    CompletableFuture<Void> publish(Session s, SessionView raw) {
        // Agent text (stderr lines, results) can quote a key: cut secrets out before it is recorded or shown.
        SessionView v = redactor.redact(raw);
        JournalEntry entry = sessionEntry(s, v);
        s.update(old -> v);
        SessionFiles files = s.files;
        String marker = s.marker;
        // Durable futures complete in journal order, so states are shown in the order they happened.
        CompletableFuture<Void> shown = recorder.append(List.of(entry))
                .handleAsync(
                        (ok, e) -> {
                            show(s, v, files, marker);
                            return null;
                        },
                        loop);
        s.recorded(shown);
        return shown;
    }

    /**
     * Records an attempt's end and the session's next (queued) attempt in one journal append, then
     * shows both, in that order: a crash can never keep the end without the attempt that follows it.
     * {@code nextBase} is what the conversation had cost before the next attempt. Scheduler thread
     * only; the future as {@link #publish}.
     */
    CompletableFuture<Void> publishEndAndNext(Session s, SessionView rawEnded, SessionView rawNext, double nextBase) {
        SessionView next = redactor.redact(rawNext);
        // The end names the retry that follows it: should a torn write keep only this line, a resume
        // still knows the failure was transient with attempts left (ResumePlan); and a listener
        // (hooks, alerts) knows at once that this failure is not final.
        SessionView ended = redactor.redact(rawEnded).withRetry(next.retry());
        JournalEntry endEntry = sessionEntry(s, ended);
        s.costBaseUsd = nextBase; // what the conversation had cost before the next attempt
        List<JournalEntry> entries = List.of(endEntry, sessionEntry(s, next));
        s.update(old -> next);
        SessionFiles files = s.files;
        String marker = s.marker;
        CompletableFuture<Void> shown = recorder.append(entries)
                .handleAsync(
                        (ok, e) -> {
                            show(s, ended, files, marker);
                            show(s, next, files, marker);
                            return null;
                        },
                        loop);
        s.recorded(shown);
        return shown;
    }

    private void show(Session s, SessionView durable, SessionFiles files, String marker) {
        SessionView v = s.show(durable);
        if (files != null && v.attempt() == files.attempt()) {
            recorder.writeSessionInfo(files, SessionRecords.toSessionFile(v, marker));
            if (v.state() == SessionState.RUNNING && v.outputBytes() > 0) {
                // Figures that came before its start was on disk were not recorded: an agent that goes
                // quiet after a burst (a long tool call) sends none again for a while.
                recorder.writeLiveFigures(files, liveFigures(v));
            }
        }
        notifyListeners(l -> l.sessionChanged(v, true));
    }

    /**
     * Live figures from the output of {@code attempt}; any thread. An output that outlived its attempt
     * changes nothing. {@code costUsd} is the attempt's own cost: an {@code estimated} one until its
     * result line gives claude's figure. The session id the engine chose stays: the stream's counts
     * only for an attempt without one. What is shown is also recorded for status in other processes
     * ({@link RunRecorder#writeLiveFigures}).
     */
    void progress(Session s, SessionFiles files, SessionProgress p, long bytes, Double costUsd, boolean estimated) {
        int attempt = files.attempt();
        String activity = redactor.cut(p.activity());
        // Live figures are not state changes; they show once the session's start is on disk.
        SessionView v = s.progress(old -> old.state() != SessionState.RUNNING || old.attempt() != attempt
                ? old
                : old.withOutputBytes(bytes)
                        .withFigures(
                                p.turns(),
                                costUsd,
                                p.tokens(),
                                old.sessionId() == null ? p.sessionId() : null,
                                p.model())
                        .withCost(costUsd, estimated)
                        .withActivity(activity));
        if (v.attempt() == attempt && v.state() == SessionState.RUNNING) {
            recorder.writeLiveFigures(files, liveFigures(v));
            notifyListeners(l -> l.sessionChanged(v, false));
        }
    }

    private static LiveFigures liveFigures(SessionView v) {
        Tokens t = v.tokens() == null ? Tokens.ZERO : v.tokens();
        return new LiveFigures(
                v.taskId(),
                v.attempt(),
                Instant.now(),
                v.outputBytes(),
                v.turns(),
                v.costUsd(),
                v.costEstimated(),
                new SessionRecord.TokenCounts(t.input(), t.output(), t.cacheRead(), t.cacheWrite()),
                v.activity(),
                v.sessionId(),
                v.model());
    }

    /** The run-wide state of the batch's policies changed (a pause, the parallel limit, a halt). */
    void batchChanged(RunSnapshot.BatchStatus status) {
        notifyListeners(l -> l.batchChanged(status));
    }

    void runFinished(RunSnapshot snapshot) {
        notifyListeners(l -> l.runFinished(snapshot));
    }

    /** A failing listener (a dashboard bug) is logged and must never stall the batch or lose a state. */
    private void notifyListeners(Consumer<EngineListener> event) {
        for (EngineListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.log("listener " + l.getClass().getName() + " failed", e);
            }
        }
    }

    /**
     * A session's journal entry, with what its conversation cost before this attempt; a running one
     * also carries its handle, so another process can find it again.
     */
    static JournalEntry sessionEntry(Session s, SessionView v) {
        if (v.state() == SessionState.RUNNING && s.process != null) {
            var handle = s.process.record();
            String pidStart = handle.attribute("pid_start");
            return new JournalEntry.SessionChanged(
                    SessionRecords.toRecord(v, s.marker, s.costBaseUsd),
                    pidStart == null ? null : Instant.parse(pidStart),
                    handle,
                    null);
        }
        return new JournalEntry.SessionChanged(SessionRecords.toRecord(v, null, s.costBaseUsd), null, null, null);
    }
}
