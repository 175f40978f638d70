package dev.claudemulti.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLineFramerTest {
    private final List<String> lines = new ArrayList<>();

    private JsonLineFramer framer(int maxLine) {
        return new JsonLineFramer(
                new JsonLineFramer.LineSink() {
                    @Override
                    public void line(byte[] buf, int n, long totalLength) {
                        lines.add(new String(buf, 0, n, StandardCharsets.UTF_8) + " (" + totalLength + ")");
                    }

                    @Override
                    public void tooLong(byte[] start, int n, long totalLength) {
                        lines.add("too long: " + totalLength);
                    }
                },
                maxLine);
    }

    private static void feed(JsonLineFramer f, String text, int chunk) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i += chunk) {
            f.feed(b, i, Math.min(chunk, b.length - i));
        }
    }

    @Test
    void linesComeWholeWhateverTheChunksWithoutNewlineOrCarriageReturnAndBlankLinesSkipped() {
        JsonLineFramer f = framer(JsonLineFramer.DEFAULT_MAX_LINE_BYTES);
        feed(f, "{\"a\":1}\r\n\n   \n{\"b\":\"é\"}\n{\"c\":3}", 3);
        assertThat(lines).containsExactly("{\"a\":1} (7)", "{\"b\":\"é\"} (10)");
        f.finish();
        assertThat(lines).endsWith("{\"c\":3} (7)");
    }

    @Test
    void longStringsAreCutKeepingTheLineValidAndItsLengthTrue() {
        JsonLineFramer f = framer(256); // strings are cut at 64 bytes
        String line = "{\"t\":\"" + "x".repeat(1000) + "\",\"n\":1}";
        feed(f, line + "\n", 100);
        assertThat(lines).containsExactly("{\"t\":\"" + "x".repeat(64) + "…\",\"n\":1} (" + line.length() + ")");
    }

    @Test
    void aLineStillTooLongAfterCuttingIsReportedWithItsLength() {
        JsonLineFramer f = framer(16 << 10);
        String line = "[" + "1,".repeat(20_000) + "1]";
        feed(f, line + "\n{}\n", 4096);
        assertThat(lines).containsExactly("too long: " + line.length(), "{} (2)");
    }
}
