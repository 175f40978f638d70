package dev.claudemulti.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code <state>/orchestrator.log}: what the orchestrator itself did and the bugs it hit, one
 * timestamped line each (a stack trace follows its line, indented). The secret values of the
 * environment are cut out of every line. Writing the log never fails the caller: a log that
 * cannot be written is given up on silently, as the run matters more than its diary.
 */
public final class OrchestratorLog {
    private final Path file;
    private final java.util.function.UnaryOperator<String> redact;
    private final Clock clock;

    public OrchestratorLog(Path file) {
        this(file, System.getenv(), Clock.systemUTC());
    }

    /** A log that cuts the secret values of {@code env} (the command's environment) out of every line. */
    public OrchestratorLog(Path file, Map<String, String> env) {
        this(file, env, Clock.systemUTC());
    }

    OrchestratorLog(Path file, Map<String, String> env, Clock clock) {
        this.file = file;
        this.redact = Secrets.textRedactor(env);
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** Appends "2026-11-24T12:00:03.123Z message". */
    public void log(String message) {
        write(message);
    }

    /** Appends the message and the stack trace of {@code error}. */
    public void log(String message, Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        StringBuilder text = new StringBuilder(message);
        trace.toString().lines().forEach(line -> text.append("\n\t").append(line.strip()));
        write(text.toString());
    }

    private synchronized void write(String message) {
        String line =
                IsoInstant.text(clock.instant()) + " " + redact.apply(message).replace("\r", "") + "\n";
        // One write call per entry: with O_APPEND, lines of two processes never interleave mid-line.
        try (OutputStream out = PrivateFiles.append(file)) {
            out.write(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // See the class comment: the log is best effort.
        }
    }
}
