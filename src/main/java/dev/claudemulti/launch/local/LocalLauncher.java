package dev.claudemulti.launch.local;

import dev.claudemulti.launch.HandleRecord;
import dev.claudemulti.launch.LaunchSpec;
import dev.claudemulti.launch.RecordedSession;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.launch.SessionLauncher;
import dev.claudemulti.record.LocalHandles;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Sessions as process trees of this machine, found through /proc (see {@link SessionProcess} for
 * what counts as a session's process). Its {@link HandleRecord} attributes: {@code pid},
 * {@code pid_start} (the main process's start time, ISO-8601) and {@code marker}.
 */
public final class LocalLauncher implements SessionLauncher {
    public static final String KIND = LocalHandles.KIND;
    /** The environment variable whose value marks a process and its descendants as one unit to stop. */
    public static final String MARKER_VARIABLE = ProcessTree.MARKER_VARIABLE;

    static final String PID = LocalHandles.PID;
    static final String PID_START = LocalHandles.PID_START;
    static final String MARKER = LocalHandles.MARKER;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public SessionHandle launch(LaunchSpec spec) throws IOException {
        return SessionProcess.start(spec);
    }

    /** The watchdog goes once it guards nothing: see {@link Watchdog#releaseIfIdle}. */
    @Override
    public void releaseIdle() {
        Watchdog.shared().releaseIfIdle();
    }

    @Override
    public RecordedSession reattach(HandleRecord record) {
        if (!KIND.equals(record.kind()) || record.attribute(MARKER) == null) {
            throw new IllegalArgumentException("not a local session record: " + record);
        }
        String pid = record.attribute(PID);
        String start = record.attribute(PID_START);
        long mainPid = pid == null ? -1 : Long.parseLong(pid);
        Instant startTime = start == null ? null : Instant.parse(start);
        String marker = record.attribute(MARKER);
        return new RecordedSession() {
            @Override
            public HandleRecord record() {
                return record;
            }

            @Override
            public boolean stop(Duration grace) {
                return ProcessTree.stopRecorded(mainPid, startTime, marker, grace);
            }
        };
    }

    @Override
    public HandleRecord recordOfMarker(String marker) {
        return new HandleRecord(KIND, Map.of(MARKER, marker));
    }

    @Override
    public Map<String, Integer> liveByMarker(String runId) {
        return ProcessTree.countByMarkerPrefix(runId + "/");
    }

    /** The record of a started process; the start time is left out when it could not be read. */
    static HandleRecord record(long pid, Instant startTime, String marker) {
        return LocalHandles.of(pid, startTime, marker);
    }
}
