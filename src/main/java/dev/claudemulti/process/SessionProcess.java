package dev.claudemulti.process;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A started session process and everything it spawns (found by parentage and by its
 * environment marker, because claude's Bash tool starts shells in new sessions).
 */
public final class SessionProcess {
    /** Starts the process. Failure to start (no such file, not executable) is an IOException. */
    public static SessionProcess start(LaunchSpec spec) throws java.io.IOException {
        throw new UnsupportedOperationException("TODO");
    }

    public long pid() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The process start time as the OS records it; with the pid, it identifies the process across restarts. */
    public Instant startTime() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The process's standard output (stream-json). Read it to the end on one thread. */
    public InputStream stdout() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Completes with the exit code when the main process has exited and been reaped. */
    public CompletableFuture<Integer> onExit() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * SIGTERM to every live process of the session, then after {@code grace} SIGKILL to those left.
     * Returns at once; the future completes when no process of the session is left (zombies count as gone).
     */
    public CompletableFuture<Void> terminate(Duration grace) {
        throw new UnsupportedOperationException("TODO");
    }

    /** SIGKILL to every live process of the session now; the future completes when none is left. */
    public CompletableFuture<Void> kill() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * After the main process has exited: SIGKILL whatever still carries the marker (background
     * processes an agent left behind) and wait until none is left. Returns how many were swept.
     */
    public int sweep() {
        throw new UnsupportedOperationException("TODO");
    }
}
