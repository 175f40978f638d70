package dev.claudemulti.engine;

import dev.claudemulti.display.Durations;
import dev.claudemulti.display.Text;
import dev.claudemulti.launch.LaunchSpec;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.launch.SessionLauncher;
import dev.claudemulti.store.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a task's {@code setup} command ({@code sh -c}) in the session's working directory before
 * its agent starts, through the same launcher and with the same marker and timeout as the agent,
 * so that a stop, a timeout or a dead orchestrator's watchdog reaches it and whatever it started.
 * Its output (stdout and stderr) goes to {@code setup.log} in the session's directory.
 *
 * <p>Guaranteed: when {@link #run} returns or throws, nothing of the setup runs any more. Not
 * guaranteed: that a setup's background server survives for the agent (it is swept with the setup).
 */
final class SetupStep {
    static final String LOG = "setup.log";

    /** The setup did not succeed: the session ends in {@code state} for {@code reason}, its agent never started. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        final transient SessionState state;

        Failed(SessionState state, String reason) {
            super(reason);
            this.state = state;
        }
    }

    private final SessionLauncher launcher;
    /** Setups running now, by marker: what a stop of a session still being started must reach. */
    private final Map<String, SessionHandle> running = new ConcurrentHashMap<>();
    /** Markers whose stop came while their setup was being launched: killed as soon as the launch returns. */
    private final Set<String> stopRequested = ConcurrentHashMap.newKeySet();

    SetupStep(SessionLauncher launcher) {
        this.launcher = launcher;
    }

    /**
     * Runs {@code command} in {@code dir} and waits for it; returns how long it took (to take off the
     * session's timeout).
     */
    Duration run(
            String command,
            Path dir,
            Map<String, String> env,
            Path sessionDir,
            String marker,
            Duration timeout,
            Duration grace)
            throws IOException, Failed {
        Path log = sessionDir.resolve(LOG);
        // Created private before the shell appends to it, which would create it with the umask.
        PrivateFiles.createEmpty(log);
        long startedNanos = System.nanoTime();
        // stdout joins stderr (the log) in the shell itself, so the log keeps the order things were printed in.
        SessionHandle handle = launcher.launch(new LaunchSpec(
                List.of("sh", "-c", "exec 1>&2\n" + command), dir, env, null, log, marker, timeout, grace));
        running.put(marker, handle);
        if (stopRequested.contains(marker)) {
            handle.kill();
        }
        // Read on a thread of its own: a background child of the setup may hold stdout open after it exits.
        CompletableFuture<Void> copied = CompletableFuture.runAsync(() -> copyAppending(handle.stdout(), log));
        int code;
        try {
            code = waitFor(handle, timeout, grace);
        } finally {
            running.remove(marker);
            try {
                handle.sweep();
            } catch (IllegalStateException e) {
                handle.kill()
                        .orTimeout(10, TimeUnit.SECONDS)
                        .exceptionally(x -> null)
                        .join();
            }
            copied.orTimeout(5, TimeUnit.SECONDS).exceptionally(x -> null).join();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        if (timeout != null && took.compareTo(timeout) >= 0) {
            throw new Failed(SessionState.TIMED_OUT, "timed out after " + Durations.wholeUnit(timeout) + " in setup");
        }
        if (code != 0) {
            throw new Failed(SessionState.FAILED, "setup failed (exit " + code + "): " + lastLine(log));
        }
        return took;
    }

    /** Stops the setup of the session with {@code marker}, if one runs; the session then ends as asked. */
    void stop(String marker) {
        stopRequested.add(marker);
        SessionHandle handle = running.get(marker);
        if (handle != null) {
            handle.kill();
        }
    }

    /** Forgets a stop of {@code marker}'s setup: its session is no longer being started. */
    void forget(String marker) {
        stopRequested.remove(marker);
    }

    private static int waitFor(SessionHandle handle, Duration timeout, Duration grace) throws IOException {
        try {
            if (timeout == null) {
                return handle.onExit().get();
            }
            // The launcher's watchdog enforces the timeout; this bound is for a launcher that has none.
            long boundMs = timeout.plus(grace == null ? Duration.ZERO : grace).toMillis() + 5_000;
            return handle.onExit().get(boundMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            handle.kill()
                    .orTimeout(10, TimeUnit.SECONDS)
                    .exceptionally(x -> null)
                    .join();
            return 128 + 9;
        } catch (ExecutionException e) {
            throw new IOException("setup: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the setup ran", e);
        }
    }

    /** Reads the setup's stdout to its end (a leftover holding it open is swept after the exit). */
    private static void copyAppending(InputStream stdout, Path log) {
        try (InputStream in = stdout;
                OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            in.transferTo(out);
        } catch (IOException e) {
            // the pipe closed under a kill: what was read is in the log
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return Text.oneLine(lines.get(i).strip(), 200);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // no log to quote
        }
        return "(no output)";
    }
}
