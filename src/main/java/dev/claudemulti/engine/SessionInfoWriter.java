package dev.claudemulti.engine;

import dev.claudemulti.record.SessionRecord;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.store.StoreException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Writes each session's session.json (fsync'd) on a thread of its own, off the scheduler
 * thread: the journal is the record that counts, and a write per state change there was half
 * of that thread's time. Only a session's latest state is written: with sessions that end
 * within milliseconds of starting, a write per change fell seconds behind the batch.
 */
final class SessionInfoWriter {
    private final RunStore store;
    private final OrchestratorLog log;
    private final ExecutorService thread;
    /** Each session attempt's content waiting to be written: the latest only. */
    private final Map<SessionFiles, SessionRecord> pending = new ConcurrentHashMap<>();

    SessionInfoWriter(RunStore store, OrchestratorLog log) {
        this.store = store;
        this.log = log;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "session-json-writer");
            t.setDaemon(true);
            return t;
        });
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
            });
        }
    }

    /** Writes what is pending, waiting at most {@code seconds}. */
    void close(long seconds) throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(seconds, TimeUnit.SECONDS);
    }
}
