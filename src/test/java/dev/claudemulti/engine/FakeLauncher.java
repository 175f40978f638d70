package dev.claudemulti.engine;

import dev.claudemulti.launch.HandleRecord;
import dev.claudemulti.launch.LaunchSpec;
import dev.claudemulti.launch.RecordedSession;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.launch.SessionLauncher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An in-memory launcher: no processes. A session's command is its task's prompt; "fail-launch"
 * makes the launch throw. Each launched session waits for the test to end it ({@link FakeHandle#exit}).
 * Stops are recorded, and a stop ends the session as the local launcher's would (143 after a
 * terminate, 137 after a kill) unless the handle was told to ignore them.
 */
final class FakeLauncher implements SessionLauncher {
    private final Map<String, CompletableFuture<FakeHandle>> byTask = new ConcurrentHashMap<>();
    private final List<String> launchOrder = new CopyOnWriteArrayList<>();
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger maxLive = new AtomicInteger();
    private final List<String> history = new CopyOnWriteArrayList<>();
    private final AtomicInteger pids = new AtomicInteger(1000);
    private final Map<String, Instant> launchedAt = new ConcurrentHashMap<>();
    /** Runs at each launch, before the handle exists, with the task id: what the test must see by then. */
    volatile Consumer<String> onLaunch = task -> {};

    @Override
    public String kind() {
        return "fake";
    }

    @Override
    public SessionHandle launch(LaunchSpec spec) throws IOException {
        String task = spec.marker().split("/")[1];
        launchedAt.put(task, Instant.now());
        onLaunch.accept(task);
        launchOrder.add(task);
        if (spec.command().contains("fail-launch")) {
            throw new IOException("no such program: fail-launch");
        }
        // Counted as gone before its exit completes: the scheduler may start the next session on
        // another thread before a callback on that completion would run.
        FakeHandle handle = new FakeHandle(pids.incrementAndGet(), spec.marker(), () -> {
            live.remove(spec.marker());
            history.add("exit " + spec.marker());
        });
        live.add(spec.marker());
        history.add("launch " + spec.marker() + ", live " + live);
        maxLive.accumulateAndGet(live.size(), Math::max);
        launched(task).complete(handle);
        return handle;
    }

    /** Completes when the task's (latest) session has been launched. */
    CompletableFuture<FakeHandle> launched(String task) {
        return byTask.computeIfAbsent(task, t -> new CompletableFuture<>());
    }

    /** Forgets a task's handle, so that {@link #launched} waits for its next attempt. */
    void forget(String task) {
        byTask.remove(task);
    }

    /** When the task's latest attempt was launched. */
    Instant launchedAt(String task) {
        return launchedAt.get(task);
    }

    List<String> launchOrder() {
        return launchOrder;
    }

    /** Launches and exits in the order they happened, with what was live at each launch. */
    List<String> history() {
        return history;
    }

    int maxConcurrent() {
        return maxLive.get();
    }

    @Override
    public RecordedSession reattach(HandleRecord record) {
        throw new UnsupportedOperationException("the fake launcher only runs sessions of this process");
    }

    @Override
    public HandleRecord recordOfMarker(String marker) {
        return new HandleRecord(kind(), Map.of("marker", marker));
    }

    @Override
    public Map<String, Integer> liveByMarker(String runId) {
        return Map.of();
    }

    /** A session of the fake launcher; the test decides when and how it ends. */
    static final class FakeHandle implements SessionHandle {
        private static final byte[] EOF = new byte[0];

        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final List<String> stops = new CopyOnWriteArrayList<>();
        volatile boolean ignoreTerminate;
        private final long pid;
        private final String marker;
        private final BlockingQueue<byte[]> output = new LinkedBlockingQueue<>();
        private final Runnable onExit;
        private boolean exited;

        FakeHandle(long pid, String marker, Runnable onExit) {
            this.pid = pid;
            this.marker = marker;
            this.onExit = onExit;
        }

        /** Writes these output lines, closes the output and exits with {@code code}; a second exit changes nothing. */
        synchronized void exit(int code, String... lines) {
            if (exited) {
                return;
            }
            exited = true;
            onExit.run();
            for (String line : lines) {
                output.add((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            output.add(EOF);
            exit.complete(code);
        }

        /** Writes these output lines; the session goes on running. */
        synchronized void print(String... lines) {
            for (String line : lines) {
                output.add((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        /** A result line of conversation {@code sessionId}, with claude's running total {@code cost}. */
        static String result(String sessionId, boolean error, double cost) {
            return "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":" + error
                    + ",\"result\":\"" + (error ? "API Error: 529 overloaded" : "done") + "\",\"total_cost_usd\":"
                    + cost + ",\"num_turns\":1,\"session_id\":\"" + sessionId + "\""
                    + (error ? ",\"api_error_status\":529" : "") + "}";
        }

        /** A result line as claude writes it. */
        static String result(boolean error, double cost) {
            return "{\"type\":\"result\",\"subtype\":\"" + (error ? "error_during_execution" : "success")
                    + "\",\"is_error\":" + error + ",\"result\":\"done\",\"total_cost_usd\":" + cost
                    + ",\"num_turns\":1,\"session_id\":\"sess\"}";
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public InputStream stdout() {
            return new InputStream() {
                private byte[] chunk = new byte[0];
                private int at;
                private boolean ended;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    while (!ended && at == chunk.length) {
                        try {
                            chunk = output.take();
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                        at = 0;
                        ended = chunk == EOF;
                    }
                    if (ended) {
                        return -1;
                    }
                    int n = Math.min(len, chunk.length - at);
                    System.arraycopy(chunk, at, b, off, n);
                    at += n;
                    return n;
                }
            };
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit.copy();
        }

        @Override
        public CompletableFuture<Void> terminate(Duration grace) {
            stops.add("terminate " + grace.toMillis() + "ms");
            if (!ignoreTerminate) {
                exit(143);
            }
            return exit.thenRun(() -> {});
        }

        @Override
        public CompletableFuture<Void> kill() {
            stops.add("kill");
            exit(137);
            return exit.thenRun(() -> {});
        }

        @Override
        public int sweep() {
            return 0;
        }

        @Override
        public HandleRecord record() {
            return new HandleRecord("fake", Map.of("marker", marker, "pid", Long.toString(pid)));
        }
    }
}
