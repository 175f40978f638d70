package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.OutputDecoder;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.agent.SessionProgress;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.store.OrchestratorLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One running session's output: copies its standard output to {@code output.jsonl}, feeds it to the
 * agent's decoder, counts the bytes, and tells its owner after each chunk. When the main program
 * has exited, sweeps what it left behind (which also closes the pipe if a leftover held it) and
 * waits, bounded, for the rest of the output; then {@link #ended()} completes with the exit code.
 */
final class OutputPump {
    /** Told of the output read so far, on the pump thread. */
    @FunctionalInterface
    interface ChunkListener {
        /** @param last true once, after the output has ended and the decoder has flushed */
        void read(SessionProgress progress, long bytes, boolean last);
    }

    private static final int BUFFER = 64 * 1024;
    /** After a session's last process is gone, how long its output pipe may stay open (held by a process that shed its marker). */
    static final Duration PIPE_DRAIN_LIMIT = Duration.ofSeconds(2);

    private final String taskId;
    private final SessionHandle handle;
    private final OrchestratorLog log;
    private final SessionProgress progress = new SessionProgress();
    private final AtomicReference<String> lastUnparsed = new AtomicReference<>();
    private final CompletableFuture<Integer> ended;

    /**
     * @param events  also sees every decoded event (a budget guard), on the pump thread
     * @param onChunk called after each chunk and once at the end
     */
    OutputPump(
            String taskId,
            SessionHandle handle,
            Path outputFile,
            Agent agent,
            Consumer<SessionEvent> events,
            ChunkListener onChunk,
            Executor pumps,
            OrchestratorLog log) {
        this.taskId = taskId;
        this.handle = handle;
        this.log = log;
        CompletableFuture<Void> drained =
                CompletableFuture.runAsync(() -> drain(outputFile, agent, events, onChunk), pumps);
        // Not combined with "drained": a process that shed its marker could hold the pipe open for
        // ever; after the drain limit the session ends with the output read so far.
        this.ended = handle.onExit().thenApplyAsync(code -> afterExit(code, drained), pumps);
    }

    /** The live figures decoded so far (complete once {@link #ended()} has). */
    SessionProgress progress() {
        return progress;
    }

    /** The last output line the decoder could not parse, or null. */
    String lastUnparsed() {
        return lastUnparsed.get();
    }

    /** Completes with the main program's exit code once its leftovers are swept and its output read (or given up on). */
    CompletableFuture<Integer> ended() {
        return ended;
    }

    private void drain(Path outputFile, Agent agent, Consumer<SessionEvent> events, ChunkListener onChunk) {
        OutputDecoder parser = agent.decoder(event -> {
            if (event instanceof SessionEvent.Unparsed u) {
                lastUnparsed.set(u.excerpt());
            }
            progress.accept(event);
            events.accept(event);
        });
        long bytes = 0;
        byte[] buf = new byte[BUFFER];
        try (InputStream in = handle.stdout();
                OutputStream out = Files.newOutputStream(outputFile)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                bytes += n;
                parser.feed(buf, 0, n);
                onChunk.read(progress, bytes, false);
            }
        } catch (IOException e) {
            // The pipe was closed under us after the drain limit; what was read is kept.
            log.log(taskId + ": output pipe closed: " + e.getMessage());
        }
        parser.finish();
        onChunk.read(progress, bytes, true);
    }

    private int afterExit(int code, CompletableFuture<Void> drained) {
        try {
            int swept = handle.sweep();
            if (swept > 0) {
                log.log(taskId + ": swept " + swept + " leftover process(es)");
            }
        } catch (IllegalStateException e) {
            // e.g. a process stuck in uninterruptible sleep: the session still ends, and says so
            log.log(taskId + ": leftover processes survived SIGKILL", e);
        }
        try {
            drained.get(PIPE_DRAIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.log(taskId + ": output still open " + PIPE_DRAIN_LIMIT.toSeconds() + "s after exit; ending without it");
            closeQuietly(handle.stdout());
        } catch (Exception ignored) {
            // the drain task reports its own problems
        }
        return code;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Best effort: on Linux a close does not wake a read already blocked, so the pump may stay
            // until whatever holds the pipe (a process that shed the marker) exits; the session ends anyway.
        }
    }
}
