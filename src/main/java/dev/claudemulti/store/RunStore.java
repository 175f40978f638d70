package dev.claudemulti.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * One run's directory: {@code run.json}, {@code journal.jsonl} and {@code sessions/<task-id>/}.
 * Attempt 1 of a task keeps its files directly in {@code sessions/<task-id>/}; attempt N > 1 in
 * {@code sessions/<task-id>/attempt-N/}, so a retry never overwrites earlier output.
 *
 * <p>The read methods work from any process (status, dashboard attach) and never throw for
 * a missing or half-written file.
 */
public final class RunStore {
    private static final int KEY_TAIL_BYTES = 512;

    private final String runId;
    private final Path dir;
    private final Map<String, String> env;
    private Journal journal;

    RunStore(String runId, Path dir) {
        this(runId, dir, System.getenv());
    }

    RunStore(String runId, Path dir, Map<String, String> env) {
        this.runId = runId;
        this.dir = dir;
        this.env = env;
    }

    public String runId() {
        return runId;
    }

    public Path dir() {
        return dir;
    }

    public Path runInfoFile() {
        return dir.resolve("run.json");
    }

    /**
     * Where the run's live orchestrator answers status requests (a Unix socket; see
     * {@code cli.StatusSocket}): present only while one runs, or left by one that was killed.
     */
    public Path statusSocket() {
        return dir.resolve("status.sock");
    }

    /**
     * Replaces run.json atomically. Secret-looking keys anywhere in it are redacted first, and so
     * are the secret values of this process's environment wherever they appear.
     */
    public void writeRunInfo(ObjectNode runInfo) throws StoreException {
        writeJson(runInfoFile(), runInfo);
    }

    /**
     * run.json as a JSON tree, or null if missing or unreadable (a torn write leaves the old file,
     * never half of one). Code outside the store reads it typed, through {@code record.RunInfo}.
     */
    public JsonNode readRunInfo() {
        return readJson(runInfoFile());
    }

    /** run.json's bytes, or null if it is missing or unreadable. */
    public byte[] readRunInfoBytes() {
        return readBytes(runInfoFile());
    }

    /** The journal, opened for appending (created if missing); the same instance until it is closed. */
    public synchronized Journal journal() throws StoreException {
        if (journal == null || journal.isClosed()) {
            journal = Journal.open(journalFile());
        }
        return journal;
    }

    /**
     * The run's lock for the orchestrator that runs its sessions, or null if another process (or
     * another command of this JVM) holds it. See {@link RunLock}.
     */
    public RunLock tryLock() throws StoreException {
        return RunLock.tryTake(dir);
    }

    /** Standard output and error of a detached orchestrator ({@code start}, {@code run --detach}). */
    public Path orchestratorOut() {
        return dir.resolve("orchestrator.out");
    }

    /** Creates {@link #orchestratorOut()} private to the user (0600), for the detached orchestrator's redirect to append to. */
    public Path createOrchestratorOut() throws StoreException {
        Path file = orchestratorOut();
        try {
            PrivateFiles.createEmpty(file);
        } catch (IOException e) {
            throw StoreException.io("cannot create", file, e);
        }
        return file;
    }

    /** The run's JSON report ({@code report.json}), written when the batch ends, before the on-finish hooks run. */
    public Path reportFile() {
        return dir.resolve("report.json");
    }

    /** Replaces {@link #reportFile()} atomically (private, like everything in the state directory). */
    public void writeReport(ObjectNode report) throws StoreException {
        writeJson(reportFile(), report);
    }

    /** Where the run's hooks write their output, each run headed by a timestamped line. */
    public Path hooksLog() {
        return dir.resolve("hooks.log");
    }

    /** A cache of what {@code list} shows of an ended run; see {@link #journalKey()}. */
    public Path listSummaryFile() {
        return dir.resolve("list-summary.json");
    }

    /** Replaces {@link #listSummaryFile()} atomically (not durably: see below). */
    public void writeListSummary(ObjectNode summary) throws StoreException {
        // Without fsyncs (two fewer on a run's last step): a cache that the journal rebuilds; one lost
        // or left stale by a power loss is unreadable or of another key, and list replays the journal.
        writeJson(listSummaryFile(), summary, false);
    }

    /** {@link #listSummaryFile()} as a JSON tree, or null if missing or unreadable. */
    public JsonNode readListSummary() {
        return readJson(listSummaryFile());
    }

    /**
     * What a summary derived from this run's records must be keyed by: the journal's size and a
     * checksum of its last bytes (its last entry), and run.json's size. Any append to the journal,
     * or a rewritten run.json of another size (a resume), changes it. Not guaranteed: that a
     * journal cut and rewritten to the same size with the same last bytes changes it.
     */
    public String journalKey() {
        Path journalFile = journalFile();
        long size;
        CRC32 tail = new CRC32();
        try (FileChannel channel = FileChannel.open(journalFile)) {
            size = channel.size();
            int n = (int) Math.min(size, KEY_TAIL_BYTES);
            ByteBuffer buf = ByteBuffer.allocate(n);
            long at = size - n;
            while (buf.hasRemaining() && channel.read(buf, at + buf.position()) > 0) {
                // reads until the tail is in
            }
            tail.update(buf.array(), 0, buf.position());
        } catch (IOException e) {
            size = -1;
        }
        long infoSize;
        try {
            infoSize = Files.size(runInfoFile());
        } catch (IOException e) {
            infoSize = -1;
        }
        return size + ":" + Long.toHexString(tail.getValue()) + ":" + infoSize;
    }

    /** Path of the journal file, for readers that only replay it. */
    public Path journalFile() {
        return dir.resolve("journal.jsonl");
    }

    public Path sessionsDir() {
        return dir.resolve("sessions");
    }

    /** The files of one attempt of one task. Creates nothing. */
    public SessionFiles session(String taskId, int attempt) {
        if (taskId == null
                || taskId.isEmpty()
                || taskId.equals(".")
                || taskId.equals("..")
                || taskId.contains("/")
                || taskId.contains("\\")
                || taskId.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("task id cannot name a directory: " + taskId);
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more: " + attempt);
        }
        Path taskDir = sessionsDir().resolve(taskId);
        Path d = attempt == 1 ? taskDir : taskDir.resolve("attempt-" + attempt);
        return new SessionFiles(
                taskId,
                attempt,
                d,
                d.resolve("prompt.txt"),
                d.resolve("output.jsonl"),
                d.resolve("stderr.log"),
                d.resolve("session.json"));
    }

    /** Creates the attempt's directory and writes prompt.txt (atomically). */
    public SessionFiles prepareSession(String taskId, int attempt, String prompt) throws StoreException {
        SessionFiles files = session(taskId, attempt);
        try {
            PrivateFiles.createDirectories(files.dir());
            // Created here, private, so that the launcher's redirect and the output pump only write to them.
            PrivateFiles.createEmpty(files.output());
            PrivateFiles.createEmpty(files.stderr());
        } catch (IOException e) {
            throw StoreException.io("cannot create", files.dir(), e);
        }
        try {
            // Not fsynced: run.json's copy of the task file is the durable one; this is claude's stdin.
            AtomicFile.writeUnsynced(files.prompt(), prompt.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw StoreException.io("cannot write", files.prompt(), e);
        }
        return files;
    }

    /**
     * Replaces the attempt's session.json atomically (redacted like run.json), without fsync: it is
     * a copy of the attempt's latest journal entry for people and tools, which nothing here reads
     * back, and its two fsyncs per write were the largest cost of a short session after the
     * journal's. A reader or a crash of this process still sees a whole file; after a power loss it
     * may be older than the journal, which is the record that counts.
     */
    public void writeSessionInfo(SessionFiles files, ObjectNode info) throws StoreException {
        writeJson(files.sessionInfo(), info, false);
    }

    /** The attempt's session.json, or null. */
    public JsonNode readSessionInfo(SessionFiles files) {
        return readJson(files.sessionInfo());
    }

    /**
     * Where other processes leave requests (stop, kill, stop-all, retry) for the orchestrator
     * that owns this run; it watches the directory and is the one that acts and records.
     */
    public Path requestsDir() {
        return dir.resolve("requests");
    }

    /** Leaves a request for the owning orchestrator, atomically, under a name that sorts by time. */
    public Path writeRequest(ObjectNode request) throws StoreException {
        Path d = requestsDir();
        Path file = d.resolve(String.format(
                "%019d-%08x.json",
                System.currentTimeMillis() * 1_000_000L + System.nanoTime() % 1_000_000L,
                java.util.concurrent.ThreadLocalRandom.current().nextInt()));
        try {
            PrivateFiles.createDirectories(d);
        } catch (IOException e) {
            throw StoreException.io("cannot create", d, e);
        }
        writeJson(file, request);
        return file;
    }

    /** Deletes the requests written before {@code cutoff}: left for an orchestrator that is gone. */
    public void dropRequestsOlderThan(java.time.Instant cutoff) {
        try (Stream<Path> children = Files.list(requestsDir())) {
            children.filter(p -> p.getFileName().toString().endsWith(".json")).forEach(p -> {
                try {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // gone already, or not ours to delete: either way not acted on
                }
            });
        } catch (IOException e) {
            // no requests directory yet: nothing to drop
        }
    }

    /**
     * Takes the pending requests, oldest first: each file is read and deleted, so a request is
     * acted on once. Unreadable files (a writer's temp file) are left alone.
     */
    public List<JsonNode> takeRequests() {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> children = Files.list(requestsDir())) {
            children.filter(p -> p.getFileName().toString().endsWith(".json") && !AtomicFile.isTempFile(p))
                    .forEach(files::add);
        } catch (IOException e) {
            return List.of();
        }
        files.sort(null);
        List<JsonNode> requests = new ArrayList<>();
        for (Path f : files) {
            JsonNode node = readJson(f);
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                continue; // cannot consume it, so do not act on it twice
            }
            if (node != null) {
                requests.add(node);
            }
        }
        return requests;
    }

    /** Ids of the tasks that have a directory under sessions/, sorted. */
    public List<String> taskIds() {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> children = Files.list(sessionsDir())) {
            children.filter(Files::isDirectory)
                    .forEach(p -> ids.add(p.getFileName().toString()));
        } catch (IOException e) {
            return List.of();
        }
        ids.sort(null);
        return ids;
    }

    /**
     * The attempt numbers of a task that have files, ascending: 1 if any file of attempt 1 exists,
     * then N for each {@code attempt-N/} directory. Empty for an unknown task.
     */
    public List<Integer> sessionAttempts(String taskId) {
        SessionFiles first = session(taskId, 1);
        List<Integer> attempts = new ArrayList<>();
        if (Files.exists(first.prompt())
                || Files.exists(first.output())
                || Files.exists(first.stderr())
                || Files.exists(first.sessionInfo())) {
            attempts.add(1);
        }
        try (Stream<Path> children = Files.list(first.dir())) {
            children.filter(Files::isDirectory).forEach(p -> {
                int attempt = attemptOfDir(p.getFileName().toString());
                if (attempt > 1) {
                    attempts.add(attempt);
                }
            });
        } catch (IOException e) {
            return attempts;
        }
        attempts.sort(null);
        return attempts;
    }

    /**
     * N of a directory named {@code attempt-N} (N from 1 to 999,999,999, no leading zero), else 0.
     * By hand: a regex compiled in this class's initialiser cost every reading command the start
     * of the JVM's lambda machinery, about 10 ms.
     */
    static int attemptOfDir(String name) {
        String prefix = "attempt-";
        int digits = name.length() - prefix.length();
        if (!name.startsWith(prefix) || digits < 1 || digits > 9 || name.charAt(prefix.length()) == '0') {
            return 0;
        }
        int n = 0;
        for (int i = prefix.length(); i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** The highest attempt with files, or 0 if the task has none yet. */
    public int latestAttempt(String taskId) {
        List<Integer> attempts = sessionAttempts(taskId);
        return attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1);
    }

    private void writeJson(Path file, ObjectNode node) throws StoreException {
        writeJson(file, node, true);
    }

    private void writeJson(Path file, ObjectNode node, boolean synced) throws StoreException {
        byte[] bytes = (JsonTree.pretty(Secrets.redact(node, env)) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (synced) {
                AtomicFile.write(file, bytes);
            } else {
                AtomicFile.writeUnsynced(file, bytes);
            }
        } catch (IOException e) {
            throw StoreException.io("cannot write", file, e);
        }
    }

    static JsonNode readJson(Path file) {
        byte[] bytes = readBytes(file);
        try {
            JsonNode node = bytes == null ? null : JsonTree.parse(bytes);
            return node != null && node.isObject() ? node : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The file's bytes, or null if it is missing or unreadable. */
    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
