package dev.claudemulti.tui;

import dev.claudemulti.workspace.Git;
import dev.claudemulti.workspace.SessionWorkspace;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One session's diff as {@code git diff --stat --patch BASE COMMIT} prints it (the file list, then
 * the hunks), spooled to a temp file by a reader thread while the dashboard shows what has arrived.
 * Only the start offset of each line stays in memory (8 bytes a line); the text is read back from
 * the file a page at a time, so a diff larger than memory can still be scrolled.
 *
 * <p>Thread-safe: the reader thread appends, the GUI thread reads lines and counts. Guaranteed:
 * {@link #close} stops git, ends the reader and deletes the temp file. Not guaranteed: lines longer
 * than {@link #MAX_LINE_BYTES} are read whole (they are cut there), or that git's error text is kept
 * (a failed git leaves only its exit code).
 */
final class DiffDocument implements Closeable {
    /** A line is read back up to this many bytes: far more than a terminal row shows. */
    static final int MAX_LINE_BYTES = 4096;

    private static final long NOTIFY_EVERY_NANOS = 100_000_000L;

    private final Path file;
    private final Process git;
    private final Runnable arrived;
    private final Thread reader;
    private final RandomAccessFile readBack;

    // Guarded by this.
    private long[] lineStarts = new long[256];
    private int lineCount;
    private long length;
    private boolean complete;
    private String failure;

    private DiffDocument(Path file, Process git, Runnable arrived) throws IOException {
        this.file = file;
        this.git = git;
        this.arrived = arrived;
        this.readBack = new RandomAccessFile(file.toFile(), "r");
        this.reader = new Thread(this::spool, "diff-reader");
        reader.setDaemon(true);
    }

    /**
     * Starts git on the workspace's repository. {@code arrived} is called from the reader thread,
     * at most ten times a second and once at the end, so the screen can show what came.
     */
    static DiffDocument open(SessionWorkspace ws, Runnable arrived) throws IOException {
        Path file = Files.createTempFile("claude-multi-diff", ".txt");
        Process git = null;
        try {
            git = new Git(Path.of(ws.repo()))
                    .start("diff", "--no-color", "--no-ext-diff", "--stat=120", "--patch", ws.base(), ws.commit());
            DiffDocument doc = new DiffDocument(file, git, arrived);
            doc.reader.start();
            return doc;
        } catch (IOException | RuntimeException e) {
            if (git != null) {
                git.destroyForcibly();
            }
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private void spool() {
        long lastNotify = System.nanoTime();
        try (InputStream in = git.getInputStream();
                OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            boolean atLineStart = true;
            long offset = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
                synchronized (this) {
                    for (int i = 0; i < n; i++) {
                        if (atLineStart) {
                            addLine(offset + i);
                        }
                        atLineStart = buf[i] == '\n';
                    }
                    offset += n;
                    length = offset;
                }
                if (System.nanoTime() - lastNotify > NOTIFY_EVERY_NANOS) {
                    lastNotify = System.nanoTime();
                    arrived.run();
                }
            }
            int exit = git.waitFor();
            synchronized (this) {
                if (exit != 0) {
                    failure = "git diff failed (exit " + exit + ")";
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                failure = "cannot read the diff: " + e.getMessage();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                complete = true;
            }
            arrived.run();
        }
    }

    private void addLine(long start) {
        if (lineCount == lineStarts.length) {
            lineStarts = Arrays.copyOf(lineStarts, lineStarts.length * 2);
        }
        lineStarts[lineCount++] = start;
    }

    /** Lines read so far (the last one may still be growing). */
    synchronized int lineCount() {
        return lineCount;
    }

    /** True once git has exited and every line it printed is counted. */
    synchronized boolean complete() {
        return complete;
    }

    /** Why the diff is incomplete (git failed or could not be read), or null. */
    synchronized String failure() {
        return failure;
    }

    /** Up to {@code count} lines from line {@code first}, without their line ends, as UTF-8 text. */
    synchronized List<String> lines(int first, int count) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = Math.max(0, first); i < lineCount && out.size() < count; i++) {
            long start = lineStarts[i];
            long end = i + 1 < lineCount ? lineStarts[i + 1] : length;
            int len = (int) Math.min(MAX_LINE_BYTES, end - start);
            byte[] bytes = new byte[len];
            readBack.seek(start);
            readBack.readFully(bytes);
            int textLen = len;
            while (textLen > 0 && (bytes[textLen - 1] == '\n' || bytes[textLen - 1] == '\r')) {
                textLen--;
            }
            out.add(new String(bytes, 0, textLen, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        git.destroyForcibly();
        reader.interrupt();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                readBack.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temp file left behind is all that can go wrong here
            }
        }
    }
}
