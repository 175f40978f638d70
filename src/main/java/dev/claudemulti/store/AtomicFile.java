package dev.claudemulti.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file so that a reader, or a crash at any moment, sees either the whole old content or
 * the whole new one: the bytes go to a temp file beside the target, are fsynced, renamed over the
 * target and then the directory itself is fsynced so the rename survives a power loss.
 * A crash leaves at most a stray {@code .<name>.<random>.tmp} file, which readers never look at.
 */
public final class AtomicFile {
    private AtomicFile() {}

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, true, true);
    }

    /**
     * Like {@link #write}, for a file the user asked for outside the state directory (a report): its
     * mode is left to the umask, as for any file a command writes, so that a CI step running as
     * another user can read it. Everything under the state directory stays private (0600).
     */
    public static void writeForUser(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), true, false);
    }

    /**
     * Like {@link #write}, but without the two fsyncs: readers and a crash of this process still see
     * the old or the new content, whole; after a power loss the file may hold an older version.
     * For files that something durable can rebuild: a session's prompt.txt, whose durable copy is
     * the task file in run.json, its session.json, a copy of its latest journal entry, and a run's
     * list-summary.json, a cache of what its journal says.
     */
    public static void writeUnsynced(Path target, byte[] bytes) throws IOException {
        write(target, bytes, false, true);
    }

    private static void write(Path target, byte[] bytes, boolean sync, boolean privateToUser) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(tempName(target));
        try {
            create(tmp, bytes, sync, privateToUser);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (sync) {
            fsyncDirectory(dir);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** True for the temp files {@link #write} leaves behind when it is interrupted. */
    public static boolean isTempFile(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    /** Creates {@code file} (it must not exist) with {@code bytes} and fsyncs it. */
    static void createSynced(Path file, byte[] bytes) throws IOException {
        create(file, bytes, true, true);
    }

    private static void create(Path file, byte[] bytes, boolean sync, boolean privateToUser) throws IOException {
        try (FileChannel ch = privateToUser
                ? PrivateFiles.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (sync) {
                ch.force(true);
            }
        }
    }

    /** Makes entries created or renamed in {@code dir} durable. */
    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some filesystems (and all of Windows) refuse to open or fsync a directory. The rename
            // is still atomic there; only its durability across a power loss is up to the OS.
        }
    }

    private static String tempName(Path target) {
        return "." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
    }
}
