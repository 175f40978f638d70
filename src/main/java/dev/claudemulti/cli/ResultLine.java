package dev.claudemulti.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The whole result text of a session, read from the {@code "type":"result"} line of its
 * output.jsonl. The journal keeps the result as the stream parser saw it, cut at 64 KiB so that a
 * huge line never sits whole in the orchestrator's memory; {@code result} must print all of it.
 *
 * <p>The file is streamed, line by line, never read whole: lines of other types are skipped
 * after their {@code type} field (claude writes it first) without their strings being decoded.
 * Only the result string itself is held, once, while it is printed.
 */
final class ResultLine {
    private static final JsonFactory JSON = new JsonFactory();

    private ResultLine() {}

    /** The result text of the last result line of {@code output}; null if it has none (or no such file). */
    static String read(Path output) throws IOException {
        long at;
        try {
            at = lastResultLine(output);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (at < 0) {
            return null;
        }
        try (InputStream in = Files.newInputStream(output)) {
            in.skipNBytes(at);
            LineStream line = new LineStream(in);
            try (JsonParser p = JSON.createParser(line)) {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals("result") && value == JsonToken.VALUE_STRING) {
                        return p.getText();
                    }
                    p.skipChildren();
                }
            }
        }
        return null;
    }

    /** Byte offset of the last line that is a result with a text; -1 if none. */
    private static long lastResultLine(Path output) throws IOException {
        long found = -1;
        try (InputStream in = Files.newInputStream(output)) {
            LineStream line = new LineStream(in);
            while (!line.atEnd()) {
                long start = line.position();
                if (isResult(line)) {
                    found = start;
                }
                line.next();
            }
        }
        return found;
    }

    /** Whether the current line is a JSON object with "type":"result" and a string "result". */
    private static boolean isResult(LineStream line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            boolean typed = false;
            boolean text = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("type")) {
                    if (value != JsonToken.VALUE_STRING || !p.getText().equals("result")) {
                        return false; // the rest of the line is skipped unread
                    }
                    typed = true;
                } else if (name.equals("result")) {
                    text = value == JsonToken.VALUE_STRING; // not decoded here
                } else {
                    p.skipChildren();
                }
            }
            return typed && text;
        } catch (IOException e) {
            return false; // not JSON (a torn last line, a stray message): not a result
        }
    }

    /**
     * One line of the underlying stream at a time, through a buffer of its own: reads end at the
     * newline; {@link #next} skips what is left of the line and moves to the next one.
     */
    private static final class LineStream extends InputStream {
        private final InputStream in;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;
        private long position;
        private boolean lineEnded;
        private boolean eof;

        LineStream(InputStream in) {
            this.in = in;
        }

        /** Offset in the underlying stream of the next byte. */
        long position() {
            return position;
        }

        boolean atEnd() throws IOException {
            return !fill();
        }

        void next() throws IOException {
            while (!lineEnded && fill()) {
                int nl = indexOfNewline();
                int upTo = nl >= 0 ? nl + 1 : limit;
                position += upTo - pos;
                pos = upTo;
                lineEnded = nl >= 0;
            }
            lineEnded = false;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (lineEnded || !fill()) {
                return -1;
            }
            int nl = indexOfNewline();
            int end = nl >= 0 ? nl : limit;
            int n = Math.min(len, end - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            position += n;
            if (pos == nl) { // the newline: consumed, and the line ends here
                pos++;
                position++;
                lineEnded = true;
                if (n == 0) {
                    return -1;
                }
            }
            return n;
        }

        private int indexOfNewline() {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** True if a byte is buffered (reading more if needed); false at the end of the stream. */
        private boolean fill() throws IOException {
            if (pos < limit) {
                return true;
            }
            if (eof) {
                return false;
            }
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                eof = true;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        @Override
        public void close() {
            // the parser closes its input; the file stays open for the next line
        }
    }
}
