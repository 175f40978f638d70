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

    /**
     * The record as the mapping makes it. What claude-multi writes is built by hand
     * ({@link RecordTrees}, for start-up time); this is the reference RecordTreesTest holds it to.
     */
    static ObjectNode toTree(Object record) {
        return Holder.MAPPER.valueToTree(record);
    }

    /** {@code record} as compact JSON text, newline-terminated, in UTF-8: as {@link #toTree}, a reference for tests. */
    static byte[] toBytes(Object record) {
        try {
            return (Holder.MAPPER.writeValueAsString(record) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write " + record.getClass().getSimpleName() + " as JSON", e);
        }
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
        Instant plain = utc(text);
        if (plain != null) {
            return plain;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The form claude-multi writes ({@code 2026-12-01T06:20:18.123456Z}) read without
     * {@code Instant.parse}, whose formatter constants are a noticeable part of what status costs;
     * null for anything else, which Instant.parse then reads (or refuses) as it always did.
     */
    private static Instant utc(String t) {
        int n = t.length();
        if (n < 20
                || t.charAt(4) != '-'
                || t.charAt(7) != '-'
                || t.charAt(10) != 'T'
                || t.charAt(13) != ':'
                || t.charAt(16) != ':'
                || t.charAt(n - 1) != 'Z'
                || (n > 20 && (t.charAt(19) != '.' || n == 21 || n > 30))) {
            return null;
        }
        int year = digits(t, 0, 4), month = digits(t, 5, 7), day = digits(t, 8, 10);
        int hour = digits(t, 11, 13), minute = digits(t, 14, 16), second = digits(t, 17, 19);
        int nanos = n > 20 ? digits(t, 20, n - 1) : 0;
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || nanos < 0) {
            return null;
        }
        for (int i = n - 1; i < 29 && n > 20; i++) {
            nanos *= 10; // a fraction of fewer than nine digits, in nanoseconds
        }
        try {
            return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null; // 24:00, a leap second, February 30: Instant.parse's to judge
        }
    }

    /** The decimal number of t[from, to), or -1 if any of it is not a digit. */
    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static final class LenientInstant extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return instant(p.getValueAsString());
        }
    }
}
