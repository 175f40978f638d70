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
        var record = new SessionRecord(
                null,
                "fix-types.2_ü",
                12,
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
                null,
                null,
                null,
                List.of(),
                "m",
                null);
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
}
