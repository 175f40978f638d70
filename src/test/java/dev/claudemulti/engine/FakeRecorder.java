package dev.claudemulti.engine;

import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.record.LiveFigures;
import dev.claudemulti.record.SessionRecord;
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
    private final List<JournalEntry> durable = new CopyOnWriteArrayList<>();
    /** Every append as it came: entries appended together share one fsync in the real journal. */
    private final List<List<JournalEntry>> appends = new CopyOnWriteArrayList<>();

    private final List<LiveFigures> live = new CopyOnWriteArrayList<>();

    private final Deque<Pending> pending = new ArrayDeque<>();
    private boolean holding;

    private record Pending(List<JournalEntry> entries, CompletableFuture<Void> done) {}

    @Override
    public synchronized CompletableFuture<Void> append(List<? extends JournalEntry> entries) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        appends.add(List.copyOf(entries));
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
        return durable.stream()
                .filter(e -> e instanceof JournalEntry.SessionChanged c
                        && task.equals(c.session().task()))
                .map(e -> ((JournalEntry.SessionChanged) e).session().state())
                .toList();
    }

    /** The entries of each append, in order. */
    List<List<JournalEntry>> appends() {
        return appends;
    }

    List<JournalEntry> durable() {
        return durable;
    }

    @Override
    public void writeSessionInfo(SessionFiles files, SessionRecord info) {
        // session.json is the journal recorder's business; these tests look at the journal entries
    }

    @Override
    public void writeLiveFigures(SessionFiles files, LiveFigures figures) {
        live.add(figures);
    }

    /** The live figures recorded so far, in order. */
    List<LiveFigures> live() {
        return List.copyOf(live);
    }

    @Override
    public void close() {}
}
