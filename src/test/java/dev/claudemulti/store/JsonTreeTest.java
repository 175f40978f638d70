package dev.claudemulti.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The streaming tree reader gives what ObjectMapper.readTree gives, node types included. */
class JsonTreeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void sameTreesAsObjectMapper() throws Exception {
        for (String json : new String[] {
            "{\"seq\":1,\"ts\":\"2026-11-30T00:00:00Z\",\"event\":\"session\",\"cost\":0.25,\"big\":12345678901,"
                    + "\"huge\":123456789012345678901234567890,\"t\":true,\"f\":false,\"n\":null,"
                    + "\"a\":[1,[2,{\"x\":\"ü ✓ \\\"q\\\"\\n\"}],[]],\"o\":{},\"neg\":-1.5e-3,\"dup\":1,\"dup\":2}",
            "[1,2,3]",
            "\"text\"",
            "42",
            "null",
            "  {\"a\" : [ ] }  ",
        }) {
            assertThat(JsonTree.parse(json.getBytes(StandardCharsets.UTF_8)))
                    .as(json)
                    .isEqualTo(MAPPER.readTree(json));
            assertThat(JsonTree.parse(json, true)).as(json).isEqualTo(MAPPER.readTree(json));
        }
        com.fasterxml.jackson.databind.JsonNode n =
                JsonTree.parse("{\"i\":1,\"l\":12345678901,\"d\":1.0}".getBytes(StandardCharsets.UTF_8));
        assertThat(n.get("i").isInt()).isTrue();
        assertThat(n.get("l").isLong()).isTrue();
        assertThat(n.get("d").isDouble()).isTrue();
    }

    @Test
    void emptyInputIsNoValueAndBrokenInputThrows() throws Exception {
        assertThat(JsonTree.parse(new byte[0])).isNull();
        assertThat(JsonTree.parse("   ", true)).isNull();
        for (String bad : new String[] {"{\"a\":1", "[1,2", "{\"a\":}", "{\"a\" 1}", "tru"}) {
            assertThatThrownBy(() -> JsonTree.parse(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad)
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void trailingTokensFailOnlyWhenAsked() throws Exception {
        byte[] two = "{\"a\":1} {\"b\":2}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonTree.parse(two)).isInstanceOf(IOException.class);
        assertThat(JsonTree.parse(two, 0, two.length, false)).isEqualTo(MAPPER.readTree("{\"a\":1}"));
        byte[] framed = "xx{\"a\":1}yy".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonTree.parse(framed, 2, 7, true)).isEqualTo(MAPPER.readTree("{\"a\":1}"));
    }
}
