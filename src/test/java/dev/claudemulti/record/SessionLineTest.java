package dev.claudemulti.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.store.Journal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SessionLine} reads a session line's task and attempt from the bytes as the journal writes them, and nothing else. */
class SessionLineTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheTaskAndAttemptOfEachSessionLineTheJournalWrites() throws Exception {
        Path file = tmp.resolve("journal.jsonl");
        var record = running("fix-types.2_ü", 12, null, null);
        try (Journal journal = Journal.open(file)) {
            JournalEntries.append(
                    journal,
                    List.of(
                            new JournalEntry.RunStarted(1, "claude", List.of("fix-types.2_ü")),
                            new JournalEntry.SessionChanged(record, null, null, null),
                            new JournalEntry.RequestTaken("stop", "fix-types.2_ü", 3L),
                            new JournalEntry.RunFinished()));
        }
        List<byte[]> lines = Journal.intactLines(file);
        assertThat(lines).hasSize(4);
        assertThat(SessionLine.read(lines.get(0)).kind()).isEqualTo(SessionLine.Kind.OTHER);
        assertThat(SessionLine.read(lines.get(1)).kind()).isEqualTo(SessionLine.Kind.SESSION);
        assertThat(SessionLine.read(lines.get(1)).task()).isEqualTo("fix-types.2_ü");
        assertThat(SessionLine.read(lines.get(1)).attempt()).isEqualTo(12);
        assertThat(SessionLine.read(lines.get(2)).kind()).isEqualTo(SessionLine.Kind.OTHER);
        assertThat(SessionLine.read(lines.get(3)).kind()).isEqualTo(SessionLine.Kind.OTHER);
        // What the line says when read as JSON, crc field left out, as replay reads it.
        assertThat(Journal.entryOf(lines.get(1)).path("task").asText()).isEqualTo("fix-types.2_ü");
        assertThat(Journal.entryOf(lines.get(1)).has("crc")).isFalse();
    }

    @Test
    void anyOtherLayoutIsUnreadableNotGuessedAt() {
        for (String line : new String[] {
            "{\"seq\":3,\"ts\":\"t\",\"event\":\"session\",\"task\":\"a\",\"attempt\":1}", // no schema_version
            "{\"seq\":3,\"ts\":\"t\",\"event\":\"session\",\"schema_version\":2,\"attempt\":1,\"task\":\"a\"}",
            "{\"seq\":3,\"ts\":\"t\",\"event\":\"session\",\"schema_version\":2,\"task\":\"a\\\"b\",\"attempt\":1}",
            "{\"seq\":3,\"ts\":\"t\",\"event\":\"session\",\"schema_version\":2,\"task\":\"\",\"attempt\":1}",
            "{\"seq\":3,\"ts\":\"t\",\"event\":\"session\",\"schema_version\":2,\"task\":\"a\",\"attempt\":1.5}",
            "{\"seq\":3,\"ts\":\"t\",\"event\":\"session\",\"schema_version\":2,\"task\":\"a\",\"attempt\":12345678901}",
            "{\"seq\":3,\"ts\":\"t\",\"event\":\"session\",\"schema_version\":2,\"task\":\"a\",\"attempt\":1",
            "{\"ts\":\"t\",\"seq\":3,\"event\":\"session\",\"schema_version\":2,\"task\":\"a\",\"attempt\":1}",
            "{\"seq\":3,\"ts\":\"t\",\"event\":\"session\"}",
            "",
        }) {
            assertThat(SessionLine.read(line.getBytes(StandardCharsets.UTF_8)).kind())
                    .as(line)
                    .isEqualTo(SessionLine.Kind.UNREADABLE);
        }
        assertThat(SessionLine.read("{\"seq\":3,\"ts\":\"t\",\"event\":\"sessions_x\",\"a\":1}"
                                .getBytes(StandardCharsets.UTF_8))
                        .kind())
                .isEqualTo(SessionLine.Kind.OTHER);
    }

    /**
     * A fresh queued attempt's line is read from its bytes into exactly what the JSON reader makes of
     * it; any other line, or one with a text it does not read plainly, is left to the JSON reader.
     */
    @Test
    void aFreshQueuedLineReadFromItsBytesIsWhatTheJsonReaderReads() throws Exception {
        Path file = tmp.resolve("journal.jsonl");
        List<JournalEntry> entries = new java.util.ArrayList<>();
        java.util.List<Boolean> plain = new java.util.ArrayList<>();
        for (String task : new String[] {"t1", "fix-types.2_x", "ü-task"}) {
            for (String sessionId : new String[] {null, "48da96dd-b113-4c8c-9644-e6c6985c0077"}) {
                for (String model : new String[] {null, "sonnet", "claude-ü", "a\"b"}) {
                    for (int attempt : new int[] {1, 12}) {
                        var view = dev.claudemulti.engine.SessionView.queued(task, attempt, model);
                        entries.add(new JournalEntry.SessionChanged(
                                dev.claudemulti.engine.SessionRecords.toRecord(
                                        sessionId == null ? view : view.withSessionId(sessionId)),
                                null,
                                null,
                                null));
                        plain.add(task.chars().allMatch(c -> c < 0x7f)
                                && (model == null || model.chars().allMatch(c -> c < 0x7f && c != '"')));
                    }
                }
            }
        }
        // Queued but not fresh (a retry pending, figures of an earlier attempt), and other states.
        var retrying = dev.claudemulti.engine.SessionView.queued("t1", 2, "sonnet")
                .withFigures(3, 0.5, new dev.claudemulti.agent.Tokens(1, 2, 3, 4), "s", null);
        entries.add(new JournalEntry.SessionChanged(
                dev.claudemulti.engine.SessionRecords.toRecord(retrying), null, null, null));
        plain.add(false);
        var running = running("t1", 1, "s", "sonnet");
        entries.add(new JournalEntry.SessionChanged(running, Instant.EPOCH, null, null));
        plain.add(false);
        entries.add(new JournalEntry.RunStarted(1, "claude", List.of("t1")));
        plain.add(false);
        try (Journal journal = Journal.open(file)) {
            JournalEntries.append(journal, entries);
        }

        List<byte[]> lines = Journal.intactLines(file);
        assertThat(lines).hasSize(entries.size());
        for (int i = 0; i < lines.size(); i++) {
            String text = new String(lines.get(i), StandardCharsets.UTF_8);
            JournalEntry.Recorded fast = SessionLine.freshQueued(lines.get(i));
            if (plain.get(i)) {
                assertThat(fast).as(text).isNotNull();
                assertThat(fast).as(text).isEqualTo(JournalEntries.decode(Journal.entryOf(lines.get(i))));
                assertThat(fast.entry()).isEqualTo(entries.get(i));
            } else {
                assertThat(fast).as(text).isNull();
            }
        }
    }

    @Test
    void aQueuedLineLaidOutOtherwiseIsLeftToTheJsonReader() {
        String fresh =
                "{\"seq\":5,\"ts\":\"2026-12-02T15:45:00.085977783Z\",\"event\":\"session\",\"schema_version\":2,"
                        + "\"task\":\"t9\",\"attempt\":1,\"state\":\"queued\",\"output_bytes\":0,\"turns\":0,"
                        + "\"tokens\":{\"input\":0,\"output\":0,\"cache_read\":0,\"cache_write\":0},\"session_id\":\"s\","
                        + "\"model\":\"sonnet\",\"crc\":\"b22623fa\"}";
        assertThat(SessionLine.freshQueued(fresh.getBytes(StandardCharsets.UTF_8)))
                .isNotNull();
        for (String other : new String[] {
            fresh.replace("\"seq\":5", "\"seq\":05"), // leading zeros: not JSON
            fresh.replace("\"attempt\":1", "\"attempt\":01"),
            fresh.replace("\"schema_version\":2", "\"schema_version\":02"),
            fresh.replace("\"turns\":0", "\"turns\":1"),
            fresh.replace(",\"crc\"", ",\"reason\":\"x\",\"crc\""), // one field more
            fresh.replace("\"model\":\"sonnet\",", ""), // fine without a model...
            fresh.replace("\"sonnet\"", "\"son\\u006eet\""), // ...but not with an escape
            fresh.replace("\"b22623fa\"}", "\"b22623fa\"} "),
            fresh.substring(0, fresh.length() - 1),
        }) {
            JournalEntry.Recorded read = SessionLine.freshQueued(other.getBytes(StandardCharsets.UTF_8));
            if (other.equals(fresh.replace("\"model\":\"sonnet\",", ""))) {
                assertThat(read).as(other).isNotNull();
                assertThat(((JournalEntry.SessionChanged) read.entry())
                                .session()
                                .model())
                        .isNull();
            } else {
                assertThat(read).as(other).isNull();
            }
        }
    }

    /** A running attempt's record, started at the epoch with pid 7 and marker "m". */
    private static SessionRecord running(String task, int attempt, String sessionId, String model) {
        return new SessionRecord(
                null,
                task,
                attempt,
                "running",
                null,
                7L,
                Instant.EPOCH,
                null,
                0,
                0,
                null,
                SessionRecord.TokenCounts.ZERO,
                null,
                null,
                sessionId,
                null,
                model,
                List.of(),
                "m",
                null);
    }
}
