package dev.claudemulti.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.launch.HandleRecord;
import dev.claudemulti.record.JournalEntry.Recorded;
import dev.claudemulti.record.JournalEntry.SessionChanged;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed records against files of release 0.1.0 (the compat fixture) and against themselves. */
class RecordsTest {
    private static final Path FIXTURE = Path.of("src/test/resources/compat/state-0.1.0");
    private static final String KILLED = "20261201-005820-0af7";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void anUnversionedRunningEntryGetsALocalHandleFromItsOldFields() {
        List<Recorded> entries = JournalEntries.replay(FIXTURE.resolve("runs/" + KILLED + "/journal.jsonl"));
        assertThat(entries).hasSize(13);
        assertThat(entries.get(0).entry()).isInstanceOf(JournalEntry.RunStarted.class);
        assertThat(((JournalEntry.RunStarted) entries.get(0).entry()).tasks())
                .hasSize(8)
                .startsWith("fix-types");
        Recorded running = entries.get(10);
        assertThat(running.schemaVersion()).isEqualTo(SchemaVersion.UNVERSIONED);
        assertThat(running.seq()).isEqualTo(11);
        SessionChanged changed = (SessionChanged) running.entry();
        assertThat(changed.session().task()).isEqualTo("fix-types");
        assertThat(changed.session().state()).isEqualTo("running");
        assertThat(changed.pidStart()).isEqualTo(Instant.parse("2026-12-01T00:58:19.920Z"));
        assertThat(changed.handle())
                .isEqualTo(new HandleRecord(
                        "local",
                        Map.of(
                                "pid",
                                "17262",
                                "pid_start",
                                "2026-12-01T00:58:19.920Z",
                                "marker",
                                KILLED + "/fix-types/1")));
        SessionChanged queued = (SessionChanged) entries.get(1).entry();
        assertThat(queued.handle()).isNull();
        assertThat(queued.session().schemaVersion()).isNull();
    }

    @Test
    void aSessionEntryRoundTripsWithItsHandleAndVersion() throws Exception {
        var session = new SessionRecord(
                null,
                "t",
                2,
                "running",
                null,
                42L,
                Instant.parse("2026-01-01T00:00:00Z"),
                null,
                10,
                1,
                0.5,
                new SessionRecord.TokenCounts(1, 2, 3, 4),
                "Bash: ls",
                null,
                null,
                null,
                "m",
                List.of(new SessionRecord.Denial("Write", "toolu_1", "a.txt")),
                "run/t/2",
                new SessionRecord.Workspace(
                        "/repo",
                        "/state/runs/run/worktrees/t",
                        "claude-multi/run/t",
                        "abc1",
                        "def2",
                        new SessionRecord.ChangeCounts(3, 20, 4)));
        HandleRecord handle = LocalHandles.of(42, Instant.parse("2026-01-01T00:00:01Z"), "run/t/2");
        var entry = new SessionChanged(session, Instant.parse("2026-01-01T00:00:01Z"), handle, null);
        Path file = dir.resolve("journal.jsonl");
        try (Journal journal = Journal.open(file)) {
            JournalEntries.append(journal, List.of(entry, new JournalEntry.RunFinished()));
        }
        ObjectNode line = (ObjectNode) JSON.readTree(Files.readAllLines(file).get(0));
        assertThat(line.path("event").asText()).isEqualTo("session");
        assertThat(line.path("schema_version").asInt()).isEqualTo(SchemaVersion.CURRENT);
        // Release 0.1.0's readers find what they always found, the handle beside it.
        assertThat(line.path("pid").asLong()).isEqualTo(42);
        assertThat(line.path("marker").asText()).isEqualTo("run/t/2");
        assertThat(line.path("pid_start").asText()).isEqualTo("2026-01-01T00:00:01Z");
        assertThat(line.path("handle").path("kind").asText()).isEqualTo("local");
        assertThat(line.path("handle").path("attributes").path("pid").asText()).isEqualTo("42");
        assertThat(line.path("denials").get(0).path("tool_use_id").asText()).isEqualTo("toolu_1");
        assertThat(line.path("workspace").path("worktree").asText()).isEqualTo("/state/runs/run/worktrees/t");
        assertThat(line.path("workspace").path("changes").path("insertions").asInt())
                .isEqualTo(20);

        List<Recorded> back = JournalEntries.replay(file);
        assertThat(back.get(0).entry()).isEqualTo(entry);
        assertThat(back.get(0).schemaVersion()).isEqualTo(SchemaVersion.CURRENT);
        assertThat(back.get(1).entry()).isEqualTo(new JournalEntry.RunFinished());
        assertThat(back.get(1).ts()).isNotNull();
    }

    /** Guards {@link SessionLineReader}: a record component it does not read comes back unset. */
    @Test
    void theHandWrittenSessionLineReaderReadsEveryComponentTheMapperWrites() throws Exception {
        SessionRecord full = sampleOf(SessionRecord.class).unversioned(); // the line has the version
        var entry = new SessionChanged(
                full, Instant.parse("2026-01-01T00:00:09Z"), new HandleRecord("ssh", Map.of("host", "h1")), 99L);
        ObjectNode line = JournalEntries.encode(entry);
        assertThat(JournalEntries.decode(line).entry()).isEqualTo(entry);
    }

    /** Guards {@link RunInfoReader} in the same way. */
    @Test
    void theHandWrittenRunJsonReaderReadsEveryComponentTheMapperWrites() throws Exception {
        RunInfo full = sampleOf(RunInfo.class);
        assertThat(RunInfoReader.read(RecordJson.toTree(full))).isEqualTo(full);
        // As status reads run.json: from its bytes, the task file's copy left unread until asked for.
        RunInfo fromBytes = RunInfoReader.read(JSON.writeValueAsBytes(RecordJson.toTree(full)));
        assertThat(fromBytes.taskFile().toString()).contains("unread");
        assertThat(fromBytes).isEqualTo(full);
        assertThat(fromBytes.taskFileText()).isEqualTo(full.taskFileText());
        assertThat(RunInfoReader.read("{\"task_file\":{\"a\":1}} x".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isNull();
    }

    /** The owner read from run.json's head is the owner the whole file names, however it is laid out. */
    @Test
    void theOwnerReadFromRunJsonsHeadIsTheOwnerOfTheWholeFile() throws Exception {
        RunInfo full = sampleOf(RunInfo.class);
        byte[] written = JSON.writeValueAsBytes(RecordJson.toTree(full));
        assertThat(RunInfoReader.owner(written)).isEqualTo(new RunInfo.Owner(full.pid(), full.pidStart()));
        for (String json : new String[] {
            "{\"task_file\":{\"tasks\":[]},\"pid\":5,\"pid_start\":\"2026-01-01T00:00:00Z\"}", // late
            "{\"pid\":\"5\",\"pid_start\":\"2026-01-01T00:00:00Z\"}", // a pid of another type
            "{\"pid\":5,\"pid\":6,\"pid_start\":\"2026-01-01T00:00:00Z\"}", // repeated: the last counts
            "{\"pid\":5}", // no start time
            "{\"run_id\":\"r\"}",
            "{}",
        }) {
            byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            RunInfo whole = RunInfoReader.read(bytes);
            assertThat(RunInfoReader.owner(bytes)).as(json).isEqualTo(new RunInfo.Owner(whole.pid(), whole.pidStart()));
        }
        assertThat(RunInfoReader.owner("[1]".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isNull();
        assertThat(RunInfoReader.owner("{\"pid\":".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isNull();
        assertThat(RunInfoReader.owner(null)).isNull();
    }

    /** A record with every component set to a value that is not its default. */
    private static <R extends Record> R sampleOf(Class<R> type) throws Exception {
        var components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = sample(components[i]);
        }
        return type.getDeclaredConstructor(java.util.Arrays.stream(components)
                        .map(java.lang.reflect.RecordComponent::getType)
                        .toArray(Class<?>[]::new))
                .newInstance(values);
    }

    @SuppressWarnings("unchecked")
    private static Object sample(java.lang.reflect.RecordComponent c) throws Exception {
        if (c.getName().equals("state")) {
            return "running";
        }
        Class<?> type = c.getType();
        if (type == String.class) {
            return c.getName() + "-value";
        } else if (type == Integer.class || type == int.class) {
            return 7;
        } else if (type == Long.class || type == long.class) {
            return 8L;
        } else if (type == Double.class) {
            return 0.25;
        } else if (type == boolean.class || type == Boolean.class) {
            return true;
        } else if (type == Instant.class) {
            return Instant.parse("2026-01-01T00:00:0" + c.getName().length() % 10 + "Z");
        } else if (type == TaskFileCopy.class) {
            return TaskFileCopy.of(JSON.readTree("{\"tasks\":[{\"id\":\"a\",\"prompt\":\"p\"}]}"));
        } else if (type == com.fasterxml.jackson.databind.JsonNode.class) {
            return JSON.readTree("{\"tasks\":[{\"id\":\"a\",\"prompt\":\"p\"}]}");
        } else if (type == List.class && c.getGenericType().getTypeName().contains("String")) {
            return List.of("a", "b");
        } else if (type == List.class && c.getGenericType().getTypeName().contains("Instant")) {
            return List.of(Instant.parse("2026-01-02T00:00:00Z"));
        } else if (type == List.class && c.getGenericType().getTypeName().contains("Denial")) {
            return List.of(new SessionRecord.Denial("Write", "toolu_1", "a.txt"));
        } else if (type.isRecord()) {
            return sampleOf((Class<? extends Record>) type);
        }
        throw new AssertionError("no sample value for " + c + ": add one, and read it in the hand-written reader");
    }

    @Test
    void theHandWrittenReaderReadsEveryOtherKindOfEntryTheMapperWrites() throws Exception {
        for (Class<? extends Record> kind : List.of(
                JournalEntry.RunStarted.class,
                JournalEntry.RunResumed.class,
                JournalEntry.RequestTaken.class,
                JournalEntry.Interrupted.class,
                JournalEntry.RunFinished.class)) {
            JournalEntry entry = (JournalEntry) sampleOf(kind);
            assertThat(JournalEntries.decode(JournalEntries.encode(entry)).entry())
                    .as(kind.getSimpleName())
                    .isEqualTo(entry);
        }
    }

    @Test
    void anUnknownEventReadsAsUnrecognisedAndAFieldOfTheWrongShapeAsAbsent() {
        ObjectNode later = JSON.createObjectNode()
                .put("seq", 3)
                .put("event", "lease_renewed")
                .put("schema_version", 7);
        Recorded r = JournalEntries.decode(later);
        assertThat(r.entry()).isEqualTo(new JournalEntry.Unrecognised("lease_renewed"));
        assertThat(r.schemaVersion()).isEqualTo(7);
        ObjectNode bad =
                JSON.createObjectNode().put("seq", 4).put("event", "request").put("task", "t");
        bad.putObject("action").put("x", 1);
        assertThat(JournalEntries.decode(bad).entry()).isEqualTo(new JournalEntry.RequestTaken(null, "t", 0));
    }

    @Test
    void runJsonOfRelease010Reads() throws Exception {
        RunStore run = StateDir.open(copyOfFixture()).openRun(KILLED);
        RunInfo info = RunInfo.read(run);
        assertThat(info.schemaVersion()).isNull();
        assertThat(info.runId()).isEqualTo(KILLED);
        assertThat(info.pid()).isEqualTo(17231L);
        assertThat(info.pidStart()).isEqualTo(Instant.parse("2026-12-01T00:58:18.970Z"));
        assertThat(info.simulated()).isTrue();
        assertThat(info.ended()).isNull();
        assertThat(info.resumed()).isNull();
        assertThat(info.options())
                .isEqualTo(new RunInfo.Options("sonnet", 5.0, 4, 600L, 5000L, "/tmp", "bypassPermissions", "claude"));
        assertThat(JSON.readTree(info.taskFileText()).path("tasks")).hasSize(8);
    }

    @Test
    void runJsonRoundTripsWithItsVersion() throws Exception {
        RunStore run = StateDir.open(dir.resolve("state")).createRun();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        RunInfo info = RunInfo.current(
                run.runId(),
                "9.9",
                7,
                at,
                "claude",
                false,
                at,
                List.of(at),
                null,
                new RunInfo.Options("opus", 1.5, 2, 60L, 100L, "/p", "plan", "claude"),
                "tasks.json",
                TaskFileCopy.of(JSON.getNodeFactory().textNode("not json")),
                new RunInfo.Workspace("worktree", "/p", "abc1", "claude-multi/"));
        info.writeTo(run);
        assertThat(JSON.readTree(run.runInfoFile().toFile())
                        .path("workspace")
                        .path("branch_prefix")
                        .asText())
                .isEqualTo("claude-multi/");
        assertThat(JSON.readTree(run.runInfoFile().toFile())
                        .path("schema_version")
                        .asInt())
                .isEqualTo(2);
        RunInfo back = RunInfo.read(run);
        assertThat(back).isEqualTo(info);
        assertThat(back.taskFileText()).isEqualTo("not json");
        assertThat(back.resumedThen(at.plusSeconds(1))).containsExactly(at, at.plusSeconds(1));
    }

    @Test
    void runJsonRoundTripsTheRunPolicyOptionsAndAFileWithoutThemReadsThemAsUnset() throws Exception {
        RunStore run = StateDir.open(dir.resolve("state")).createRun();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        var options = new RunInfo.Options(
                "opus",
                1.5,
                2,
                60L,
                100L,
                "/p",
                "plan",
                "claude",
                0,
                1500L,
                true,
                "now,fail=20%",
                4.5,
                "/p/prices.json",
                false,
                0L,
                null,
                null,
                null);
        RunInfo info = RunInfo.current(
                run.runId(), "9.9", 7, at, "claude", false, at, null, null, options, "t.json", null, null);
        info.writeTo(run);
        var written = JSON.readTree(run.runInfoFile().toFile()).path("options");
        assertThat(written.path("retry_delay_ms").asLong()).isEqualTo(1500);
        assertThat(written.path("max_cost_usd").asDouble()).isEqualTo(4.5);
        assertThat(written.path("result_grace_ms").isNumber()).isTrue();
        assertThat(RunInfo.read(run).options()).isEqualTo(options);

        var older = (ObjectNode) JSON.readTree(run.runInfoFile().toFile());
        ((ObjectNode) older.get("options"))
                .remove(List.of(
                        "retries",
                        "retry_delay_ms",
                        "retry_fresh",
                        "halt",
                        "max_cost_usd",
                        "prices_file",
                        "adaptive",
                        "result_grace_ms"));
        assertThat(RunInfoReader.read(older).options())
                .isEqualTo(new RunInfo.Options("opus", 1.5, 2, 60L, 100L, "/p", "plan", "claude"));
    }

    @Test
    void sessionJsonOfRelease010Reads() throws Exception {
        RunStore run = StateDir.open(copyOfFixture()).openRun("20261201-005800-0c29");
        SessionRecord failed = SessionRecord.read(run, run.session("perf-budget", 1));
        assertThat(failed.schemaVersion()).isNull();
        assertThat(failed.state()).isEqualTo("failed");
        assertThat(failed.costUsd()).isEqualTo(0.51);
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.tokens()).isEqualTo(new SessionRecord.TokenCounts(3839, 591, 15000, 0));
        assertThat(failed.marker()).isEqualTo("20261201-005800-0c29/perf-budget/1");
        assertThat(failed.denialList()).isEmpty();
    }

    private Path copyOfFixture() throws Exception {
        Path state = dir.resolve("fixture");
        try (var files = Files.walk(FIXTURE)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = state.resolve(FIXTURE.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(
                            target, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return state;
    }
}
