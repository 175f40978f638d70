package dev.claudemulti.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the files and directories of the state directory private to the user: 0700 directories,
 * 0600 files. Prompts, transcripts and whatever an agent printed from the files it read are
 * recorded here, and on a shared machine the usual umask (022) would make them world-readable.
 * The modes are given to mkdir/open themselves, not set afterwards, so no other user can open a
 * file in the moment between its creation and a chmod; a umask can only take bits away from them,
 * never add any. On a file system without POSIX modes nothing is asked for.
 */
public final class PrivateFiles {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] DIRECTORY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
            }
            : new FileAttribute<?>[0];
    private static final FileAttribute<?>[] FILE = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];

    private PrivateFiles() {}

    /** Creates {@code dir} and its missing parents, each 0700; directories that exist are left as they are. */
    public static Path createDirectories(Path dir) throws IOException {
        return Files.createDirectories(dir, DIRECTORY);
    }

    /** Creates the directory {@code dir} (0700); it must not exist. */
    static Path createDirectory(Path dir) throws IOException {
        return Files.createDirectory(dir, DIRECTORY);
    }

    /** Opens {@code file} with {@code options}; if they create it, it is created 0600. */
    static FileChannel open(Path file, StandardOpenOption... options) throws IOException {
        return FileChannel.open(file, Set.of(options), FILE);
    }

    /**
     * Makes {@code file} 0600 after the fact, for a file that an API without a mode creates (a Unix
     * socket's bind): inside the state directory's 0700 directories, nobody else could open it meanwhile.
     */
    public static void restrict(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** Creates {@code file} empty (0600) unless it exists, so that a later redirect or append keeps that mode. */
    public static void createEmpty(Path file) throws IOException {
        try {
            Files.createFile(file, FILE);
        } catch (FileAlreadyExistsException e) {
            // a resumed or retried writer appends to its own earlier file
        }
    }

    /** An output stream appending to {@code file}, created 0600 if missing. */
    static OutputStream append(Path file) throws IOException {
        return Channels.newOutputStream(
                open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }
}
