package dev.claudemulti.engine;

import dev.claudemulti.launch.LaunchSpec;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.launch.SessionLauncher;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a task's {@code check} command ({@code sh -c}) after a completed attempt: through the
 * session's launcher, with the attempt's marker, environment and timeout, so that a stop, a timeout
 * or a dead orchestrator's watchdog reaches the check and everything it started. Its output
 * (stdout and stderr, in the order printed) is streamed to {@code check.log} in the attempt's
 * directory; nothing of it is kept in memory.
 *
 * <p>Guaranteed: once a check's future completes, nothing carrying its marker runs any more (its
 * whole tree was stopped: SIGTERM, the grace, SIGKILL on a timeout or a stop; swept after a normal
 * exit). Not guaranteed: that a check's background server survives it. Each check waits on a
 * thread of its own, never on the scheduler thread.
 */
final class CheckRun implements AutoCloseable {
    static final String LOG = "check.log";

    /**
     * How a check ended.
     *
     * @param exitCode its shell's exit code (128+N after signal N; -1 when it could not start)
     * @param timedOut it ran past its timeout and was stopped
     * @param error    why it could not be run, or null
     */
    record Result(int exitCode, boolean timedOut, String error) {}

    private final SessionLauncher launcher;
    private final OrchestratorLog log;
    private final ExecutorService pool;
    /** Checks running now, by marker: what a stop must reach. */
    private final Map<String, SessionHandle> running = new ConcurrentHashMap<>();
    /** Grace of a stop that came while the check was being launched, by marker: carried out once it is. */
    private final Map<String, Duration> stopRequested = new ConcurrentHashMap<>();

    CheckRun(SessionLauncher launcher, OrchestratorLog log) {
        this.launcher = launcher;
        this.log = log;
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "check-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code command} in {@code dir}; the future completes once it ended and nothing of it is
     * left, never exceptionally.
     *
     * @param timeout null: none
     */
    CompletableFuture<Result> start(
            String command,
            Path dir,
            Map<String, String> env,
            Path logFile,
            String marker,
            Duration timeout,
            Duration grace) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return run(command, dir, env, logFile, marker, timeout, grace);
                    } catch (IOException | RuntimeException e) {
                        log.log(marker + ": the check could not run", e);
                        return new Result(-1, false, e.getMessage() == null ? e.toString() : e.getMessage());
                    } finally {
                        stopRequested.remove(marker);
                    }
                },
                pool);
    }

    /**
     * Stops the check of {@code marker}, if one runs or is being started: SIGTERM to its whole
     * tree, SIGKILL after {@code grace} (zero: at once). Returns at once.
     */
    void stop(String marker, Duration grace) {
        stopRequested.put(marker, grace);
        SessionHandle handle = running.get(marker);
        if (handle != null) {
            handle.terminate(grace);
        }
    }

    private Result run(
            String command,
            Path dir,
            Map<String, String> env,
            Path logFile,
            String marker,
            Duration timeout,
            Duration grace)
            throws IOException {
        // Created private before the shell appends to it, which would create it with the umask.
        PrivateFiles.createEmpty(logFile);
        long startedNanos = System.nanoTime();
        // stdout joins stderr (the log) in the shell itself, so the log keeps the order things were printed in.
        SessionHandle handle = launcher.launch(new LaunchSpec(
                List.of("sh", "-c", "exec 1>&2\n" + command), dir, env, null, logFile, marker, timeout, grace));
        running.put(marker, handle);
        Duration asked = stopRequested.get(marker);
        if (asked != null) {
            handle.terminate(asked);
        }
        // Read on a thread of its own: a background child of the check may hold stdout open after it exits.
        CompletableFuture<Void> copied =
                CompletableFuture.runAsync(() -> copyAppending(handle.stdout(), logFile), pool);
        int code;
        boolean timedOut = false;
        try {
            code = timeout == null
                    ? handle.onExit().get()
                    : handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            timedOut = true;
            code = stopWhole(handle, grace);
        } catch (ExecutionException e) {
            throw new IOException("check: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopWhole(handle, Duration.ZERO);
            throw new IOException("interrupted while the check ran", e);
        } finally {
            running.remove(marker);
        }
        try {
            handle.sweep(); // whatever it left in the background goes with it
        } catch (IllegalStateException e) {
            handle.kill()
                    .orTimeout(10, TimeUnit.SECONDS)
                    .exceptionally(x -> null)
                    .join();
        }
        copied.orTimeout(5, TimeUnit.SECONDS).exceptionally(x -> null).join();
        // The launcher's watchdog may have kept the timeout a moment before this wait gave up.
        if (timeout != null
                && Duration.ofNanos(System.nanoTime() - startedNanos).compareTo(timeout) >= 0) {
            timedOut = true;
        }
        return new Result(code, timedOut && asked == null && !stopRequested.containsKey(marker), null);
    }

    /** SIGTERM to the check's whole tree, SIGKILL after the grace; returns the exit code it then has. */
    private static int stopWhole(SessionHandle handle, Duration grace) {
        handle.terminate(grace)
                .orTimeout(grace.toMillis() + 10_000, TimeUnit.MILLISECONDS)
                .exceptionally(x -> null)
                .join();
        try {
            return handle.onExit().get(5, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return 128 + 9;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 128 + 9;
        }
    }

    /** Reads the check's stdout to its end (a leftover holding it open is swept after the exit). */
    private static void copyAppending(InputStream stdout, Path logFile) {
        try (InputStream in = stdout;
                OutputStream out =
                        Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            in.transferTo(out);
        } catch (IOException e) {
            // the pipe closed under a kill: what was read is in the log
        }
    }

    /** Stops every check still running (the orchestrator is closing): none may outlive it. */
    @Override
    public void close() {
        for (SessionHandle h : running.values()) {
            h.kill().orTimeout(5, TimeUnit.SECONDS).exceptionally(x -> null).join();
        }
        pool.shutdownNow();
    }
}
