package dev.claudemulti.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Samples /proc every {@value #PERIOD_MS} ms while a run goes on. Once the run's directory appears
 * under {@code state/runs}, it watches processes whose CLAUDE_MULTI_SESSION starts with
 * {@code runId/}: how many of them run the claude executable at once (tool children such as
 * {@code sh -c 'sleep 2'} are not counted), and every command line seen.
 */
final class ProcSampler implements AutoCloseable {
    static final long PERIOD_MS = 50;
    private static final String VARIABLE = "CLAUDE_MULTI_SESSION=";

    private final Path runsDir;
    private final Path claudeExe;
    private final Thread thread;
    private final Set<String> commandLines = ConcurrentHashMap.newKeySet();
    private volatile boolean done;
    private volatile int maxClaude;
    private volatile int samples;

    private ProcSampler(Path runsDir, Path claudeBinary) {
        this.runsDir = runsDir;
        try {
            this.claudeExe = claudeBinary.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this::loop, "proc-sampler");
        thread.setDaemon(true);
    }

    static ProcSampler start(Path stateDir, Path claudeBinary) {
        var s = new ProcSampler(stateDir.resolve("runs"), claudeBinary);
        s.thread.start();
        return s;
    }

    /** Most claude processes of the run seen alive in one sample. */
    int maxClaude() {
        return maxClaude;
    }

    /** Samples taken after the run's prefix was known. */
    int samples() {
        return samples;
    }

    /** Command lines of every live process carrying the run's marker, over the whole run. */
    Set<String> commandLines() {
        return Set.copyOf(commandLines);
    }

    @Override
    public void close() throws InterruptedException {
        done = true;
        thread.join(5000);
    }

    private void loop() {
        String prefix = null;
        while (!done) {
            if (prefix == null) {
                prefix = runPrefix();
            }
            if (prefix != null) {
                sample(prefix);
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private String runPrefix() {
        try (Stream<Path> runs = Files.list(runsDir)) {
            return runs.findFirst().map(p -> p.getFileName() + "/").orElse(null);
        } catch (IOException e) {
            return null; // not created yet
        }
    }

    private void sample(String prefix) {
        Set<String> claudeSessions = new HashSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || zombie(proc)) {
                    continue;
                }
                String marker = marker(proc);
                if (marker == null || !marker.startsWith(prefix)) {
                    continue;
                }
                commandLines.add(
                        read(proc.resolve("cmdline")).replace('\0', ' ').trim());
                if (isClaude(proc)) {
                    // By session, so that a helper process claude might fork is not a second "claude".
                    claudeSessions.add(marker);
                }
            }
        } catch (IOException e) {
            return;
        }
        samples++;
        maxClaude = Math.max(maxClaude, claudeSessions.size());
    }

    private boolean isClaude(Path proc) {
        try {
            return Files.readSymbolicLink(proc.resolve("exe")).equals(claudeExe);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean zombie(Path proc) {
        String stat = read(proc.resolve("stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length()) {
            return true; // gone
        }
        char state = stat.charAt(close + 2);
        return state == 'Z' || state == 'X';
    }

    private static String marker(Path proc) {
        for (String entry : read(proc.resolve("environ")).split("\0")) {
            if (entry.startsWith(VARIABLE)) {
                return entry.substring(VARIABLE.length());
            }
        }
        return null;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
