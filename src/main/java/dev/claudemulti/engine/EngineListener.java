package dev.claudemulti.engine;

/** Receives engine events. Implementations must return quickly and never block. */
public interface EngineListener {
    /**
     * A session changed. {@code stateChanged} is true when its state changed (a journaled event),
     * false for live progress (output size, activity, turns).
     */
    void sessionChanged(SessionView view, boolean stateChanged);

    /** Every session reached a final state (and no retry is pending). */
    default void runFinished(RunSnapshot snapshot) {
    }
}
