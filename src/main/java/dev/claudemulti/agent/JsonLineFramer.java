package dev.claudemulti.agent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a stream of JSON lines (JSONL) into lines in bounded memory, whatever the agent that
 * writes them: bytes may come in arbitrary chunks (a line may span many chunks), and no line is
 * kept whole past the caps. Knows JSON only well enough to cut long strings; what a line means is
 * the {@link LineSink}'s business.
 *
 * <p>How memory stays bounded while huge lines still parse: while a line is read, any JSON string
 * value longer than the string cap is cut (ending in "…"), keeping the JSON valid. Only a line whose
 * kept bytes still pass the line cap is handed over as {@link LineSink#tooLong}, with its start.
 *
 * <p>Guaranteed: each newline-terminated line is handed over exactly once, in order, without its
 * newline or a trailing carriage return; blank lines are skipped. NOT guaranteed: that a handed-over
 * line is valid JSON or valid UTF-8 (the agent may write anything), or that a string value is whole.
 *
 * <p>Not thread-safe: one framer per output stream, fed by one thread.
 */
public final class JsonLineFramer {
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_STRING_BYTES = 64 << 10;

    private static final int INITIAL_BUFFER = 8 << 10;
    private static final int KEPT_BUFFER = 64 << 10;
    private static final byte[] ELLIPSIS = "…".getBytes(StandardCharsets.UTF_8);

    /** Where complete lines go. The buffer is only valid during the call: copy what you keep. */
    public interface LineSink {
        /** A complete, non-blank line: {@code n} kept bytes of {@code totalLength} read. */
        void line(byte[] buf, int n, long totalLength);

        /** A line whose kept bytes passed the line cap: its first {@code n} bytes and its full length. */
        void tooLong(byte[] start, int n, long totalLength);
    }

    private final LineSink sink;
    private final int maxLine;
    private final int maxString;

    private byte[] buf = new byte[INITIAL_BUFFER];
    private int len;
    /** Bytes of the current line seen so far, kept or not. */
    private long lineLength;

    private boolean overflow;
    private boolean inString;
    private boolean escape;
    private int hexLeft;
    private int stringKept;
    private boolean cutting;

    /** @param maxLineBytes most bytes of one line kept in memory; strings are cut at a quarter of it or 64 KiB */
    public JsonLineFramer(LineSink sink, int maxLineBytes) {
        if (maxLineBytes < 64) {
            throw new IllegalArgumentException("maxLineBytes too small: " + maxLineBytes);
        }
        this.sink = sink;
        this.maxLine = maxLineBytes;
        this.maxString = Math.min(DEFAULT_MAX_STRING_BYTES, maxLineBytes / 4);
    }

    /** Feeds the next chunk of output. */
    public void feed(byte[] data, int off, int n) {
        int end = off + n;
        for (int i = off; i < end; i++) {
            byte b = data[i];
            if (b == '\n') {
                endLine();
            } else {
                lineLength++;
                if (!overflow) {
                    accept(b);
                }
            }
        }
    }

    /** End of stream: a last line without newline is handed over now. */
    public void finish() {
        if (lineLength > 0) {
            endLine();
        }
    }

    /** Bytes currently held for the line being read (for tests of the memory bound). */
    int bufferCapacity() {
        return buf.length;
    }

    /** Keeps one byte of the line, cutting string values that pass the string cap. */
    private void accept(byte b) {
        if (!inString) {
            if (b == '"') {
                inString = true;
                stringKept = 0;
            }
            keep(b);
            return;
        }
        if (escape) {
            escape = false;
            hexLeft = b == 'u' ? 4 : 0;
            if (!cutting) {
                keep(b);
            }
            return;
        }
        if (b == '"') {
            inString = false;
            if (cutting) {
                cutting = false;
                for (byte e : ELLIPSIS) {
                    keep(e);
                }
            }
            keep(b);
            return;
        }
        // Cut only where the kept part stays valid: not inside \\uXXXX, not before a UTF-8 continuation byte.
        boolean cutPoint = hexLeft == 0 && (b & 0xC0) != 0x80;
        if (hexLeft > 0) {
            hexLeft--;
        }
        if (!cutting && stringKept >= maxString && cutPoint) {
            cutting = true;
        }
        if (b == '\\') {
            escape = true;
        }
        if (!cutting) {
            keep(b);
            stringKept++;
        }
    }

    private void keep(byte b) {
        if (len == buf.length) {
            if (len >= maxLine) {
                overflow = true;
                return;
            }
            buf = Arrays.copyOf(buf, (int) Math.min((long) maxLine, (long) buf.length * 2));
        }
        buf[len++] = b;
    }

    private void endLine() {
        int n = len;
        long total = lineLength;
        if (!overflow && n > 0 && buf[n - 1] == '\r') {
            n--;
            total--;
        }
        try {
            if (overflow) {
                sink.tooLong(buf, n, total);
            } else if (!isBlank(buf, n)) {
                sink.line(buf, n, total);
            }
        } finally {
            len = 0;
            lineLength = 0;
            overflow = false;
            inString = false;
            escape = false;
            hexLeft = 0;
            cutting = false;
            if (buf.length > KEPT_BUFFER) {
                buf = new byte[INITIAL_BUFFER];
            }
        }
    }

    private static boolean isBlank(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
