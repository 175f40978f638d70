package dev.claudemulti.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.store.SessionFiles;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A recorder that keeps entries in memory. Entries become "durable" at once, or, while
 * {@link #hold()} is on, only when the test calls {@link #release()}, in the order they came.
 */
final class FakeRecorder implements RunRecorder {
    private final List<ObjectNode> durable = new CopyOnWriteArrayList<>();
    private final Deque<Pending> pending = new ArrayDeque<>();
    private boolean holding;

    private record Pending(List<ObjectNode> entries, CompletableFuture<Void> done) {
    }

    @Override
    public synchronized CompletableFuture<Void> append(List<ObjectNode> entries) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (holding || !pending.isEmpty()) {
            pending.add(new Pending(List.copyOf(entries), done));
            return done;
        }
        durable.addAll(entries);
        done.complete(null);
        return done;
    }

    synchronized void hold() {
        holding = true;
    }

    /** Makes everything appended so far durable, in order, and stops holding. */
    void release() {
        List<Pending> now;
        synchronized (this) {
            holding = false;
            now = new ArrayList<>(pending);
            pending.clear();
        }
        for (Pending p : now) {
            durable.addAll(p.entries());
            p.done().complete(null);
        }
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    /** The durable entries of one task, as "state" values. */
    List<String> states(String task) {
        return durable.stream().filter(e -> "session".equals(e.path("event").asText()) && task.equals(e.path("task").asText()))
                .map(e -> e.path("state").asText()).toList();
    }

    List<ObjectNode> durable() {
        return durable;
    }

    @Override
    public void writeSessionInfo(SessionFiles files, ObjectNode info) {
        // session.json is the journal recorder's business; these tests look at the journal entries
    }

    @Override
    public void close() {
    }
}
