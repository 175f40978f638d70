package dev.claudemulti.launch.local;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * One pass over /proc: pid, parent, state and start time of every process, and the session
 * marker of every live one. Processes that vanish during the pass are simply left out.
 */
final class ProcTable {
    private static final Path PROC = Path.of("/proc");
    /** USER_HZ: the unit of /proc/PID/stat starttime. It is 100 on every Linux ABI Java runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private static final byte[] MARKER_PREFIX = (ProcessTree.MARKER_VARIABLE + "=").getBytes(StandardCharsets.US_ASCII);
    private static volatile long bootEpochSecond = -1;

    /** A process at one moment. {@code marker} is null when it has none or it is not live. */
    record Proc(long pid, long ppid, char state, long startTicks, String marker) {
        boolean live() {
            return state != 'Z' && state != 'X';
        }

        boolean stopped() {
            return state == 'T' || state == 't';
        }

        ProcId id() {
            return new ProcId(pid, startTicks);
        }
    }

    /**
     * A process identity that survives pid reuse: pid plus kernel start time in ticks since boot.
     * Its equals and hashCode are written out (see {@link dev.claudemulti.agent.Tokens}): a set of these is
     * made at every session's start.
     */
    record ProcId(long pid, long startTicks) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ProcId p && p.pid == pid && p.startTicks == startTicks;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(pid) * 31 + Long.hashCode(startTicks);
        }
    }

    /**
     * The marker each marked process's environment holds, read once rather than at every scan
     * (reading another process's environment is most of a scan's cost). An entry stands while the
     * pid has the same start time and the same name: a process's environment is fixed until it
     * execs, and an exec that drops the marker changes the name unless it runs a program of the
     * same name, and then the process is still one of the session's. Only markers found are kept:
     * a process read as unmarked is read again at the next scan, for a process between its fork
     * and its exec may be read with an environment it is about to replace by one with a marker
     * (remembering "unmarked" left a hook's background process running, under load). Entries of
     * processes a whole-table scan no longer sees are dropped.
     */
    private record MarkerSeen(long startTicks, int comm, String marker) {}

    private static final Map<Long, MarkerSeen> MARKERS_SEEN = new ConcurrentHashMap<>();

    private final Map<Long, Proc> byPid;
    private Map<Long, List<Proc>> children;

    private ProcTable(Map<Long, Proc> byPid) {
        this.byPid = byPid;
    }

    /** Reads every process; markers only of live ones, since a zombie's environment is empty. */
    static ProcTable scan() {
        return scan(0);
    }

    /**
     * Reads every process, but markers only of live ones started at or after {@code markersSince}
     * clock ticks after boot: a session's processes all start after its main process, so older
     * ones cannot carry its marker.
     */
    static ProcTable scan(long markersSince) {
        Map<Long, Proc> procs = new HashMap<>(512);
        byte[][] buffer = {new byte[16 * 1024]};
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
            for (Path dir : dirs) {
                long pid = parsePid(dir.getFileName().toString());
                if (pid <= 0) {
                    continue;
                }
                Proc proc = read(pid, markersSince, buffer);
                if (proc != null) {
                    procs.put(pid, proc);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        MARKERS_SEEN.entrySet().removeIf(seen -> {
            Proc now = procs.get(seen.getKey());
            return now == null || now.startTicks() != seen.getValue().startTicks();
        });
        return new ProcTable(procs);
    }

    /** The process with this pid, read now, or null if there is none. Its marker is not read. */
    static Proc readOne(long pid) {
        return readOne(pid, false);
    }

    static Proc readOne(long pid, boolean withMarker) {
        return read(pid, withMarker, new byte[][] {new byte[withMarker ? 16 * 1024 : 1024]});
    }

    Proc get(long pid) {
        return byPid.get(pid);
    }

    /** The live process this id names, or null if it has exited or the pid now names another process. */
    Proc live(ProcId id) {
        Proc proc = byPid.get(id.pid());
        return proc != null && proc.live() && proc.startTicks() == id.startTicks() ? proc : null;
    }

    List<Proc> liveMatching(Predicate<Proc> filter) {
        List<Proc> result = new ArrayList<>();
        for (Proc proc : byPid.values()) {
            if (proc.live() && filter.test(proc)) {
                result.add(proc);
            }
        }
        return result;
    }

    List<Proc> childrenOf(long pid) {
        if (children == null) {
            Map<Long, List<Proc>> map = new HashMap<>();
            for (Proc proc : byPid.values()) {
                map.computeIfAbsent(proc.ppid(), k -> new ArrayList<>(2)).add(proc);
            }
            children = map;
        }
        return children.getOrDefault(pid, Collections.emptyList());
    }

    static Instant toInstant(long startTicks) {
        long boot = bootEpochSecond;
        if (boot < 0) {
            boot = readBootEpochSecond();
            bootEpochSecond = boot;
        }
        return Instant.ofEpochSecond(boot).plus(Duration.ofMillis(startTicks * 1000 / TICKS_PER_SECOND));
    }

    private static long readBootEpochSecond() {
        try {
            for (String line : Files.readAllLines(PROC.resolve("stat"))) {
                if (line.startsWith("btime ")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read btime from /proc/stat", e);
        }
        throw new IllegalStateException("no btime in /proc/stat");
    }

    private static Proc read(long pid, boolean withMarker, byte[][] buffer) {
        return read(pid, withMarker ? 0 : Long.MAX_VALUE, buffer);
    }

    /** Reads /proc/PID/stat, and the marker from its environment if it started at or after {@code markersSince}. */
    private static Proc read(long pid, long markersSince, byte[][] buffer) {
        String base = "/proc/" + pid;
        int n = readFile(base + "/stat", buffer);
        if (n <= 0) {
            return null;
        }
        // Parsed in place, without a String per field: a scan reads every process's stat, once
        // per tick while any stop is pending, and splitting was a third of the ticker's time.
        byte[] stat = buffer[0];
        // comm (field 2) may contain spaces and ')', so fields are counted from the last ')'.
        int at = n - 1;
        while (at >= 0 && stat[at] != ')') {
            at--;
        }
        if (at < 0 || at + 2 >= n) {
            return null;
        }
        int comm = commHash(stat, at);
        at += 2; // field 3 (state)
        char state = (char) stat[at];
        long ppid = -1;
        long startTicks = -1;
        // Field 4 is ppid, field 22 starttime; fields are single-space separated numbers from field 4 on.
        for (int field = 3; field <= 22; field++) {
            int end = at;
            while (end < n && stat[end] != ' ' && stat[end] != '\n') {
                end++;
            }
            if (end == at) {
                return null; // an empty or missing field: not a stat line this reader understands
            }
            if (field == 4) {
                ppid = parseDecimal(stat, at, end);
            } else if (field == 22) {
                startTicks = parseDecimal(stat, at, end);
            }
            at = end + 1;
            if (at > n && field < 22) {
                return null;
            }
        }
        if (ppid < 0 || startTicks < 0) {
            return null;
        }
        String marker = null;
        if (startTicks >= markersSince && state != 'Z' && state != 'X') {
            MarkerSeen seen = MARKERS_SEEN.get(pid);
            if (seen != null && seen.startTicks() == startTicks && seen.comm() == comm) {
                marker = seen.marker();
            } else {
                int len = readFile(base + "/environ", buffer);
                marker = len > 0 ? findMarker(buffer[0], len) : null;
                if (marker != null) {
                    MARKERS_SEEN.put(pid, new MarkerSeen(startTicks, comm, marker));
                }
            }
        }
        return new Proc(pid, ppid, state, startTicks, marker);
    }

    /** A hash of comm (field 2, between the first '(' and the last ')' at {@code close}). */
    private static int commHash(byte[] stat, int close) {
        int open = 0;
        while (open < close && stat[open] != '(') {
            open++;
        }
        int hash = 1;
        for (int i = open + 1; i < close; i++) {
            hash = 31 * hash + stat[i];
        }
        return hash;
    }

    private static String findMarker(byte[] env, int len) {
        int start = 0;
        while (start < len) {
            int end = start;
            while (end < len && env[end] != 0) {
                end++;
            }
            if (end - start >= MARKER_PREFIX.length && startsWith(env, start, MARKER_PREFIX)) {
                int from = start + MARKER_PREFIX.length;
                return new String(env, from, end - from, StandardCharsets.UTF_8);
            }
            start = end + 1;
        }
        return null;
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads a whole /proc file into buffer[0], growing it; -1 if the process is gone or unreadable. */
    private static int readFile(String path, byte[][] buffer) {
        try (InputStream in = new FileInputStream(path)) {
            int total = 0;
            while (true) {
                if (total == buffer[0].length) {
                    byte[] bigger = new byte[buffer[0].length * 2];
                    System.arraycopy(buffer[0], 0, bigger, 0, total);
                    buffer[0] = bigger;
                }
                int n = in.read(buffer[0], total, buffer[0].length - total);
                if (n < 0) {
                    return total;
                }
                total += n;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The non-negative decimal in {@code data[from, to)}, or -1 if it is not one. */
    private static long parseDecimal(byte[] data, int from, int to) {
        if (to - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = data[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static long parsePid(String name) {
        if (name.isEmpty() || name.length() > 18) {
            return -1;
        }
        long pid = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            pid = pid * 10 + (c - '0');
        }
        return pid;
    }
}
