package dev.claudemulti.agent;

import java.util.function.Consumer;

/**
 * Turns stream-json bytes into {@link SessionEvent}s as they arrive, in bounded memory:
 * bytes may be fed in arbitrary chunks (a line may span many chunks), and a line longer
 * than the cap is not kept whole (it becomes {@link SessionEvent.Unparsed} or, when its
 * start shows its type, a best-effort event).
 *
 * <p>Not thread-safe: one parser per output stream, fed by one thread.
 */
public final class StreamJsonParser {
    public StreamJsonParser(Consumer<SessionEvent> sink) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Feeds the next chunk of output. */
    public void feed(byte[] buf, int off, int len) {
        throw new UnsupportedOperationException("TODO");
    }

    /** End of stream: a last line without newline is parsed now. */
    public void finish() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Parses one complete line (without its newline). Null if the line is blank. */
    public static SessionEvent parseLine(String line) {
        throw new UnsupportedOperationException("TODO");
    }
}
