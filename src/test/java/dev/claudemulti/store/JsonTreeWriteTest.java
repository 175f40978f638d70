package dev.claudemulti.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link JsonTree} writes a tree as an ObjectMapper does, compact and pretty, and reads a stream as readTree does. */
class JsonTreeWriteTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyKindOfNodeIsWrittenAsTheMapperWritesIt() throws Exception {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("int", 42).put("negative", -7).put("long", 1L << 40).put("small long", 3L);
        root.put("double", 0.1 + 0.2).put("whole double", 2.0).put("tiny", 1e-9).put("huge", 1e300);
        root.put("nan", Double.NaN).put("float", 1.5f).put("short", (short) 9);
        root.put("big integer", new BigInteger("123456789012345678901234567890"));
        root.put("big decimal", new BigDecimal("1.2300"));
        root.put("text", "quote \" back \\ slash / tab \t newline \n control \u0001 ünï ✓ 漢字 😀");
        root.put("true", true).put("false", false).putNull("null");
        root.putArray("empty array");
        root.putObject("empty object");
        root.putArray("mixed")
                .add(1)
                .add("two")
                .addNull()
                .add(f.objectNode().put("deep", f.arrayNode().size()));
        root.putObject("nested").putObject("again").putArray("list").add(3.25);
        assertThat(JsonTree.bytes(root)).isEqualTo(MAPPER.writeValueAsBytes(root));
        assertThat(JsonTree.text(root)).isEqualTo(MAPPER.writeValueAsString(root));
        assertThat(JsonTree.pretty(root))
                .isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        assertThat(JsonTree.pretty(f.arrayNode()))
                .isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(f.arrayNode()));
        assertThat(JsonTree.pretty(f.textNode("x")))
                .isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(f.textNode("x")));
    }

    @Test
    void aStreamIsReadAsReadTreeReadsIt() throws Exception {
        String text = "{\"a\": [1, 2.5, 12345678901, 123456789012345678901234], \"b\": {\"c\": null}} trailing";
        JsonNode read = JsonTree.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(read).isEqualTo(MAPPER.readTree(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        assertThat(JsonTree.parse(new ByteArrayInputStream(new byte[0]))).isNull();
    }
}
