package dev.claudemulti.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Counts live processes by their session marker, straight from /proc. Deliberately written apart
 * from {@code dev.claudemulti.launch.local} so that tests of that code do not trust it. Zombies (Z, X)
 * are not live: pid 1 here does not reap orphans.
 */
public final class ProcCount {
    private static final String VARIABLE = "CLAUDE_MULTI_SESSION=";

    private ProcCount() {}

    /** Pids of live processes whose environment has CLAUDE_MULTI_SESSION=marker exactly. */
    public static List<Long> live(String marker) {
        return matching(marker::equals);
    }

    /** Pids of live processes whose marker starts with prefix (e.g. "run-1/"). */
    public static List<Long> liveWithPrefix(String prefix) {
        return matching(m -> m.startsWith(prefix));
    }

    /** Pids of zombie children of a process (for this JVM: children it failed to reap). */
    public static List<Long> zombieChildrenOf(long parent) {
        List<Long> result = new ArrayList<>();
        for (long pid : pids()) {
            String[] stat = stat(pid);
            if (stat != null && stat[1].equals(Long.toString(parent)) && isDead(stat[0])) {
                result.add(pid);
            }
        }
        return result;
    }

    /**
     * Waits up to {@code wait} until no live process carries a marker starting with {@code prefix};
     * throws an AssertionError naming what is left (pid, state, command line) if some remain.
     */
    public static void assertNoneLeft(String prefix, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Long> left = liveWithPrefix(prefix);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            sleep();
            left = liveWithPrefix(prefix);
        }
        if (!left.isEmpty()) {
            StringBuilder text = new StringBuilder("processes left with marker " + prefix + "*:");
            for (long pid : left) {
                String[] stat = stat(pid);
                text.append("\n  ")
                        .append(pid)
                        .append(' ')
                        .append(stat == null ? "?" : stat[0])
                        .append(' ')
                        .append(cmdline(pid));
            }
            throw new AssertionError(text);
        }
    }

    private static List<Long> matching(Predicate<String> marker) {
        List<Long> result = new ArrayList<>();
        for (long pid : pids()) {
            String[] stat = stat(pid);
            if (stat == null || isDead(stat[0])) {
                continue;
            }
            String value = markerOf(pid);
            if (value != null && marker.test(value)) {
                result.add(pid);
            }
        }
        return result;
    }

    private static boolean isDead(String state) {
        return state.equals("Z") || state.equals("X");
    }

    private static List<Long> pids() {
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            return dirs.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::valueOf)
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fields 3 (state) and 4 (ppid) of /proc/PID/stat, or null if it is gone. */
    private static String[] stat(long pid) {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return new String[] {fields[0], fields[1]};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String markerOf(long pid) {
        try {
            String environ = new String(
                    Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.UTF_8);
            for (String entry : environ.split("\0")) {
                if (entry.startsWith(VARIABLE)) {
                    return entry.substring(VARIABLE.length());
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String cmdline(long pid) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ')
                    .trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
