package dev.claudemulti.engine;

/**
 * What the dashboard and the headless printer may do with a batch. It is the whole surface:
 * a view of a batch running in another process implements it too.
 *
 * <p>Control methods return at once; their effect arrives later as listener events.
 * Unknown ids and sessions in the wrong state are ignored (the caller checks the snapshot).
 */
public interface Engine {
    RunSnapshot snapshot();

    /** Registers a listener; close the returned handle to unsubscribe. Events arrive on an engine thread. */
    AutoCloseable subscribe(EngineListener listener);

    /** SIGTERM to the session's process tree, then SIGKILL after the grace period. */
    void stop(String taskId);

    /** SIGKILL to the session's whole process tree now. */
    void kill(String taskId);

    /** Runs a finished session again as a new attempt; the earlier attempt's files are kept. */
    void retry(String taskId);

    /** Stops every running session and starts no queued one. */
    void stopAll();

    /**
     * The batch is being abandoned before it finished (a signal, or the user quit the dashboard
     * with sessions running): stop everything, and record the run as interrupted. {@code signal}
     * names the cause as a signal would ("INT").
     */
    default void interrupt(String signal) {
        stopAll();
    }

    /** Whether a retry can run now: a run observed from the state directory needs its orchestrator alive. */
    default boolean canRetry() {
        return true;
    }

    /** Whether sessions are launched by this process (true) or observed from the state directory. */
    default boolean ownsProcesses() {
        return true;
    }
}
