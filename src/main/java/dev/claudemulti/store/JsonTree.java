package dev.claudemulti.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads JSON into Jackson's tree nodes with the streaming parser alone, as
 * {@code ObjectMapper.readTree} would (ints as int, long or big integer nodes, other numbers as
 * doubles, a repeated key's last value), and writes trees back as {@code ObjectMapper} writes them
 * (compact, or with its default pretty printer). Without an ObjectMapper: building one costs a
 * short command such as {@code status} more than all the JSON it reads, and a {@code run} about a
 * tenth of a second before its first session starts. JsonTreeTest holds the writer to the mapper's bytes.
 */
public final class JsonTree {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {}

    /** The JSON value of {@code len} bytes from {@code off}; null if there is none. */
    public static JsonNode parse(byte[] bytes, int off, int len, boolean failOnTrailing) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes, off, len)) {
            return read(p, failOnTrailing);
        }
    }

    /** The JSON value of a whole byte array, nothing after it; null if there is none. */
    public static JsonNode parse(byte[] bytes) throws IOException {
        return parse(bytes, 0, bytes.length, true);
    }

    /** The JSON value at the start of {@code in} (what follows it is not read); null if there is none. */
    public static JsonNode parse(java.io.InputStream in) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            return read(p, false);
        }
    }

    /**
     * {@code node} as {@code ObjectMapper.writeValueAsBytes} writes it: compact UTF-8 (in which the
     * generator escapes a character outside the Basic Multilingual Plane, as {@code \\uD83D\\uDE00}).
     */
    public static byte[] bytes(JsonNode node) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, node);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /** {@code node} as {@code ObjectMapper.writeValueAsString} writes it: compact. */
    public static String text(JsonNode node) {
        return write(node, false);
    }

    /** {@code node} as {@code ObjectMapper.writerWithDefaultPrettyPrinter().writeValueAsString} writes it. */
    public static String pretty(JsonNode node) {
        return write(node, true);
    }

    private static String write(JsonNode node, boolean pretty) {
        java.io.StringWriter out = new java.io.StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            write(g, node);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a string does not fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    g.writeFieldName(field.getKey());
                    write(g, field.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> writeNumber(g, node);
            default -> throw new IllegalArgumentException("no JSON text for a " + node.getNodeType() + " node");
        }
    }

    /** Each kind of number node as its own serializer writes it. */
    private static void writeNumber(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.numberType()) {
            case INT -> g.writeNumber(n.intValue());
            case LONG -> g.writeNumber(n.longValue());
            case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
            case FLOAT -> g.writeNumber(n.floatValue());
            case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
            default -> g.writeNumber(n.doubleValue());
        }
    }

    /**
     * A JSON object read whole but for one member whose value, an object or an array, was only
     * skipped: its text is {@code length} bytes of {@code bytes} from {@code offset} (length 0:
     * the member was missing or of another kind, and then it is in {@code object} as usual).
     */
    public record Deferred(ObjectNode object, byte[] bytes, int offset, int length) {}

    /**
     * The object that {@code bytes} hold, as {@link #parse(byte[])} reads it, with the value of member
     * {@code field} skipped rather than built (see {@link Deferred}); null if the bytes hold no object.
     * Skipping tokenises the value but makes none of its nodes: run.json holds the whole task file,
     * which is most of its bytes and of what building its tree cost, and status never reads it.
     */
    public static Deferred parseDeferring(byte[] bytes, String field) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode o = NODES.objectNode();
            int offset = 0;
            int length = 0;
            for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals(field) && (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
                    o.remove(name); // a repeated key's last value counts
                    offset = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    length = (int) p.currentLocation().getByteOffset() - offset;
                } else {
                    if (name.equals(field)) {
                        length = 0;
                    }
                    o.set(name, value(p, t));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new JsonParseException(p, "not one whole JSON object");
            }
            return new Deferred(o, bytes, offset, length);
        }
    }

    /** A streaming parser of {@code bytes}, for a reader that stops as soon as it has what it needs. */
    public static JsonParser parser(byte[] bytes) throws IOException {
        return FACTORY.createParser(bytes);
    }

    public static JsonNode parse(String text, boolean failOnTrailing) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            return read(p, failOnTrailing);
        }
    }

    private static JsonNode read(JsonParser p, boolean failOnTrailing) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            return null;
        }
        JsonNode root = value(p, first);
        if (failOnTrailing && p.nextToken() != null) {
            throw new JsonParseException(p, "trailing token after the JSON value");
        }
        return root;
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new JsonParseException(p, "unexpected end of input");
        }
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    a.add(value(p, v));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new JsonParseException(p, "unexpected token " + t);
        }
    }
}
