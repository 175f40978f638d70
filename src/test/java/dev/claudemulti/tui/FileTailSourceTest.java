package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.agent.AgentRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Follows a growing file; a stand-in decoder ("> " + line) replaces the agent's parser here. */
class FileTailSourceTest {
    @TempDir
    Path dir;

    final List<String> readable = new ArrayList<>();
    final List<String> raw = new ArrayList<>();
    int resets;

    final TailSource.Sink sink = new TailSource.Sink() {
        @Override
        public void readable(String line) {
            readable.add(line);
        }

        @Override
        public void raw(String line) {
            raw.add(line);
        }

        @Override
        public void reset() {
            resets++;
            readable.clear();
            raw.clear();
        }
    };

    /** Splits lines itself, like the real parser, and renders each as "> line". */
    static Function<Consumer<String>, FileTailSource.Decoder> prefixing() {
        return out -> new FileTailSource.Decoder() {
            final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void feed(byte[] buf, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    if (buf[i] == '\n') {
                        out.accept("> " + line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else if (line.size() < 100) {
                        line.write(buf[i]);
                    }
                }
            }
        };
    }

    private void append(Path f, String s) throws IOException {
        Files.writeString(f, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void followsAppendsIncludingLinesWrittenInPieces() throws IOException {
        Path f = dir.resolve("output.jsonl");
        FileTailSource src = new FileTailSource(f, prefixing());
        assertThat(src.poll(sink)).isFalse(); // no file yet
        assertThat(readable).isEmpty();
        append(f, "{\"a\":1}\n{\"b\":");
        src.poll(sink);
        assertThat(readable).containsExactly("> {\"a\":1}");
        assertThat(raw).containsExactly("{\"a\":1}");
        append(f, "2}\n");
        src.poll(sink);
        assertThat(readable).containsExactly("> {\"a\":1}", "> {\"b\":2}");
        assertThat(raw).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(src.poll(sink)).isFalse();
        assertThat(src.describe()).isEqualTo("output.jsonl");
        src.close();
    }

    @Test
    void aHugeFileIsReadFromItsLastMegabytesInBoundedChunks() throws IOException {
        Path f = dir.resolve("big.jsonl");
        String line = "{\"type\":\"assistant\",\"pad\":\"" + "x".repeat(980) + "\"}\n"; // ~1 KB
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            b.append(line.replace("assistant", String.format("a%05d", i)));
        }
        append(f, b.toString());
        FileTailSource src = new FileTailSource(f, prefixing());
        int polls = 1;
        while (src.poll(sink)) {
            polls++;
        }
        long size = Files.size(f);
        assertThat(polls)
                .isEqualTo((int) Math.ceil(FileTailSource.INITIAL_TAIL_BYTES / (double) FileTailSource.CHUNK_BYTES));
        assertThat(readable.get(0)).startsWith("… ").contains("of earlier output not shown");
        assertThat(raw.get(raw.size() - 1)).startsWith("{\"type\":\"a09999\"");
        // whole lines only: the first line shown after the note starts at a line boundary
        assertThat(raw.get(1)).startsWith("{\"type\":\"a");
        assertThat(raw.size() - 1).isLessThanOrEqualTo((int) (FileTailSource.INITIAL_TAIL_BYTES / 1000) + 1);
        assertThat(size).isGreaterThan(FileTailSource.INITIAL_TAIL_BYTES);
    }

    @Test
    void aLongRawLineIsKeptAsAnExcerptWithItsLength() throws IOException {
        Path f = dir.resolve("long.jsonl");
        append(f, "{\"big\":\"" + "y".repeat(200_000) + "\"}\n{\"small\":1}\n");
        FileTailSource src = new FileTailSource(f, prefixing());
        src.poll(sink);
        assertThat(raw).hasSize(2);
        assertThat(raw.get(0))
                .hasSizeLessThan(FileTailSource.RAW_EXCERPT_BYTES + 40)
                .endsWith("(195.3 KB line)");
        assertThat(raw.get(1)).isEqualTo("{\"small\":1}");
    }

    @Test
    void aReplacedFileStartsOver() throws IOException {
        Path f = dir.resolve("output.jsonl");
        append(f, "{\"first\":1}\n{\"first\":2}\n");
        FileTailSource src = new FileTailSource(f, prefixing());
        src.poll(sink);
        Files.writeString(f, "{\"new\":1}\n");
        src.poll(sink);
        assertThat(resets).isEqualTo(1);
        assertThat(raw).containsExactly("{\"new\":1}");
    }

    @Test
    void realParserAndRendererOnACapturedClaudeOutput() throws Exception {
        Path f = dir.resolve("output.jsonl");
        try (var in = getClass().getResourceAsStream("/agent/captured/success.jsonl")) {
            Files.write(f, in.readAllBytes());
        }
        TailSource src = TailSourceFactory.outputFiles(AgentRegistry.forReading("claude"), v -> f)
                .open(DemoRun.sessions().get(0));
        src.poll(sink);
        assertThat(readable.get(0)).startsWith("● init model=");
        assertThat(readable).anyMatch(l -> l.startsWith("■ result: success"));
        assertThat(raw).hasSize(Files.readAllLines(f).size());
        assertThat(raw.get(0)).startsWith("{\"type\":\"system\"");
    }

    @Test
    void nothingSourceSaysWhyOnce() throws IOException {
        TailSource n = new FileTailSource.Nothing("output is not available here");
        n.poll(sink);
        n.poll(sink);
        assertThat(readable).containsExactly("output is not available here");
    }
}
