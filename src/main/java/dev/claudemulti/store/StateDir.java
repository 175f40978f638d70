package dev.claudemulti.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The root of the state directory: {@code runs/<run-id>/...} and {@code orchestrator.log}.
 * The store package is the only code that writes under it.
 *
 * <p>Run ids are {@code yyyyMMdd-HHmmss-xxxx}: the UTC time the run was created (UTC, so ids of
 * one state directory sort by time whatever the machine's time zone) and four hex digits. The
 * first run of a second gets a random suffix below 0x1000; a run created in the same second as,
 * or (clock stepped back) before, the newest run takes the newest run's time and its suffix + 1.
 * So ids sort in creation order, and two processes racing for one id are kept apart by the
 * atomic creation of the directory.
 */
public final class StateDir {
    private static final int PROBE_BYTES = 4096;

    private final Path root;
    private final Clock clock;
    /** The environment whose secret values run.json and the orchestrator log never contain. */
    private final Map<String, String> env;

    private StateDir(Path root, Clock clock, Map<String, String> env) {
        this.root = root;
        this.clock = clock;
        this.env = env;
    }

    /**
     * Opens (creating if needed, private to the user) a state directory and proves it writable by
     * writing, fsyncing and deleting a probe file: a missing parent that cannot be created, a
     * read-only directory or a full disk fail here, before any session starts. So does a directory
     * that another user owns or that others may write to ({@link StateDirAccess}), before anything
     * is written in it.
     */
    public static StateDir open(Path root) throws StoreException {
        return open(root, System.getenv());
    }

    /** {@link #open(Path)}, redacting the secret values of {@code env} (the command's environment). */
    public static StateDir open(Path root, Map<String, String> env) throws StoreException {
        return open(root, Clock.systemUTC(), env);
    }

    static StateDir open(Path root, Clock clock) throws StoreException {
        return open(root, clock, System.getenv());
    }

    private static StateDir open(Path root, Clock clock, Map<String, String> env) throws StoreException {
        Path dir = root.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new StoreException("state directory " + dir + " is not a directory");
        }
        try {
            PrivateFiles.createDirectories(dir);
        } catch (IOException e) {
            throw cannotCreate(dir, e);
        }
        if (!Files.isWritable(dir)) {
            throw new StoreException("state directory " + dir + " is not writable");
        }
        StateDirAccess.check(dir);
        probe(dir);
        try {
            PrivateFiles.createDirectories(dir.resolve("runs"));
        } catch (IOException e) {
            throw notWritable(dir, e);
        }
        return new StateDir(dir, clock, env);
    }

    /** Opens an existing state directory for reading only (status, list, result...). */
    public static StateDir existing(Path root) throws StoreException {
        return existing(root, System.getenv());
    }

    /** {@link #existing(Path)}, redacting the secret values of {@code env} (the command's environment). */
    public static StateDir existing(Path root, Map<String, String> env) throws StoreException {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new StoreException("no state directory at " + dir + " (nothing has run yet?)");
        }
        // Readers too: stop, kill and clean act on the processes its files name.
        StateDirAccess.check(dir);
        return new StateDir(dir, Clock.systemUTC(), env);
    }

    public Path root() {
        return root;
    }

    public Path runsDir() {
        return root.resolve("runs");
    }

    public Path orchestratorLog() {
        return root.resolve("orchestrator.log");
    }

    /** The orchestrator log of this state directory, redacting the secrets of the environment it was opened with. */
    public OrchestratorLog log() {
        return new OrchestratorLog(orchestratorLog(), env);
    }

    /** A new run directory with a fresh id that sorts by time (e.g. 20261124-120003-a1b2). */
    public synchronized RunStore createRun() throws StoreException {
        Path runs = runsDir();
        try {
            PrivateFiles.createDirectories(runs);
        } catch (IOException e) {
            throw StoreException.io("cannot create", runs, e);
        }
        String stamp = runStamp(clock.instant());
        int suffix = ThreadLocalRandom.current().nextInt(0x1000);
        List<String> ids = runIds();
        if (!ids.isEmpty()) {
            String newest = ids.get(ids.size() - 1);
            String newestStamp = newest.substring(0, 15);
            if (newestStamp.compareTo(stamp) >= 0) {
                stamp = newestStamp;
                suffix = Integer.parseInt(newest.substring(16), 16) + 1;
            }
        }
        for (; suffix <= 0xffff; suffix++) {
            String id = stamp + "-" + String.format("%04x", suffix);
            Path dir = runs.resolve(id);
            try {
                PrivateFiles.createDirectory(dir);
                AtomicFile.fsyncDirectory(runs);
                return new RunStore(id, dir, env);
            } catch (FileAlreadyExistsException taken) {
                // Another process took this id in the same second: try the next one.
            } catch (IOException e) {
                throw StoreException.io("cannot create run directory", dir, e);
            }
        }
        throw new StoreException(
                "cannot create a run directory in " + runs + ": every id of second " + stamp + " is taken");
    }

    /**
     * Takes over a run directory that {@link #createRun()} made for a detached orchestrator: it
     * must exist and hold no run.json yet, so two orchestrators never share one run.
     */
    public RunStore claimRun(String runId) throws StoreException {
        RunStore run = openRun(runId);
        if (Files.exists(run.runInfoFile())) {
            throw new StoreException(
                    "run " + runId + " already has an orchestrator (" + run.runInfoFile() + " exists)");
        }
        return run;
    }

    /** Bytes held by the files of a run (0 if it is gone). */
    public long runSize(String runId) {
        long[] total = {0};
        try (Stream<Path> files = Files.walk(runsDir().resolve(runId))) {
            files.filter(Files::isRegularFile).forEach(f -> {
                try {
                    total[0] += Files.size(f);
                } catch (IOException e) {
                    // vanished while counting
                }
            });
        } catch (IOException e) {
            return total[0];
        }
        return total[0];
    }

    /**
     * Deletes a run's directory and everything in it; returns the bytes freed. The caller decides
     * that the run is over: this only refuses ids that do not name a run.
     */
    public long deleteRun(String runId) throws StoreException {
        Path dir = openRun(runId).dir();
        long size = runSize(runId);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw StoreException.io("cannot delete", dir, e);
        }
        return size;
    }

    /** Run ids, oldest first. */
    public List<String> runIds() {
        List<String> ids = new ArrayList<>();
        // java.io's list: names only, no stream of paths; each name is checked before its stat.
        Path runs = runsDir();
        String[] names = runs.toFile().list();
        if (names == null) {
            return List.of(); // no runs directory, or unreadable
        }
        for (String name : names) {
            if (isRunId(name) && Files.isDirectory(runs.resolve(name))) {
                ids.add(name);
            }
        }
        ids.sort(null);
        return ids;
    }

    /** The newest run, or a StoreException "no runs in DIR" if there is none. */
    public RunStore latestRun() throws StoreException {
        List<String> ids = runIds();
        if (ids.isEmpty()) {
            throw new StoreException("no runs in " + root);
        }
        String id = ids.get(ids.size() - 1);
        return new RunStore(id, runsDir().resolve(id), env);
    }

    /**
     * True if {@code name} is a run id as {@link #createRun} makes them: {@code yyyyMMdd-HHmmss-xxxx},
     * x a lowercase hex digit. By hand: every reading command lists the runs, and compiling a pattern
     * for it cost more than the listing.
     */
    static boolean isRunId(String name) {
        if (name.length() != 20 || name.charAt(8) != '-' || name.charAt(15) != '-') {
            return false;
        }
        for (int i = 0; i < 20; i++) {
            char c = name.charAt(i);
            boolean ok = i == 8 || i == 15 || (c >= '0' && c <= '9') || (i > 15 && c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** An existing run, or a StoreException "unknown run ID (see claude-multi list)". */
    public RunStore openRun(String runId) throws StoreException {
        if (runId == null || !isRunId(runId) || !Files.isDirectory(runsDir().resolve(runId))) {
            throw new StoreException("unknown run " + runId + " (see claude-multi list)");
        }
        return new RunStore(runId, runsDir().resolve(runId), env);
    }

    private static void probe(Path dir) throws StoreException {
        Path probe = dir.resolve(
                ".probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            AtomicFile.createSynced(probe, new byte[PROBE_BYTES]);
        } catch (IOException e) {
            deleteQuietly(probe);
            throw notWritable(dir, e);
        }
        try {
            Files.delete(probe);
        } catch (IOException e) {
            throw notWritable(dir, e);
        }
    }

    static StoreException cannotCreate(Path dir, IOException e) {
        String reason = StoreException.reason(e);
        if (reason.equals("no space left on device")) {
            return new StoreException("state directory " + dir + ": no space left on device", e);
        }
        Path ancestor = dir.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor != null && !Files.isDirectory(ancestor)) {
            return new StoreException(
                    "state directory " + dir + " cannot be created: " + ancestor + " is not a directory", e);
        }
        return new StoreException("state directory " + dir + " cannot be created: parent is not writable", e);
    }

    static StoreException notWritable(Path dir, IOException e) {
        if (StoreException.reason(e).equals("no space left on device")) {
            return new StoreException("state directory " + dir + ": no space left on device", e);
        }
        return new StoreException("state directory " + dir + " is not writable", e);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The probe already failed; that is the error worth reporting.
        }
    }

    /**
     * The time part of a new run id, {@code yyyyMMdd-HHmmss} in UTC, written by hand: building a
     * {@code DateTimeFormatter} costs a run about 10 ms before its first session can start.
     */
    static String runStamp(java.time.Instant at) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(15);
        IsoInstant.digits(b, t.getYear(), 4);
        IsoInstant.digits(b, t.getMonthValue(), 2);
        IsoInstant.digits(b, t.getDayOfMonth(), 2);
        b.append('-');
        IsoInstant.digits(b, t.getHour(), 2);
        IsoInstant.digits(b, t.getMinute(), 2);
        IsoInstant.digits(b, t.getSecond(), 2);
        return b.toString();
    }
}
