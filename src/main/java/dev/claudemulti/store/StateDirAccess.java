package dev.claudemulti.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Refuses a state directory that someone else controls. Its files say which processes to signal
 * (stop, kill, clean and resume act on recorded pids) and what to feed claude on resume, so a
 * directory another user owns, or that group or others may write to, could be used to make this
 * user's claude-multi act on their behalf. Nothing is changed: the user is told what is wrong and
 * how to fix it, because silently changing the modes of a directory they made is not ours to do.
 */
public final class StateDirAccess {
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private StateDirAccess() {}

    /**
     * Checks an existing state directory (the path is followed if it is a symbolic link).
     *
     * @throws StoreException one line: what is wrong and what to do about it
     */
    static void check(Path dir) throws StoreException {
        check(dir, currentUid());
    }

    static void check(Path dir, long uid) throws StoreException {
        long owner;
        Set<PosixFilePermission> mode;
        try {
            owner = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
            mode = Files.getPosixFilePermissions(dir);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return; // no POSIX owners or modes here (Windows): nothing this check could say
        } catch (IOException e) {
            throw StoreException.io("cannot read the owner and mode of", dir, e);
        }
        if (uid >= 0 && owner != uid) {
            throw new StoreException(
                    "state directory " + dir + " belongs to " + ownerName(dir, owner) + ", not to you (uid " + uid
                            + "); use a state directory of your own (--state-dir DIR or CLAUDE_SESSIONS_DIR)");
        }
        List<String> writers = new ArrayList<>();
        if (mode.contains(PosixFilePermission.GROUP_WRITE)) {
            writers.add("its group");
        }
        if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            writers.add("all users");
        }
        if (!writers.isEmpty()) {
            throw new StoreException("state directory " + dir + " can be written by " + String.join(" and ", writers)
                    + " (mode " + octal(mode)
                    + "), who could change what claude-multi records and acts on; make it yours alone: chmod 700 "
                    + dir);
        }
    }

    /**
     * The effective uid of this process, from /proc; -1 where there is no /proc (then the owner
     * check is left out, the mode check still holds).
     */
    public static long currentUid() {
        try {
            // "Uid:\treal\teffective\tsaved\tfs", found in the bytes and split at its tabs: no lines, no
            // decoder and no regex, as every reading command starts here (they cost it a few milliseconds).
            String status = new String(Files.readAllBytes(PROC_STATUS), StandardCharsets.ISO_8859_1);
            int at = status.indexOf("\nUid:");
            if (at >= 0) {
                int end = status.indexOf('\n', at + 1);
                String[] ids = status.substring(at + "\nUid:".length(), end < 0 ? status.length() : end)
                        .strip()
                        .split("\t");
                return Long.parseLong(ids.length > 1 ? ids[1] : ids[0]); // real, effective, saved, fs
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static String ownerName(Path dir, long uid) {
        try {
            return "user " + Files.getOwner(dir).getName() + " (uid " + uid + ")";
        } catch (IOException e) {
            return "uid " + uid;
        }
    }

    private static String octal(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (PosixFilePermission p : mode) {
            bits |= 0400 >> p.ordinal(); // OWNER_READ first, OTHERS_EXECUTE last
        }
        return String.format("%04o", bits);
    }
}
