package dev.claudemulti.engine;

import dev.claudemulti.record.JournalEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * When a run ends, and who hears of it: the run-finished entry, then (once it is on disk) the
 * listeners, {@link #finished()} and the callers of {@link #idle}. A retry after the end reopens
 * the run, and its next end is announced instead. Scheduler thread only, except the getters.
 */
final class RunEnd {
    private final StateBoard board;
    /** The scheduler thread: the end is announced on it. */
    private final Executor loop;

    private final Supplier<RunSnapshot> snapshot;
    private final CompletableFuture<RunSnapshot> finished = new CompletableFuture<>();
    private volatile Instant endedAt;
    /** The end (endedAt) is on disk and was announced. */
    private boolean shown;
    /** {@link #idle} completed: the owner is closing the scheduler, so nothing may start. */
    private boolean closing;
    /** Callers of {@link #idle} waiting for the run to end (again). */
    private final List<CompletableFuture<RunSnapshot>> idleWaiters = new ArrayList<>();

    RunEnd(StateBoard board, Executor loop, Supplier<RunSnapshot> snapshot) {
        this.board = board;
        this.loop = loop;
        this.snapshot = snapshot;
    }

    /** Completes, with the final snapshot, the first time the run ends. Any thread. */
    CompletableFuture<RunSnapshot> finished() {
        return finished;
    }

    /** When the run ended, or null while it runs. Any thread. */
    Instant endedAt() {
        return endedAt;
    }

    boolean ended() {
        return endedAt != null;
    }

    /** The owner is closing: nothing may start any more. */
    boolean closing() {
        return closing;
    }

    /** A session is queued again after the end: the run is open until it ends again. */
    void reopen() {
        endedAt = null;
        shown = false;
    }

    /** Every session is final: records the end, and announces it once that is on disk (unless reopened meanwhile). */
    void end() {
        Instant ended = Instant.now();
        endedAt = ended;
        CompletableFuture<Void> recorded;
        try {
            recorded = board.record(new JournalEntry.RunFinished());
        } catch (RuntimeException e) {
            recorded = CompletableFuture.failedFuture(e); // announced all the same: its waiters must not hang
        }
        // Announced after every state change before it is on disk (and shown), with its own entry.
        recorded.whenCompleteAsync((ok, e) -> announce(ended), loop);
    }

    /**
     * Tells the listeners, {@link #finished()} and the {@link #idle} waiters of the end at
     * {@code ended}. Whatever fails here, the futures complete: a caller blocked on them forever
     * would be an orchestrator that never exits, deaf to its own end.
     */
    private void announce(Instant ended) {
        if (endedAt != ended) {
            return; // a retry started the run again meanwhile: its end is announced instead
        }
        shown = true;
        RunSnapshot snap;
        try {
            snap = snapshot.get();
        } catch (RuntimeException | Error e) {
            finished.completeExceptionally(e);
            closing = true;
            idleWaiters.forEach(w -> w.completeExceptionally(e));
            idleWaiters.clear();
            return;
        }
        try {
            board.runFinished(snap);
        } finally {
            finished.complete(snap);
            if (!idleWaiters.isEmpty()) {
                closing = true;
                idleWaiters.forEach(w -> w.complete(snap));
                idleWaiters.clear();
            }
        }
    }

    /** Completes {@code idle} once the run has ended (again); from then on nothing starts. */
    void idle(CompletableFuture<RunSnapshot> idle) {
        if (endedAt != null && shown) {
            closing = true;
            idle.complete(snapshot.get());
        } else {
            idleWaiters.add(idle);
        }
    }
}
