package dev.claudemulti.agent;

import java.util.function.Consumer;

/**
 * Claude Code's {@code --output-format stream-json} decoder: {@link JsonLineFramer} frames the lines
 * in bounded memory, {@link ClaudeEvents} maps each to {@link SessionEvent}s.
 *
 * <p>A tool that printed 50 MB thus still yields a {@link SessionEvent.ToolResult} (its text cut), and
 * a long final answer still yields its {@link SessionEvent.Result} with cost and usage. Only a line
 * whose kept bytes still pass the line cap (1 MiB by default) becomes {@link SessionEvent.Unparsed}.
 */
public final class StreamJsonParser implements OutputDecoder {
    private final JsonLineFramer framer;

    public StreamJsonParser(Consumer<SessionEvent> sink) {
        this(sink, JsonLineFramer.DEFAULT_MAX_LINE_BYTES);
    }

    /** @param maxLineBytes most bytes of one line kept in memory; strings are cut at a quarter of it or 64 KiB */
    public StreamJsonParser(Consumer<SessionEvent> sink, int maxLineBytes) {
        this.framer = new JsonLineFramer(
                new JsonLineFramer.LineSink() {
                    @Override
                    public void line(byte[] buf, int n, long totalLength) {
                        ClaudeEvents.parse(buf, n, totalLength, sink);
                    }

                    @Override
                    public void tooLong(byte[] start, int n, long totalLength) {
                        sink.accept(ClaudeEvents.tooLong(start, n, totalLength));
                    }
                },
                maxLineBytes);
    }

    @Override
    public void feed(byte[] data, int off, int n) {
        framer.feed(data, off, n);
    }

    @Override
    public void finish() {
        framer.finish();
    }

    /** Bytes currently held for the line being read (for tests of the memory bound). */
    int bufferCapacity() {
        return framer.bufferCapacity();
    }
}
