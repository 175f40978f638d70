package dev.claudemulti.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads JSON into Jackson's tree nodes with the streaming parser alone, as
 * {@code ObjectMapper.readTree} would (ints as int, long or big integer nodes, other numbers as
 * doubles, a repeated key's last value). Without an ObjectMapper: building one costs a short
 * command such as {@code status} more than all the JSON it reads.
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
