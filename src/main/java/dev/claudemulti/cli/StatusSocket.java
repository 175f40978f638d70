package dev.claudemulti.cli;

import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.RunState;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.PrivateFiles;
import dev.claudemulti.store.RunStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A live run's status table, told by its orchestrator over a Unix socket in the run's directory
 * ({@link RunStore#statusSocket}). Read from the state directory, {@code status} of a run of a
 * thousand sessions replays the journal and reads every running session's figures in a fresh,
 * cold JVM, on a machine the run keeps busy: most of what it took. The orchestrator holds the same
 * durable states in memory (a state is shown only once the journal has it on disk), warm, and
 * renders the same table in milliseconds.
 *
 * <p>The socket is a shortcut, never the source of truth: without one (a run of an earlier
 * release, a path too long for a socket, {@value #OFF_ENV}=off), or with an orchestrator of another
 * release, one that is stopped or too busy to answer within {@link #ANSWER_WAIT_MS}, one whose
 * sessions have all ended (the run's end is the state directory's to tell), or an answer cut
 * short, {@code status} reads the state directory as before.
 */
final class StatusSocket implements AutoCloseable {
    /** The environment variable that, set to "off", makes status read the state directory only. */
    static final String OFF_ENV = "CLAUDE_MULTI_STATUS_SOCKET";

    /** How long status waits for the orchestrator's answer before it reads the state directory. */
    static final long ANSWER_WAIT_MS = 1500;

    /** Requests longer than this are not ours. */
    private static final int MAX_REQUEST = 256;

    /** Answers longer than this are not believed (a 1,000-row table is about 100 KB). */
    private static final int MAX_ANSWER = 64 << 20;

    /** The answer's first line; the table's length in bytes follows it. */
    private static final String OK = "ok ";

    private final Path path;
    private final Supplier<RunSnapshot> snapshots;
    private final OrchestratorLog log;

    /** Guarded by this. */
    private ServerSocketChannel server;

    /** Guarded by this. */
    private boolean closed;

    private StatusSocket(Path path, Supplier<RunSnapshot> snapshots, OrchestratorLog log) {
        this.path = path;
        this.snapshots = snapshots;
        this.log = log;
    }

    /**
     * Starts answering status requests for {@code run} from {@code snapshots} (the scheduler's:
     * durable states only) after {@code delayMs}, on a daemon thread of its own. Making the socket
     * costs a JVM some 15 ms of CPU (a service lookup that opens the jar, a seeded random): the
     * orchestrator passes a delay so that it does not compete with the first sessions' start; status
     * meanwhile reads the state directory. A socket that cannot be made is logged and left out.
     */
    static StatusSocket serve(RunStore run, Supplier<RunSnapshot> snapshots, OrchestratorLog log, long delayMs) {
        StatusSocket socket = new StatusSocket(run.statusSocket(), snapshots, log);
        Thread accepting = new Thread(() -> socket.accept(delayMs), "status-socket");
        accepting.setDaemon(true);
        accepting.start();
        return socket;
    }

    private void accept(long delayMs) {
        ServerSocketChannel channel;
        try {
            Thread.sleep(delayMs);
            channel = bind();
        } catch (InterruptedException e) {
            return;
        } catch (IOException | RuntimeException e) {
            log.log("status will read the state directory: no socket at " + path + " (" + e.getMessage() + ")");
            return;
        }
        while (channel != null) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (IOException e) {
                return; // closed: the run ended
            }
            // A thread each: a client that never sends its request holds up no other (status is typed by hand).
            Thread answering = new Thread(() -> answer(client), "status-answer");
            answering.setDaemon(true);
            answering.start();
        }
    }

    private synchronized ServerSocketChannel bind() throws IOException {
        if (closed) {
            return null;
        }
        // One left by an orchestrator that was killed: the run's lock says no other one is live.
        Files.deleteIfExists(path);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        try {
            PrivateFiles.restrict(path); // the run's directory is the user's alone already; the socket says so too
        } catch (IOException e) {
            // the directory's 0700 still keeps others out
        }
        server = channel;
        return channel;
    }

    private void answer(SocketChannel client) {
        try (client) {
            String request = readRequest(client);
            byte[] table = request == null ? null : table(request);
            if (table != null) {
                byte[] head = (OK + table.length + "\n").getBytes(StandardCharsets.US_ASCII);
                client.write(new ByteBuffer[] {ByteBuffer.wrap(head), ByteBuffer.wrap(table)});
            }
        } catch (IOException | RuntimeException e) {
            // The client gave up (it reads the state directory then); nothing of the run's depends on this.
        }
    }

    /** The request's line, or null if the client closed or sent something else first. */
    private static String readRequest(SocketChannel client) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_REQUEST);
        while (buf.hasRemaining()) {
            if (client.read(buf) < 0) {
                return null;
            }
            for (int i = 0; i < buf.position(); i++) {
                if (buf.get(i) == '\n') {
                    return new String(buf.array(), 0, i, StandardCharsets.US_ASCII);
                }
            }
        }
        return null;
    }

    /**
     * The table {@code request} asks for, or null when this orchestrator does not tell it: another
     * release asks (its table may differ), or every session has ended, when what the run is
     * (finished, interrupted) is for the state directory to say.
     */
    private byte[] table(String request) {
        Boolean plain = plainIn(request);
        if (plain == null) {
            return null;
        }
        RunSnapshot snap = snapshots.get();
        return RunState.finished(snap)
                ? null
                : StatusCommand.renderLive(snap, plain).getBytes(StandardCharsets.UTF_8);
    }

    /** The request's line, without its newline: the protocol, this release, the table's form. */
    private static String request(boolean plain) {
        return "status 1 " + Versions.current() + (plain ? " plain" : " fancy");
    }

    /** Whether {@code request} asks for the plain table; null if it is not one of this release's. */
    private static Boolean plainIn(String request) {
        return request.equals(request(true)) ? Boolean.TRUE : request.equals(request(false)) ? Boolean.FALSE : null;
    }

    /** Stops answering and removes the socket; what has been asked is still answered. */
    @Override
    public synchronized void close() {
        closed = true;
        try {
            if (server != null) {
                server.close();
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.log("cannot remove " + path, e);
        }
    }

    /**
     * The status table of {@code run} as its live orchestrator shows it now, or null when it does
     * not tell (see the class comment): then the caller reads the state directory.
     */
    static String ask(RunStore run, boolean plain, CliContext ctx) {
        if ("off".equals(ctx.env(OFF_ENV))) {
            return null;
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(run.statusSocket()));
        } catch (IOException | RuntimeException e) {
            return null; // none (a killed orchestrator's is refused), or a path too long for one
        }
        Deadline deadline = new Deadline(channel);
        deadline.start();
        try (channel) {
            channel.write(ByteBuffer.wrap((request(plain) + "\n").getBytes(StandardCharsets.US_ASCII)));
            return parse(readAll(channel));
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            deadline.interrupt();
        }
    }

    /**
     * A blocking channel has no read timeout: this closes it if the answer is late (a stopped
     * orchestrator). A class rather than a lambda: status of a live run makes no other, and the
     * first lambda starts the JVM's lambda machinery (about 10 ms).
     */
    private static final class Deadline extends Thread {
        private final SocketChannel channel;

        Deadline(SocketChannel channel) {
            super("status-deadline");
            this.channel = channel;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                Thread.sleep(ANSWER_WAIT_MS);
                channel.close();
            } catch (InterruptedException | IOException e) {
                // answered in time
            }
        }
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream(64 << 10);
        ByteBuffer buf = ByteBuffer.allocate(64 << 10);
        while (channel.read(buf) >= 0) {
            all.write(buf.array(), 0, buf.position());
            buf.clear();
            if (all.size() > MAX_ANSWER) {
                throw new IOException("answer too long");
            }
        }
        return all.toByteArray();
    }

    /** The table in {@code answer}, or null unless it is whole: "ok N\n" then exactly N bytes. */
    static String parse(byte[] answer) {
        int newline = -1;
        for (int i = 0; i < Math.min(answer.length, 20); i++) {
            if (answer[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            return null;
        }
        String head = new String(answer, 0, newline, StandardCharsets.US_ASCII);
        if (!head.startsWith(OK)) {
            return null;
        }
        long length;
        try {
            length = Long.parseLong(head.substring(OK.length()));
        } catch (NumberFormatException e) {
            return null;
        }
        int start = newline + 1;
        if (length != answer.length - start) {
            return null;
        }
        return new String(answer, start, answer.length - start, StandardCharsets.UTF_8);
    }
}
