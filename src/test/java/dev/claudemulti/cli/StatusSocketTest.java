package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.testing.ProcCount;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} of a live run asks its orchestrator ({@link StatusSocket}): the same table as the
 * state directory gives, and the state directory whenever the orchestrator does not answer whole.
 */
class StatusSocketTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aLiveRunsOrchestratorTellsTheTableTheStateDirectoryGives() throws Exception {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result started = cli.run(
                "run",
                "--detach",
                "[{\"id\":\"ok\",\"prompt\":\"hello\"},{\"id\":\"bad\",\"prompt\":\"fail now\"},"
                        + "{\"id\":\"s1\",\"prompt\":\"sleep 1\"},{\"id\":\"s2\",\"prompt\":\"sleep 2\"},"
                        + "{\"id\":\"late\",\"prompt\":\"hello again\"}]",
                "-j",
                "3");
        assertThat(started.code()).as(started.err()).isZero();
        String runId = started.out().strip();
        try {
            awaitStates(cli, runId, "completed", "failed", "running", "running", "completed");
            RunStore store = StateDir.existing(cli.state).openRun(runId);
            CliContext ctx = context(cli.env);
            assertThat(awaitAnswer(store, ctx))
                    .as("the orchestrator answers, once its socket is open")
                    .contains("run " + runId + " (running)");

            // Running sessions' figures reach live.json within a second: the two agree once they have.
            for (String[] args : List.of(
                    new String[] {"status"}, new String[] {"status", "--plain"}, new String[] {"status", "--run", runId
                    })) {
                String told = null;
                String read = null;
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (System.nanoTime() < deadline) {
                    told = timeless(cli.run(args).out());
                    read = timeless(withSocketOff(cli, args).out());
                    if (told.equals(read)) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertThat(told).as(String.join(" ", args)).isEqualTo(read);
                assertThat(told).contains("Completed: 2 | Running: 2 | Queued: 0 | Failed: 1");
            }
        } finally {
            cli.run("stop-all", "--run", runId);
            ProcCount.assertNoneLeft(runId + "/", Duration.ofSeconds(10));
            cli.awaitOrchestratorGone(runId);
        }
        // The orchestrator takes its socket with it; status reads how the run ended.
        assertThat(cli.state.resolve("runs").resolve(runId).resolve("status.sock"))
                .doesNotExist();
        assertThat(cli.run("status").out()).contains("run " + runId + " (finished)");
    }

    @Test
    void theOrchestratorAnswersOnlyItsOwnReleasesRequestWhileSessionsRemain() throws Exception {
        RunStore store = StateDir.open(dir.resolve("state")).createRun();
        AtomicReference<RunSnapshot> snapshot = new AtomicReference<>(snapshot(store.runId(), SessionState.RUNNING));
        Instant now = Instant.now();
        try (StatusSocket socket =
                StatusSocket.serve(store, snapshot::get, new OrchestratorLog(dir.resolve("log")), 0)) {
            CliContext ctx = context(Map.of());
            String told = awaitAnswer(store, ctx);
            // No pause in this run: its clock times (none shown) are in UTC.
            String rendered = StatusCommand.render(snapshot.get(), "running", "", false, now, ZoneOffset.UTC);
            assertThat(timeless(told)).isEqualTo(timeless(rendered));
            assertThat(StatusSocket.ask(store, true, ctx)).contains("===").doesNotContain("═");

            assertThat(rawAnswer(store, "status 1 0.0.0-other fancy\n"))
                    .as("another release's request")
                    .isEmpty();
            assertThat(rawAnswer(store, "hello\n")).isEmpty();

            snapshot.set(snapshot(store.runId(), SessionState.COMPLETED));
            assertThat(StatusSocket.ask(store, false, ctx))
                    .as("every session has ended: the state directory tells the run's end")
                    .isNull();
        }
        assertThat(store.statusSocket()).doesNotExist();
        assertThat(StatusSocket.ask(store, false, context(Map.of()))).isNull();
    }

    @Test
    void statusReadsTheStateDirectoryWhenTheSocketIsOffStaleSilentOrCutShort() throws Exception {
        RunStore store = StateDir.open(dir.resolve("state")).createRun();
        CliContext ctx = context(Map.of());
        Path socket = store.statusSocket();

        assertThat(StatusSocket.ask(store, false, ctx)).as("no socket").isNull();

        Files.writeString(socket, "not a socket");
        assertThat(StatusSocket.ask(store, false, ctx)).as("a plain file").isNull();
        Files.delete(socket);

        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).as("a killed orchestrator's socket stays behind").exists();
        assertThat(StatusSocket.ask(store, false, ctx)).as("nobody listens").isNull();
        Files.delete(socket);

        // Accepts but never answers (a stopped orchestrator): given up after the wait.
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(socket));
            assertThat(StatusSocket.ask(store, false, ctx)).as("no answer").isNull();
        }
        Files.delete(socket);

        answering(
                socket,
                "ok 100\nonly part of it",
                () -> assertThat(StatusSocket.ask(store, false, ctx))
                        .as("cut short")
                        .isNull());
        answering(
                socket,
                "garbage",
                () -> assertThat(StatusSocket.ask(store, false, ctx)).isNull());
        answering(
                socket,
                "ok 6\ntable\n",
                () -> assertThat(StatusSocket.ask(store, false, ctx)).isEqualTo("table\n"));
        answering(
                socket,
                "ok 6\ntable\n",
                () -> assertThat(StatusSocket.ask(store, false, context(Map.of(StatusSocket.OFF_ENV, "off"))))
                        .as(StatusSocket.OFF_ENV + "=off")
                        .isNull());
    }

    @Test
    void answersAreWholeOrNothing() {
        assertThat(StatusSocket.parse("ok 3\nabc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("abc");
        assertThat(StatusSocket.parse("ok 0\n".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(StatusSocket.parse("ok 4\nabc".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(StatusSocket.parse("ok 2\nabc".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(StatusSocket.parse("ok x\nabc".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(StatusSocket.parse(new byte[0])).isNull();
        assertThat(StatusSocket.parse("no 3\nabc".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(StatusSocket.parse("ok 3".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(StatusSocket.parse("ok 2\n─".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(StatusSocket.parse("ok 3\n─".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("─");
    }

    /** Durations (and the speedup made of them) change while sessions run: masked to compare tables. */
    private static String timeless(String status) {
        return status.replaceAll("\\b\\d+(h\\d{2}m|m\\d{2}s|s)\\b", "T").replaceAll("speedup \\S+", "speedup X");
    }

    private static CliHarness.Result withSocketOff(CliHarness cli, String... args) {
        cli.env.put(StatusSocket.OFF_ENV, "off");
        try {
            return cli.run(args);
        } finally {
            cli.env.remove(StatusSocket.OFF_ENV);
        }
    }

    private static CliContext context(Map<String, String> env) {
        PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream());
        return new CliContext(sink, sink, new ByteArrayInputStream(new byte[0]), env, Path.of("."), false);
    }

    private static RunSnapshot snapshot(String runId, SessionState second) {
        Instant started = Instant.now().minusSeconds(90);
        SessionView done = SessionView.started("done", 1, 7L, started, "sonnet")
                .withState(SessionState.COMPLETED, null)
                .withEndedAt(started.plusSeconds(30))
                .withCost(0.25, false);
        SessionView other = second == SessionState.RUNNING
                ? SessionView.started("busy", 1, 8L, started, "sonnet").withCost(0.1, true)
                : SessionView.started("busy", 1, 8L, started, "sonnet")
                        .withState(second, null)
                        .withEndedAt(started.plusSeconds(60));
        return new RunSnapshot(
                runId,
                Path.of("/p"),
                "sonnet",
                4,
                false,
                started,
                null,
                List.of(done, other),
                0.0,
                new RunSnapshot.BatchStatus(4, null, null, null, null));
    }

    /** The serving thread binds in the background: the first answer may take a moment. */
    private static String awaitAnswer(RunStore store, CliContext ctx) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            String told = StatusSocket.ask(store, false, ctx);
            if (told != null) {
                return told;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no answer from " + store.statusSocket());
    }

    private static String rawAnswer(RunStore store, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(store.statusSocket()))) {
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (ch.read(buf) >= 0) {
                // until the orchestrator closes
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        }
    }

    /** Serves {@code answer} to one client at {@code socket} while {@code check} runs. */
    private static void answering(Path socket, String answer, Runnable check) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread t = new Thread(() -> {
                try (SocketChannel c = server.accept()) {
                    c.read(ByteBuffer.allocate(256));
                    c.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    // no client (the check did not ask)
                }
            });
            t.setDaemon(true);
            t.start();
            check.run();
        }
        Files.deleteIfExists(socket);
    }

    private static void awaitStates(CliHarness cli, String runId, String... states) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            StringBuilder seen = new StringBuilder();
            for (JsonNode t : JSON.readTree(
                            cli.run("status", "--json", "--run", runId).out())
                    .path("tasks")) {
                seen.append(t.path("status").asText()).append(' ');
            }
            last = seen.toString().strip();
            if (last.equals(String.join(" ", states))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + runId + " never reached " + List.of(states) + "; last " + last);
    }
}
