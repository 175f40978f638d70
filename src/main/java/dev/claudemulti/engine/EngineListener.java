package dev.claudemulti.engine;

/**
 * Receives engine events. Implementations must return quickly and never block: they run on
 * engine threads, which they would stall.
 *
 * <p>Not guaranteed: one thread, or one event at a time. A state change comes from the
 * scheduler thread, live progress from the session's output pump, so a listener must be
 * thread-safe (the dashboard only hands events to its own thread).
 */
public interface EngineListener {
    /**
     * A session changed. {@code stateChanged} is true when its state changed (a journaled event),
     * false for live progress (output size, activity, turns). A FAILED view with a
     * {@link SessionView#retry()} is a transient failure that is retried (its next, queued attempt
     * follows at once): not a final end.
     */
    void sessionChanged(SessionView view, boolean stateChanged);

    /**
     * The run-wide state of the batch's policies changed: a rate-limit pause began or ended, the
     * parallel limit moved, the run halted. {@link Engine#snapshot()} shows the same from then on.
     */
    default void batchChanged(RunSnapshot.BatchStatus batch) {}

    /** Every session reached a final state (and no retry is pending). */
    default void runFinished(RunSnapshot snapshot) {}
}
