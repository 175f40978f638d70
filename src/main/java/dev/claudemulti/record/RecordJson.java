package dev.claudemulti.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The one mapping between the state directory's JSON and its records: snake_case names (the
 * record component {@code costUsd} is the field {@code cost_usd}), absent fields for nulls, and
 * unknown fields ignored, so that a newer release's files still load here. Timestamps are ISO-8601
 * text; one that does not parse reads as null, as it always has: a record is evidence, not a
 * reason to fail.
 */
final class RecordJson {
    /** Built on first use only: commands that never touch a record never pay for an ObjectMapper. */
    private static final class Holder {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addModule(new SimpleModule("instants")
                        .addSerializer(Instant.class, ToStringSerializer.instance)
                        .addDeserializer(Instant.class, new LenientInstant()))
                .build();
    }

    private RecordJson() {}

    static ObjectNode toTree(Object record) {
        return Holder.MAPPER.valueToTree(record);
    }

    /**
     * The record read from {@code node}, or null if the node is missing or does not map (a field of
     * the wrong shape): readers treat such a file or entry as unreadable, never as an error.
     */
    static <T> T fromTree(JsonNode node, Class<T> type) {
        if (node == null || !node.isObject()) {
            return null;
        }
        try {
            return Holder.MAPPER.treeToValue(node, type);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The instant an ISO-8601 text names, or null if it is null or names none. */
    static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final class LenientInstant extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return instant(p.getValueAsString());
        }
    }
}
