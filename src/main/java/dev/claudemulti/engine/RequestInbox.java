package dev.claudemulti.engine;

import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.record.OwnerRequest;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import java.time.Instant;
import java.util.List;

/**
 * Requests other processes ({@code claude-multi stop}, an attached dashboard) leave in the run's
 * {@code requests/} directory for its orchestrator: {@code stop}, {@code kill}, {@code stop_all},
 * {@code retry}, {@code continue} (with its prompt), {@code attach_begin}, {@code attach_end} (see
 * {@link TakeOver}). Each request is taken (and its file removed) once; the caller acts on it.
 */
final class RequestInbox implements AutoCloseable {
    /**
     * One request as left by another process; {@code task} is null for stop_all, {@code prompt} is
     * set for continue only, {@code exitCode} for attach_end only.
     */
    record Request(String action, String task, long fromPid, String prompt, Integer exitCode) {
        /** The journal entry that records the request was received. */
        JournalEntry journalEntry() {
            return new JournalEntry.RequestTaken(action, task, fromPid);
        }
    }

    private final RunStore store;
    private final OrchestratorLog log;
    private RequestWatcher watcher;

    RequestInbox(RunStore store, OrchestratorLog log) {
        this.store = store;
        this.log = log;
    }

    /**
     * Starts calling {@code onRequest} (on the watcher's thread) when a request arrives, then drops
     * requests older than {@code runStartedAt}: an earlier owner of this run left them, not addressed to us.
     */
    void open(Instant runStartedAt, Runnable onRequest) {
        // Watch first, then drop: a request made since this run started is ours.
        watcher = RequestWatcher.start(store.requestsDir(), onRequest, log);
        store.dropRequestsOlderThan(runStartedAt);
    }

    /** The requests waiting now, oldest first. */
    List<Request> take() {
        return OwnerRequest.takeAll(store).stream()
                .map(r -> new Request(r.action(), r.task(), r.pid(), r.prompt(), r.exitCode()))
                .toList();
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }
}
