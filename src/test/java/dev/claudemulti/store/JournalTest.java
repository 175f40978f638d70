package dev.claudemulti.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void appendThenReplayRoundTrips() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append(entry("run_started", "a", 0));
            journal.append(entry("state", "a", 1).put("text", "ünïcode ✓ \"quoted\"\nnewline"));
            journal.append(entry("state", "b", 2));
            assertThat(journal.lastSeq()).isEqualTo(3);
        }
        List<ObjectNode> entries = Journal.replay(file);
        assertThat(entries).extracting(e -> e.get("seq").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(entries).extracting(e -> e.get("type").asText()).containsExactly("run_started", "state", "state");
        assertThat(entries.get(1).get("text").asText()).isEqualTo("ünïcode ✓ \"quoted\"\nnewline");
        assertThat(entries).allMatch(e -> e.has("ts") && !e.has("crc"));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .matches(
                        "\\{\"seq\":1,\"ts\":\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\",\"type\":\"run_started\",\"task\":\"a\",\"n\":0,\"crc\":\"[0-9a-f]{8}\"}");
    }

    @Test
    void theEntrysOwnSeqTsAndCrcAreReplaced() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append(entry("x", "a", 0).put("seq", 99).put("ts", "then").put("crc", "00000000"));
        }
        ObjectNode e = Journal.replay(file).get(0);
        assertThat(e.get("seq").asLong()).isEqualTo(1);
        assertThat(e.get("ts").asText()).isNotEqualTo("then");
        assertThat(e.has("crc")).isFalse();
    }

    @Test
    void missingFileReplaysEmpty() {
        assertThat(Journal.replay(dir.resolve("none.jsonl"))).isEmpty();
        assertThat(Journal.replay(dir)).isEmpty();
    }

    @Test
    void concurrentAppendsAreAllIntactWithUniqueSeqs() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Journal journal = Journal.open(file)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        journal.append(entry("state", "t" + thread, i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<ObjectNode> entries = Journal.replay(file);
        assertThat(entries).hasSize(4000);
        assertThat(entries)
                .extracting(e -> e.get("seq").asLong())
                .doesNotHaveDuplicates()
                .isSorted();
        for (int t = 0; t < 8; t++) {
            String task = "t" + t;
            assertThat(entries.stream()
                            .filter(e -> e.get("task").asText().equals(task))
                            .map(e -> e.get("n").asInt()))
                    .as("entries of %s in order", task)
                    .isSorted()
                    .hasSize(500);
        }
    }

    @Test
    void aJournalCutAtEveryByteReplaysTheCompleteLinesAndTakesNewEntries() throws Exception {
        Path full = dir.resolve("full.jsonl");
        try (Journal journal = Journal.open(full)) {
            for (int i = 0; i < 5; i++) {
                journal.append(entry("state", "task-" + i, i).put("text", "ü✓".repeat(i)));
            }
        }
        byte[] bytes = Files.readAllBytes(full);
        List<Integer> newlines = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                newlines.add(i);
            }
        }
        assertThat(newlines).hasSize(5);

        Path cut = dir.resolve("cut.jsonl");
        for (int len = 0; len <= bytes.length; len++) {
            Files.write(cut, Arrays.copyOf(bytes, len));
            // A line counts once its closing brace is there; its newline may still be missing.
            int complete = 0;
            for (int nl : newlines) {
                if (len >= nl) {
                    complete++;
                }
            }
            List<ObjectNode> replayed = Journal.replay(cut);
            assertThat(replayed)
                    .as("cut at %d", len)
                    .extracting(e -> e.get("n").asInt())
                    .containsExactlyElementsOf(range(complete));
            // The lines a reader may look at before parsing them are the same lines.
            assertThat(Journal.intactLines(cut))
                    .as("intact lines, cut at %d", len)
                    .extracting(line -> Journal.entryOf(line).get("n").asInt())
                    .containsExactlyElementsOf(range(complete));

            try (Journal resumed = Journal.open(cut)) {
                resumed.append(entry("resumed", "z", 99));
            }
            List<ObjectNode> after = Journal.replay(cut);
            assertThat(after).as("resumed after cut at %d", len).hasSize(complete + 1);
            assertThat(after.get(complete).get("seq").asLong()).isEqualTo(complete + 1);
            assertThat(after.get(complete).get("type").asText()).isEqualTo("resumed");
        }
    }

    @Test
    void aCorruptByteSkipsOnlyItsEntry() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (Journal journal = Journal.open(file)) {
            for (int i = 0; i < 3; i++) {
                journal.append(entry("state", "task", i));
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        int start = indexOf(bytes, (byte) '\n', 0) + 1;
        int end = indexOf(bytes, (byte) '\n', start);
        for (int i = start; i < end; i++) {
            byte[] flipped = bytes.clone();
            flipped[i] ^= 0x01;
            Files.write(file, flipped);
            assertThat(Journal.replay(file))
                    .as("byte %d flipped", i)
                    .extracting(e -> e.get("n").asInt())
                    .containsExactly(0, 2);
            assertThat(Journal.intactLines(file))
                    .as("intact lines, byte %d flipped", i)
                    .hasSize(2);
        }
    }

    @Test
    void garbageAndOverlongLinesAreSkipped() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append(entry("state", "a", 0));
        }
        byte[] huge = new byte[Journal.MAX_LINE_BYTES + 10];
        Arrays.fill(huge, (byte) 'x');
        Files.write(file, huge, StandardOpenOption.APPEND);
        Files.writeString(file, "\nnot json\n{\"seq\":7}\n\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(file)) {
            journal.append(entry("state", "b", 1));
        }
        assertThat(Journal.replay(file)).extracting(e -> e.get("seq").asLong()).containsExactly(1L, 2L);
        assertThat(Journal.intactLines(file))
                .extracting(line -> Journal.entryOf(line).get("seq").asLong())
                .containsExactly(1L, 2L);
    }

    @Test
    void asyncAppendsAreAllInTheJournalInOrderWhenTheirFuturesComplete() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        List<java.util.concurrent.CompletableFuture<Void>> durable = new ArrayList<>();
        try (Journal journal = Journal.open(file)) {
            for (int i = 0; i < 200; i++) {
                durable.add(journal.appendAsync(List.of(entry("state", "t" + i, i))));
            }
            java.util.concurrent.CompletableFuture.allOf(durable.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            // 200 entries written back to back: each fsync covered all written while the last one ran.
            assertThat(journal.forces()).isBetween(1L, 200L);
            assertThat(journal.lastSeq()).isEqualTo(200);
        }
        assertThat(Journal.replay(file)).extracting(e -> e.get("n").asInt()).containsExactlyElementsOf(range(200));
    }

    @Test
    void appendAfterCloseIsABug() throws Exception {
        Journal journal = Journal.open(dir.resolve("j.jsonl"));
        journal.close();
        journal.close();
        assertThatThrownBy(() -> journal.append(entry("x", "a", 0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFullDiskFailsTheAppendInOneLine() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full");
        try (Journal journal = Journal.open(full)) {
            assertThatThrownBy(() -> journal.append(entry("x", "a", 0)))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("cannot write journal /dev/full: no space left on device");
            assertThat(journal.lastSeq()).isZero();
        }
    }

    static ObjectNode entry(String type, String task, int n) {
        ObjectNode e = MAPPER.createObjectNode();
        e.put("type", type);
        e.put("task", task);
        e.put("n", n);
        return e;
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
