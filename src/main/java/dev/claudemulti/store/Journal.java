package dev.claudemulti.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.zip.CRC32C;

/**
 * The append-only record of a run. Each line is a JSON object carrying a checksum of itself;
 * {@link #append} returns only after the line is on disk (fsync), and {@link #appendAsync}'s
 * future completes only then, so a state change is never shown before it is recorded. Entries
 * written while an fsync runs share the next one ({@link GroupCommit}). {@link #replay} skips a
 * torn or corrupt line instead of failing.
 *
 * <p>A line is {@code {"seq":N,"ts":"<ISO instant>",<the entry's fields>,"crc":"<8 hex>"}}: the
 * crc is the CRC32C of the line's bytes with the crc field cut out, i.e. of the compact JSON
 * {@code {"seq":N,...<the entry's fields>}}. A line whose bytes are all there but whose newline
 * is missing (a crash between the last byte and the newline) still counts: its checksum proves it whole.
 *
 * <p>This class knows the framing only; what an entry says, and its versions, belong to
 * {@code record.JournalEntry}, through which every other package writes and reads entries.
 */
public final class Journal implements Closeable {
    /** Longer lines are skipped by replay, so a corrupt file cannot make a reader buffer it whole. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private static final byte[] CRC_PREFIX = ",\"crc\":\"".getBytes(StandardCharsets.US_ASCII);
    /** {@code ,"crc":"} + 8 hex digits + {@code "}}. */
    private static final int CRC_SUFFIX_LENGTH = CRC_PREFIX.length + 8 + 2;

    private final Path file;
    private final FileChannel channel;
    private final GroupCommit commit;
    private long lastSeq;
    /** The file may end in the middle of a line: the next entry must start on a fresh one. */
    private boolean needsNewline;

    private boolean closed;

    private Journal(Path file, FileChannel channel, long lastSeq, boolean needsNewline) {
        this.file = file;
        this.channel = channel;
        this.lastSeq = lastSeq;
        this.needsNewline = needsNewline;
        this.commit = new GroupCommit(file, () -> channel.force(false));
    }

    /**
     * Opens a journal for appending, creating it if missing. An existing journal (a resumed run)
     * continues after its last intact entry's seq; a torn last line is left in place, skipped
     * by replay, and the next entry starts on a fresh line.
     */
    public static Journal open(Path file) throws StoreException {
        long lastSeq = 0;
        // Only a regular file has entries to continue from; a device such as /dev/full would read forever.
        List<ObjectNode> existing = Files.isRegularFile(file) ? replay(file) : List.of();
        for (ObjectNode entry : existing) {
            lastSeq = Math.max(lastSeq, entry.path("seq").asLong(0));
        }
        FileChannel channel = null;
        try {
            channel = PrivateFiles.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new Journal(file, channel, lastSeq, endsMidLine(file));
        } catch (IOException e) {
            if (channel != null) {
                closeQuietly(channel);
            }
            throw StoreException.io("cannot open journal", file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** The seq of the last entry written or found when opening; 0 for an empty journal. */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /**
     * Appends one entry (a "seq" and "ts" are added, replacing any of the entry's own; a "crc"
     * field of the entry is dropped) and fsyncs. Thread-safe.
     */
    public void append(ObjectNode entry) throws StoreException {
        appendAll(List.of(entry));
    }

    /**
     * Appends entries in order with one fsync for all of them: none is durable before all are.
     * For changes recorded together, such as every task queued at the start of a run. Returns
     * when they are on disk; other threads' entries written meanwhile share the fsync.
     */
    public void appendAll(List<ObjectNode> entries) throws StoreException {
        CompletableFuture<Void> durable = appendAsync(entries);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    durable.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the entries are written: wait for their fsync all the same
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof StoreException se) {
                        throw se;
                    }
                    throw new CompletionException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes entries in order, as {@link #appendAll}, and returns at once: the future completes
     * (exceptionally with a {@link StoreException} if the fsync fails) once they are on disk.
     * Futures complete in the order of their entries. Thread-safe.
     *
     * @throws StoreException if the entries cannot be written at all
     */
    public CompletableFuture<Void> appendAsync(List<ObjectNode> entries) throws StoreException {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("journal is closed: " + file);
            }
            if (entries.isEmpty()) {
                return commit.written(lastSeq);
            }
            long seq = lastSeq;
            Instant now = Instant.now();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (needsNewline) {
                bytes.write('\n');
            }
            for (ObjectNode entry : entries) {
                bytes.writeBytes(encode(++seq, now, entry));
                bytes.write('\n');
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray());
            try {
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            } catch (IOException e) {
                // Part of a line may be on disk; whatever follows must not be glued to it.
                needsNewline = true;
                throw StoreException.io("cannot write journal", file, e);
            }
            needsNewline = false;
            lastSeq = seq;
            return commit.written(seq);
        }
    }

    /** How many fsyncs this journal has made (for tests of group commit). */
    long forces() {
        return commit.forces();
    }

    /** Every intact entry of a journal file, in order; a missing file is an empty list. Never throws. */
    public static List<ObjectNode> replay(Path journalFile) {
        List<ObjectNode> entries = new ArrayList<>();
        scan(journalFile, (buf, off, len) -> {
            ObjectNode entry = decode(buf, off, len);
            if (entry != null) {
                entries.add(entry);
            }
        });
        return entries;
    }

    /**
     * The bytes of every line of a journal file whose checksum holds, in order, crc field and all
     * (read them with {@link #entryOf}); a missing file is an empty list. Never throws. For a
     * reader that looks at a line's bytes before deciding whether to read it as JSON.
     */
    public static List<byte[]> intactLines(Path journalFile) {
        List<byte[]> lines = new ArrayList<>();
        scan(journalFile, (buf, off, len) -> {
            int bodyEnd = intactBodyEnd(buf, off, len);
            if (bodyEnd >= 0) {
                lines.add(java.util.Arrays.copyOfRange(buf, off, bodyEnd + CRC_SUFFIX_LENGTH));
            }
        });
        return lines;
    }

    /** The entry of a line {@link #intactLines} gave, as {@link #replay} reads it; null if it is not a JSON object. */
    public static ObjectNode entryOf(byte[] intactLine) {
        return parse(intactLine, 0, intactLine.length);
    }

    /** What {@link #scan} hands each line: {@code len} bytes at {@code off} of {@code buf}, without the newline. */
    private interface LineSink {
        void line(byte[] buf, int off, int len);
    }

    private static void scan(Path journalFile, LineSink sink) {
        // Scanned a buffer at a time: list replays every run's journal, and a read() per byte
        // was most of its time with a few hundred runs.
        try (InputStream in = Files.newInputStream(journalFile)) {
            byte[] buf = new byte[64 * 1024];
            ByteArrayOutputStream partial = new ByteArrayOutputStream(256); // a line cut by the buffer's end
            boolean overlong = false;
            int n;
            while ((n = in.read(buf)) != -1) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] != '\n') {
                        continue;
                    }
                    if (!overlong && partial.size() + (i - start) <= MAX_LINE_BYTES) {
                        if (partial.size() == 0) {
                            sink.line(buf, start, i - start);
                        } else {
                            partial.write(buf, start, i - start);
                            sink.line(partial.toByteArray(), 0, partial.size());
                        }
                    }
                    partial.reset();
                    overlong = false;
                    start = i + 1;
                }
                if (!overlong) {
                    partial.write(buf, start, n - start);
                    if (partial.size() > MAX_LINE_BYTES) {
                        overlong = true;
                        partial.reset();
                    }
                }
            }
            if (!overlong) {
                sink.line(partial.toByteArray(), 0, partial.size());
            }
        } catch (NoSuchFileException e) {
            // no journal: no lines
        } catch (IOException | RuntimeException e) {
            // A reader gets what could be read; the journal is evidence, not a reason to fail.
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Waits for every entry written to be on disk, then closes the file. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        commit.close();
        closeQuietly(channel);
    }

    /** The bytes of one line, without its newline. */
    static byte[] encode(long seq, Instant ts, ObjectNode entry) {
        ObjectNode line = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        line.put("seq", seq);
        line.put("ts", IsoInstant.text(ts));
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (!name.equals("seq") && !name.equals("ts") && !name.equals("crc")) {
                line.set(name, field.getValue());
            }
        }
        byte[] body = JsonTree.bytes(line);
        String crc = String.format("%08x", crc(body, body.length));
        ByteBuffer out = ByteBuffer.allocate(body.length - 1 + CRC_SUFFIX_LENGTH);
        out.put(body, 0, body.length - 1)
                .put(CRC_PREFIX)
                .put(crc.getBytes(StandardCharsets.US_ASCII))
                .put((byte) '"')
                .put((byte) '}');
        return out.array();
    }

    /**
     * The entry of the line of {@code len} bytes at {@code off} of {@code buf} (without its
     * newline) if its checksum holds, else null. Read where it lies, neither copied out of the
     * read buffer nor copied again without its crc field: status replays a thousand-session
     * journal's every line.
     */
    static ObjectNode decode(byte[] buf, int off, int len) {
        int bodyEnd = intactBodyEnd(buf, off, len);
        return bodyEnd < 0 ? null : parse(buf, off, bodyEnd + CRC_SUFFIX_LENGTH - off);
    }

    /**
     * Where the crc field of the line of {@code len} bytes at {@code off} of {@code buf} starts, if
     * the line has one and its checksum holds; else -1.
     */
    private static int intactBodyEnd(byte[] buf, int off, int len) {
        if (len > 0 && buf[off + len - 1] == '\r') {
            len--;
        }
        int end = off + len;
        if (len < CRC_SUFFIX_LENGTH + 2 || buf[end - 1] != '}' || buf[end - 2] != '"') {
            return -1;
        }
        int suffixStart = end - CRC_SUFFIX_LENGTH;
        for (int i = 0; i < CRC_PREFIX.length; i++) {
            if (buf[suffixStart + i] != CRC_PREFIX[i]) {
                return -1;
            }
        }
        int expected;
        try {
            expected = HexFormat.fromHexDigits(
                    new String(buf, suffixStart + CRC_PREFIX.length, 8, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return -1;
        }
        // The checksummed body is the line up to the crc field, closed again with '}'.
        CRC32C crc = new CRC32C();
        crc.update(buf, off, suffixStart - off);
        crc.update('}');
        return (int) crc.getValue() == expected ? suffixStart : -1;
    }

    /** The object of an intact line (body and crc field), without its crc field; null if it is not one. */
    private static ObjectNode parse(byte[] buf, int off, int len) {
        try {
            // The whole line is the body plus one string field: parsed as it lies, that field dropped.
            JsonNode node = JsonTree.parse(buf, off, len, true);
            if (!(node instanceof ObjectNode obj)) {
                return null;
            }
            obj.remove("crc");
            return obj;
        } catch (IOException e) {
            return null;
        }
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static boolean endsMidLine(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = reader.size();
            if (size == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            reader.read(last, size - 1);
            return last.get(0) != '\n';
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing was buffered: every append was already forced to disk.
        }
    }
}
