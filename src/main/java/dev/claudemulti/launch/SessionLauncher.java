package dev.claudemulti.launch;

import java.io.IOException;
import java.util.Map;

/**
 * Starts sessions somewhere (this machine, later another host or a cluster) and finds them again
 * from what the journal recorded about them. One launcher per {@link #kind()}; the
 * {@link LauncherRegistry} picks the launcher of a recorded session by that kind.
 *
 * <p>Guaranteed: everything a launcher starts for a session carries the spec's marker, so that
 * {@link #liveByMarker} and {@link RecordedSession#stop} find it without this JVM's help; and a
 * record made by {@link SessionHandle#record()} is accepted by {@link #reattach} of the same kind
 * in any later process.
 *
 * <p>Not guaranteed: that a reattached session still exists (it may have ended, or its identity
 * may have been reused: the launcher then must act on nothing); and anything about the order in
 * which sessions started by concurrent {@code launch} calls begin to run.
 */
public interface SessionLauncher {
    /** The name recorded in {@link HandleRecord#kind()}: "local" for this machine's processes. */
    String kind();

    /**
     * Starts one session. Returns once it is started (its output can be read, its exit awaited);
     * may block while it forks, so callers keep it off threads that must stay responsive.
     *
     * @throws IOException if the session cannot be started (no such command, bad directory)
     */
    SessionHandle launch(LaunchSpec spec) throws IOException;

    /**
     * A session another process started, found again from its record. Cheap: nothing is looked
     * up until the returned object is used.
     *
     * @throws IllegalArgumentException if the record is not of this launcher's kind or lacks what it needs
     */
    RecordedSession reattach(HandleRecord record);

    /**
     * A record that finds a session by its marker alone, its main process unknown: for leftovers
     * that no journal entry names (a session whose start was never recorded).
     */
    HandleRecord recordOfMarker(String marker);

    /**
     * How many live units (processes, pods) of this launcher carry each marker of the run, read
     * now; markers with nothing live are absent. A snapshot: stale as soon as it is returned.
     */
    Map<String, Integer> liveByMarker(String runId);

    /**
     * Called when every session of a run has ended (its scheduler closes): lets go of what the
     * launcher keeps only for live sessions, such as the local launcher's watchdog. Sessions
     * launched later work as before. Not guaranteed: that anything is released while other
     * sessions of this process still run.
     */
    default void releaseIdle() {}
}
