package dev.claudemulti.engine;

import dev.claudemulti.record.LiveFigures;
import dev.claudemulti.record.SessionRecord;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.store.StoreException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Writes each session's session.json (a copy for people and tools, not fsync'd) on a thread of its own, off the scheduler
 * thread: the journal is the record that counts, and a write per state change there was half
 * of that thread's time. Only a session's latest state is written: with sessions that end
 * within milliseconds of starting, a write per change fell seconds behind the batch.
 *
 * <p>On the same thread, a running attempt's live figures ({@link LiveFigures}, for status in
 * other processes): without fsync, at most once per {@link #LIVE_INTERVAL_MILLIS} per attempt,
 * and the latest figures always written within that interval of their arrival (a session that
 * goes quiet after a burst still has its last figures recorded). Not guaranteed: any write at all
 * once {@link #close} has begun, or that a failed write is retried (it is logged; the next
 * figures replace it).
 */
final class SessionInfoWriter {
    /** The longest a recorded live figure lags the orchestrator's own, and the shortest gap between two writes. */
    static final long LIVE_INTERVAL_MILLIS = 1000;

    private final RunStore store;
    private final OrchestratorLog log;
    private final ScheduledExecutorService thread;
    /** Each session attempt's content waiting to be written: the latest only. */
    private final Map<SessionFiles, SessionRecord> pending = new ConcurrentHashMap<>();
    /** Each running attempt's live figures waiting to be written: the latest only. */
    private final Map<SessionFiles, LiveFigures> pendingLive = new ConcurrentHashMap<>();
    /** Each attempt's scheduled write of its live figures, cancelled when the attempt ends. */
    private final Map<SessionFiles, Future<?>> liveWrites = new ConcurrentHashMap<>();
    /** When (nanoTime) each attempt's live figures were last written. */
    private final Map<SessionFiles, Long> liveWrittenAt = new ConcurrentHashMap<>();

    SessionInfoWriter(RunStore store, OrchestratorLog log) {
        this.store = store;
        this.log = log;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "session-json-writer");
            t.setDaemon(true);
            return t;
        });
        // A live write still waiting for its interval when the batch ends is dropped, not waited
        // for: every attempt's end is in the journal by then, and closing once waited up to a
        // second for such a write (a second added to every batch command).
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
    }

    void write(SessionFiles files, SessionRecord info) {
        if (pending.put(files, info) == null) {
            thread.execute(() -> {
                SessionRecord latest = pending.remove(files);
                try {
                    latest.writeTo(store, files);
                } catch (StoreException e) {
                    log.log(files.taskId() + ": cannot write session.json", e);
                }
                if (!"running".equals(latest.state())) {
                    // Its live figures are over (the journal has its end): nothing of it is kept,
                    // and a trailing write still waiting for its interval is not made.
                    forgetLive(files);
                }
            });
        }
    }

    /** Records {@code figures} of a running attempt, later and off the caller's thread (any thread). */
    void writeLive(SessionFiles files, LiveFigures figures) {
        if (pendingLive.put(files, figures) == null) {
            Long last = liveWrittenAt.get(files);
            long waitNanos =
                    last == null ? 0 : last + TimeUnit.MILLISECONDS.toNanos(LIVE_INTERVAL_MILLIS) - System.nanoTime();
            try {
                liveWrites.put(
                        files, thread.schedule(() -> flushLive(files), Math.max(0, waitNanos), TimeUnit.NANOSECONDS));
            } catch (RejectedExecutionException e) {
                pendingLive.remove(files); // closing: the journal is about to have every attempt's end
            }
        }
    }

    private void forgetLive(SessionFiles files) {
        Future<?> waiting = liveWrites.remove(files);
        if (waiting != null) {
            waiting.cancel(false);
        }
        pendingLive.remove(files);
        liveWrittenAt.remove(files);
    }

    private void flushLive(SessionFiles files) {
        liveWrites.remove(files);
        LiveFigures latest = pendingLive.remove(files);
        if (latest == null) {
            return; // forgotten: the attempt ended
        }
        liveWrittenAt.put(files, System.nanoTime());
        try {
            latest.writeTo(files);
        } catch (IOException e) {
            log.log(files.taskId() + ": cannot write live.json", e);
        }
    }

    /** Writes the pending session.json contents, waiting at most {@code seconds}; pending live figures are dropped. */
    void close(long seconds) throws InterruptedException {
        thread.shutdown(); // drops the waiting live writes: every attempt has ended, its figures are in the journal
        thread.awaitTermination(seconds, TimeUnit.SECONDS);
    }
}
