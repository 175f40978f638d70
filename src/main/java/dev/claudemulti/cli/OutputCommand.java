package dev.claudemulti.cli;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.EventRenderer;
import dev.claudemulti.agent.OutputDecoder;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.store.RunStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code claude-multi output ID}: a session's output.jsonl, raw or rendered, optionally followed
 * while it grows. A client of the state directory: it reads files and sleeps briefly between
 * reads, and never touches the session.
 */
@Command(
        name = "output",
        mixinStandardHelpOptions = true,
        description = {
            "Print a task's output: claude's raw stream-json by default, or readable events with --events.",
            "With -f, keep printing as the output grows until the session ends."
        },
        footer = {"", "Exit codes: 0 printed, 2 unknown run or task, or the task has not started (without -f)."})
final class OutputCommand implements Callable<Integer> {
    /** Between reads at the end of the file while following. */
    static final long FOLLOW_SLEEP_MS = 100;
    /** Between journal checks (has the session ended?) while following. */
    static final long STATE_CHECK_MS = 500;

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "TASK", description = "Task id.")
    String taskId;

    @Mixin
    RunIdOption run = new RunIdOption();

    @Option(
            names = "--events",
            description = "Render events readably (text, tool calls, results) instead of raw JSON lines.")
    boolean events;

    @Option(
            names = {"-f", "--follow"},
            description = "Follow the output until the session ends (or its orchestrator is gone).")
    boolean follow;

    @Option(
            names = "--attempt",
            paramLabel = "N",
            description = "Which attempt of a retried task (default: the latest).")
    Integer attempt;

    OutputCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        RecordedRun recorded = run.withTask(ctx, taskId);
        RunStore store = recorded.store();
        SessionView s = RunIdOption.session(recorded, taskId);
        if (attempt != null && (attempt < 1 || attempt > s.attempt())) {
            throw new UserException(
                    "task '" + taskId + "' has no attempt " + attempt + " (latest: " + s.attempt() + ")");
        }
        int n = attempt != null ? attempt : Math.max(1, s.attempt());
        Path file = store.session(taskId, n).output();
        if (!follow && !Files.exists(file) && s.state().isFinal()) {
            // Stopped while queued, or never launched: there is nothing to wait for.
            throw new UserException("task '" + taskId + "' has no output: it ended ("
                    + s.state().label() + ") without writing any");
        }
        if (!follow
                && (!Files.exists(file) || (Files.size(file) == 0 && !s.state().isFinal()))) {
            throw new UserException("task '" + taskId + "' has no output yet ("
                    + s.state().label() + "); " + Hints.followOutput(taskId, store.runId()) + " waits for it");
        }
        Sink sink = events ? new EventSink(ctx.out(), recorded.agent()) : new RawSink(ctx.out());
        if (!follow) {
            try (InputStream in = Files.newInputStream(file)) {
                copyAvailable(in, sink);
            }
            sink.finish();
            return ExitCodes.OK;
        }
        follow(store, n, file, sink);
        return ExitCodes.OK;
    }

    private void follow(RunStore store, int n, Path file, Sink sink) throws IOException, InterruptedException {
        InputStream in = null;
        long nextCheck = 0;
        try {
            while (true) {
                if (in == null) {
                    in = openIfExists(file);
                }
                if (in != null && copyAvailable(in, sink)) {
                    continue;
                }
                long now = System.nanoTime();
                if (now >= nextCheck) {
                    nextCheck = now + STATE_CHECK_MS * 1_000_000;
                    if (ended(RecordedRun.loadStates(store), n)) {
                        // Whatever was written before the journal said so is read now.
                        if (in == null) {
                            in = openIfExists(file);
                        }
                        if (in != null) {
                            copyAvailable(in, sink);
                        }
                        break;
                    }
                }
                Thread.sleep(FOLLOW_SLEEP_MS);
            }
        } finally {
            if (in != null) {
                in.close();
            }
        }
        sink.finish();
    }

    /** The attempt is over: final in the journal (or lost, its orchestrator gone), or superseded by a retry. */
    private boolean ended(RecordedRun now, int n) {
        SessionView v = now.snapshot().session(taskId);
        if (v == null || v.attempt() > n) {
            return true;
        }
        if (v.state() == SessionState.QUEUED) {
            return !now.ownerAlive();
        }
        return v.state().isFinal();
    }

    private static InputStream openIfExists(Path file) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Copies what can be read now; true if anything was. A FileInputStream at its end reads again once the file grows. */
    private static boolean copyAvailable(InputStream in, Sink sink) throws IOException {
        byte[] buf = new byte[64 * 1024];
        boolean any = false;
        int r;
        while ((r = in.read(buf)) > 0) {
            sink.accept(buf, r);
            any = true;
        }
        return any;
    }

    private interface Sink {
        void accept(byte[] buf, int n);

        void finish();
    }

    private record RawSink(PrintStream out) implements Sink {
        @Override
        public void accept(byte[] buf, int n) {
            out.write(buf, 0, n);
            out.flush();
        }

        @Override
        public void finish() {
            out.flush();
        }
    }

    private static final class EventSink implements Sink {
        private final PrintStream out;
        private final OutputDecoder parser;

        EventSink(PrintStream out, Agent agent) {
            this.out = out;
            this.parser = agent.decoder(event -> EventRenderer.render(event).forEach(out::println));
        }

        @Override
        public void accept(byte[] buf, int n) {
            parser.feed(buf, 0, n);
            out.flush();
        }

        @Override
        public void finish() {
            parser.finish();
            out.flush();
        }
    }
}
