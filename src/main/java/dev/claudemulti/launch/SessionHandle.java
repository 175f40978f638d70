package dev.claudemulti.launch;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A session this process launched and supervises.
 *
 * <p>Guaranteed: {@link #onExit()} completes once, with the exit code of the session's main
 * program (a death by signal N reads 128+N); {@link #terminate}, {@link #kill} and {@link #sweep}
 * reach everything the session started, including children that left its process group or were
 * re-parented, as far as the launcher can find them by the session's marker; and no stop ever
 * touches anything outside the session.
 *
 * <p>Not guaranteed: that {@link #stdout()} reaches its end when the main program exits (a
 * leftover may hold it open: sweep first, and bound the wait); that a unit which hides its marker
 * and leaves the session's tree is found; that a stop completes (it fails when something survives
 * the forced stop). All methods may be called from any thread.
 */
public interface SessionHandle {
    /** The main process id, shown to the user and journalled; -1 if the launcher has none to show. */
    long pid();

    /**
     * The session's standard output. Read it to the end on one thread; it is not buffered beyond
     * the pipe (or stream) it comes through.
     */
    InputStream stdout();

    /** Completes with the main program's exit code; each call returns a new future. */
    CompletableFuture<Integer> onExit();

    /**
     * A polite stop (SIGTERM for the local launcher) to everything of the session, the forced one
     * after {@code grace} to what is left. Returns at once; the future completes when nothing of
     * the session is left. A zero grace is {@link #kill()}.
     */
    CompletableFuture<Void> terminate(Duration grace);

    /** The forced stop, now, of everything of the session; completes when nothing is left. */
    CompletableFuture<Void> kill();

    /**
     * After the main program has exited: the forced stop of whatever it left behind (the
     * launcher's own helpers, such as a watchdog, are not counted). Blocks until done (normally
     * milliseconds); returns how many units it stopped.
     *
     * @throws IllegalStateException if something survived the forced stop
     */
    int sweep();

    /** What the journal keeps so that another process can {@link SessionLauncher#reattach} this session. */
    HandleRecord record();
}
