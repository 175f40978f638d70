package dev.claudemulti.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import java.time.Instant;
import java.util.List;

/**
 * Requests other processes ({@code claude-multi stop}, an attached dashboard) leave in the run's
 * {@code requests/} directory for its orchestrator: {@code stop}, {@code kill}, {@code stop_all},
 * {@code retry}. Each request is taken (and its file removed) once; the caller acts on it.
 */
final class RequestInbox implements AutoCloseable {
    /** One request as left by another process; {@code task} is null for stop_all. */
    record Request(String action, String task, long fromPid) {
        /** The journal entry that records the request was received. */
        ObjectNode journalEntry() {
            ObjectNode entry = JsonNodeFactory.instance.objectNode().put("event", "request").put("action", action);
            if (task != null) {
                entry.put("task", task);
            }
            return entry.put("from_pid", fromPid);
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
        return store.takeRequests().stream().map(RequestInbox::parse).toList();
    }

    private static Request parse(JsonNode request) {
        return new Request(request.path("action").asText(""), request.path("task").asText(null),
                request.path("pid").asLong(0));
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }
}
