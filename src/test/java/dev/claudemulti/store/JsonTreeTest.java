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

    /** A deferred member's bytes hold its value exactly; everything else is the tree parse gives. */
    @Test
    void aDeferredMemberIsLeftAsItsBytesAndTheRestIsTheUsualTree() throws Exception {
        String json = "{\"a\":1, \"t\" : {\"tasks\":[{\"id\":\"x\",\"p\":\"ü } ]\"}], \"n\":{}} ,\"z\":[true]}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        JsonTree.Deferred d = JsonTree.parseDeferring(bytes, "t");
        com.fasterxml.jackson.databind.JsonNode whole = MAPPER.readTree(json);
        assertThat(d.object())
                .isEqualTo(((com.fasterxml.jackson.databind.node.ObjectNode) whole.deepCopy()).without("t"));
        assertThat(new String(bytes, d.offset(), d.length(), StandardCharsets.UTF_8))
                .startsWith("{")
                .endsWith("}");
        assertThat(JsonTree.parse(bytes, d.offset(), d.length(), true)).isEqualTo(whole.get("t"));

        byte[] array = "{\"t\":[1,[2]]}".getBytes(StandardCharsets.UTF_8);
        JsonTree.Deferred a = JsonTree.parseDeferring(array, "t");
        assertThat(JsonTree.parse(array, a.offset(), a.length(), true)).isEqualTo(MAPPER.readTree("[1,[2]]"));

        // A value of another kind is not deferred; nor is a missing member; a repeated key's last value counts.
        for (String plain :
                new String[] {"{\"t\":\"text\"}", "{\"t\":null,\"u\":2}", "{\"u\":{}}", "{\"t\":{},\"t\":3}"}) {
            JsonTree.Deferred p = JsonTree.parseDeferring(plain.getBytes(StandardCharsets.UTF_8), "t");
            assertThat(p.length()).as(plain).isZero();
            assertThat(p.object()).as(plain).isEqualTo(MAPPER.readTree(plain));
        }
        byte[] twice = "{\"t\":3,\"t\":[4]}".getBytes(StandardCharsets.UTF_8);
        JsonTree.Deferred last = JsonTree.parseDeferring(twice, "t");
        assertThat(last.object().has("t")).isFalse();
        assertThat(JsonTree.parse(twice, last.offset(), last.length(), true)).isEqualTo(MAPPER.readTree("[4]"));

        assertThat(JsonTree.parseDeferring("[1]".getBytes(StandardCharsets.UTF_8), "t"))
                .isNull();
        for (String bad : new String[] {"{\"t\":{\"a\":1}", "{\"t\":{}} {}", "{\"t\":[}"}) {
            assertThatThrownBy(() -> JsonTree.parseDeferring(bad.getBytes(StandardCharsets.UTF_8), "t"))
                    .as(bad)
                    .isInstanceOf(IOException.class);
        }
    }
}
