package dev.claudemulti.engine;

/**
 * What the dashboard and the headless printer may do with a batch. It is the whole surface:
 * the {@link Scheduler} that owns a batch implements it, and so does {@link AttachedRun}, a view
 * of a batch running in another process (or of one whose orchestrator is gone).
 *
 * <p>Guaranteed: control methods return at once and never throw for an unknown id or a session
 * in the wrong state (they ignore it: the caller checks the snapshot first); their effect
 * arrives later as listener events and in later snapshots.
 *
 * <p>Not guaranteed: that a control has any effect (the session may end first, or, for a run
 * observed from the state directory, its orchestrator may be gone); that listener events
 * arrive for every intermediate state (an observed run is polled, so a short-lived state can
 * be missed: only the snapshot is authoritative); the order of events of different sessions.
 */
public interface Engine {
    RunSnapshot snapshot();

    /** The batch's run-wide state, as {@code snapshot().batch()} but without copying every session's view. */
    default RunSnapshot.BatchStatus batchStatus() {
        return snapshot().batch();
    }

    /** Registers a listener; close the returned handle to unsubscribe. Events arrive on an engine thread. */
    AutoCloseable subscribe(EngineListener listener);

    /** Asks the session to end (SIGTERM to a local session's process tree), and forces it (SIGKILL) after the grace period. */
    void stop(String taskId);

    /** Forces the session to end now (SIGKILL to a local session's whole process tree). */
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

    /**
     * Sends a follow-up prompt to an ended session that has a conversation: a new attempt that
     * continues it ({@link FollowUp}), shown like a retry's. Ignored by default, and for a session
     * that is running or never started; not guaranteed to start at once (the parallel limit holds it).
     */
    default void followUp(String taskId, String prompt) {}

    /** Whether a follow-up can run now: a run observed from the state directory needs its orchestrator alive. */
    default boolean canFollowUp() {
        return true;
    }

    /** Whether a retry can run now: a run observed from the state directory needs its orchestrator alive. */
    default boolean canRetry() {
        return true;
    }

    /** Whether sessions are launched by this process (true) or observed from the state directory. */
    default boolean ownsProcesses() {
        return true;
    }

    /**
     * A line about the run as a whole for the dashboard to show under the table, or null for none.
     * A run observed from the state directory whose orchestrator is gone says how many processes of
     * its lost sessions still run and the commands that stop them or resume the run (the line
     * {@code status} and {@code list} print). Read it with each snapshot; it is not guaranteed to
     * agree with that snapshot to the moment: processes end on their own.
     */
    default String notice() {
        return null;
    }

    /**
     * Why {@code taskId} cannot be taken over by hand ({@link #attachBegin}) once it has ended, or
     * null if it can: it must have had a conversation, and the agent an interactive form that runs
     * here. A running session is not refused here: the caller stops it first (after asking).
     */
    default String attachRefusal(String taskId) {
        return "taking a session over by hand is not possible from here";
    }

    /**
     * Begins the take-over of the ended session {@code taskId} (see {@link TakeOver}: a new attempt,
     * {@link SessionState#ATTACHED}, recorded before this returns) and says what to run in the
     * terminal, and where. Unlike the controls above it may wait, bounded, for the record (a live
     * orchestrator of an observed run has to take the request). The batch goes on meanwhile; the
     * run does not end before {@link #attachEnd}.
     */
    default Handover attachBegin(String taskId) {
        return Handover.refused(attachRefusal(taskId));
    }

    /**
     * Ends the take-over {@link #attachBegin} began: the interactive program exited with
     * {@code exitCode} (-1: it could not start). The session's work is committed and the end recorded
     * later, as for any attempt; it may wait, bounded, as {@link #attachBegin} does.
     */
    default void attachEnd(String taskId, int exitCode) {}
}
