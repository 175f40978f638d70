package dev.claudemulti.tui;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.EventRenderer;
import dev.claudemulti.agent.OutputDecoder;
import dev.claudemulti.display.Sizes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Follows a growing output file (it only grows by appends). The first poll starts at most
 * {@link #INITIAL_TAIL_BYTES} from its end, at a line boundary; each poll reads at most
 * {@link #CHUNK_BYTES} so the GUI thread is never held long, however far behind it is.
 * If the file shrinks (replaced), it starts over from the beginning.
 */
final class FileTailSource implements TailSource {
    static final long INITIAL_TAIL_BYTES = 4L * 1024 * 1024;
    static final int CHUNK_BYTES = 512 * 1024;
    /** Raw lines longer than this many bytes are shown as their start and their length. */
    static final int RAW_EXCERPT_BYTES = 4096;

    /** Turns output bytes into readable lines, which it hands to the consumer it was made with. */
    interface Decoder {
        void feed(byte[] buf, int off, int len);
    }

    /** The agent's decoder and the event renderer: output in, readable event lines out. */
    static Function<Consumer<String>, Decoder> decoding(Agent agent) {
        return out -> {
            OutputDecoder decoder =
                    agent.decoder(event -> EventRenderer.render(event).forEach(out));
            return decoder::feed;
        };
    }

    private final Path path;
    private final Function<Consumer<String>, Decoder> decoders;
    private final ByteArrayOutputStream rawLine = new ByteArrayOutputStream();
    private long rawLineLength;
    private Decoder decoder;
    private Sink sink;
    private FileChannel channel;
    private long position;
    private boolean skipToLineStart;

    FileTailSource(Path path, Function<Consumer<String>, Decoder> decoders) {
        this.path = path;
        this.decoders = decoders;
    }

    @Override
    public boolean poll(Sink target) throws IOException {
        this.sink = target;
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            return false; // not started yet
        }
        if (channel == null || size < position) {
            if (channel != null) {
                channel.close();
                target.reset();
            }
            channel = FileChannel.open(path, StandardOpenOption.READ);
            decoder = decoders.apply(line -> sink.readable(line));
            rawLine.reset();
            rawLineLength = 0;
            position = 0;
            skipToLineStart = false;
            if (size > INITIAL_TAIL_BYTES) {
                position = size - INITIAL_TAIL_BYTES;
                skipToLineStart = true;
                String note = "… " + Sizes.human(position) + " of earlier output not shown";
                target.readable(note);
                target.raw(note);
            }
        }
        if (size <= position) {
            return false;
        }
        int want = (int) Math.min(CHUNK_BYTES, size - position);
        ByteBuffer buf = ByteBuffer.allocate(want);
        while (buf.hasRemaining()) {
            int n = channel.read(buf, position + buf.position());
            if (n <= 0) {
                break;
            }
        }
        int n = buf.position();
        position += n;
        byte[] bytes = buf.array();
        int start = 0;
        if (skipToLineStart) {
            while (start < n && bytes[start] != '\n') {
                start++;
            }
            if (start < n) {
                start++;
                skipToLineStart = false;
            }
        }
        if (start < n) {
            decoder.feed(bytes, start, n - start);
            splitRaw(bytes, start, n);
        }
        return position < size;
    }

    private void splitRaw(byte[] bytes, int from, int to) {
        int lineStart = from;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                appendRaw(bytes, lineStart, i);
                emitRaw();
                lineStart = i + 1;
            }
        }
        appendRaw(bytes, lineStart, to);
    }

    private void appendRaw(byte[] bytes, int from, int to) {
        int keep = Math.max(0, Math.min(to - from, RAW_EXCERPT_BYTES - rawLine.size()));
        rawLine.write(bytes, from, keep);
        rawLineLength += to - from;
    }

    private void emitRaw() {
        String text = rawLine.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (rawLineLength > RAW_EXCERPT_BYTES) {
            text = text + " … (" + Sizes.human(rawLineLength) + " line)";
        }
        if (!text.isBlank()) {
            sink.raw(text);
        }
        rawLine.reset();
        rawLineLength = 0;
    }

    @Override
    public String describe() {
        return path.getFileName().toString();
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** A source with nothing to show but why. */
    static final class Nothing implements TailSource {
        private final String why;
        private boolean told;

        Nothing(String why) {
            this.why = why;
        }

        @Override
        public boolean poll(Sink sink) {
            if (!told) {
                told = true;
                sink.readable(why);
                sink.raw(why);
            }
            return false;
        }
    }
}
