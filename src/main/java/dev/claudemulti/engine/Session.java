package dev.claudemulti.engine;

import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.task.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One task's mutable bookkeeping inside the {@link Scheduler}. Every field except the views
 * is touched only on the scheduler thread; the views are swapped atomically so the output pump
 * and readers on other threads never need a lock. {@link #view} is where the scheduler has
 * taken the session; {@link #shown} is what others may see: it follows once the journal entry
 * of each state change is on disk.
 */
final class Session {
    final Task task;
    private final AtomicReference<SessionView> view;
    private final AtomicReference<SessionView> shown;

    SessionHandle process;
    SessionFiles files;
    String marker;
    ScheduledFuture<?> timeout;
    /** Its process is being started on the launcher pool: it holds a slot but has no process yet. */
    boolean launching;
    /** Set when a stop, kill or timeout was requested: the state the session ends in, whatever its exit code. */
    SessionState requestedEnd;

    String requestedReason;

    /**
     * What the session's conversation had cost before its current attempt: claude reports a resumed
     * conversation's cost as a running total, so an attempt's own cost is its total minus this.
     */
    double costBaseUsd;

    /**
     * The last attempt number the current attempt's chain of transient retries may reach. A chain
     * begins with a first attempt, a retry by hand, a follow-up or a check's fix round, each of which
     * gets the task's retries afresh; a transient failure's retry carries its chain's limit on.
     */
    int attemptLimit;

    /** The pending stop of a session that printed its result line but has not exited, or null. */
    ScheduledFuture<?> resultGrace;

    /** Completes once the session's latest state change is on disk (and shown). */
    private volatile CompletableFuture<Void> recorded = CompletableFuture.completedFuture(null);

    /** Its attempt completed and its task's check runs now: it holds its slot, with no agent process. */
    boolean checking;

    /** Its tree was stopped after its result line: the result line, not the exit, says how it went. */
    boolean stoppedAfterResult;

    /** Told of every state change; null for a session no scheduler runs (tests). */
    private SessionTally tally;

    private int place;

    Session(Task task, SessionView initial) {
        this.task = task;
        this.view = new AtomicReference<>(initial);
        this.shown = new AtomicReference<>(initial);
    }

    /**
     * An attempt is being launched with {@code marker}: no request or result of the last one carries
     * over. {@code sameConversation}: it continues the last attempt's conversation, whose cost so far
     * stays its base; else a new conversation has cost nothing yet.
     */
    void beginLaunch(String attemptMarker, boolean sameConversation) {
        marker = attemptMarker;
        launching = true;
        requestedEnd = null;
        requestedReason = null;
        stoppedAfterResult = false;
        if (!sameConversation) {
            costBaseUsd = 0;
        }
    }

    /** Completes once the latest state change {@link StateBoard#publish} took is on disk. */
    CompletableFuture<Void> recorded() {
        return recorded;
    }

    void recorded(CompletableFuture<Void> latest) {
        recorded = latest;
    }

    SessionView view() {
        return view.get();
    }

    synchronized SessionView update(UnaryOperator<SessionView> change) {
        SessionView before = view.get();
        SessionView after = view.updateAndGet(change);
        if (tally != null) {
            tally.changed(place, before, after);
        }
        return after;
    }

    /** From now on every state change is told to {@code tally}, where this session is at {@code place}. */
    void follow(SessionTally tally, int place) {
        this.tally = tally;
        this.place = place;
    }

    SessionView shown() {
        return shown.get();
    }

    /**
     * Shows a state change whose journal entry is now on disk, with the live figures gathered
     * since if the session is still in that state; returns what is shown.
     */
    synchronized SessionView show(SessionView durable) {
        SessionView now = view.get();
        SessionView v = now.state() == durable.state() && now.attempt() == durable.attempt() ? now : durable;
        shown.set(v);
        return v;
    }

    /** Applies live figures to both views (under the same lock as {@link #show}, so none is lost); returns the shown one. */
    synchronized SessionView progress(UnaryOperator<SessionView> live) {
        view.updateAndGet(live);
        return shown.updateAndGet(live);
    }

    String id() {
        return task.id();
    }

    SessionState state() {
        return view.get().state();
    }
}
