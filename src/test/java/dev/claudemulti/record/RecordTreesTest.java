package dev.claudemulti.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.launch.HandleRecord;
import dev.claudemulti.store.JsonTree;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What claude-multi writes of its records is built by hand ({@link RecordTrees}) and must be, byte
 * for byte, what the databind mapping ({@link RecordJson}) makes of them. Every record is filled
 * by reflection, every component set or (at random) left null, so a component added to a record
 * and forgotten in RecordTrees fails here.
 */
class RecordTreesTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    /** The fields of a session's journal entry beside its record, as the mapping wrote them from this record. */
    private record SessionExtras(Instant pidStart, HandleRecord handle, Long byPid) {}

    @Test
    void everyRecordIsWrittenAsTheMappingWritesIt() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            double nulls = round == 0 ? 0 : round == 1 ? 1 : 0.3;
            var session = sample(SessionRecord.class, random, nulls);
            assertSame(RecordTrees.session(session), RecordJson.toTree(session));
            var run = sample(RunInfo.class, random, nulls);
            assertSame(RecordTrees.runInfo(run), RecordJson.toTree(run));
            var live = sample(LiveFigures.class, random, nulls);
            assertThat(JsonTree.text(RecordTrees.liveFigures(live)) + "\n")
                    .isEqualTo(new String(RecordJson.toBytes(live), StandardCharsets.UTF_8));
            var request = sample(OwnerRequest.class, random, nulls);
            assertSame(RecordTrees.request(request), RecordJson.toTree(request));
            for (Class<? extends Record> entry : List.of(
                    JournalEntry.RunStarted.class,
                    JournalEntry.RunResumed.class,
                    JournalEntry.RequestTaken.class,
                    JournalEntry.Interrupted.class,
                    JournalEntry.RunFinished.class)) {
                var e = sample(entry, random, nulls);
                assertSame(RecordTrees.entry((JournalEntry) e), RecordJson.toTree(e));
            }
            var extras = sample(SessionExtras.class, random, nulls);
            assertSame(
                    RecordTrees.sessionExtras(extras.pidStart(), extras.handle(), extras.byPid()),
                    RecordJson.toTree(extras));
        }
    }

    @Test
    void aJournalLineIsWhatTheMappingMadeOfItsParts() throws Exception {
        Random random = new Random(5);
        for (int round = 0; round < 50; round++) {
            double nulls = round % 2 == 0 ? 0 : 0.3;
            var extras = sample(SessionExtras.class, random, nulls);
            var change = new JournalEntry.SessionChanged(
                    sample(SessionRecord.class, random, nulls), extras.pidStart(), extras.handle(), extras.byPid());
            ObjectNode expected = JsonNodeFactory.instance.objectNode();
            expected.put("event", "session").put("schema_version", SchemaVersion.CURRENT);
            expected.setAll(RecordJson.toTree(change.session().unversioned()));
            expected.setAll(RecordJson.toTree(new SessionExtras(change.pidStart(), change.handle(), change.byPid())));
            assertSame(JournalEntries.encode(change), expected);
        }
    }

    private static void assertSame(ObjectNode byHand, ObjectNode mapped) throws Exception {
        assertThat(JsonTree.bytes(byHand)).isEqualTo(PLAIN.writeValueAsBytes(mapped));
        assertThat(JsonTree.pretty(byHand))
                .isEqualTo(PLAIN.writerWithDefaultPrettyPrinter().writeValueAsString(mapped));
    }

    /** A record of {@code type} with every component set, each non-primitive one null with probability {@code nulls}. */
    private static <T> T sample(Class<T> type, Random random, double nulls) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(types[i], components[i].getGenericType(), random, nulls);
        }
        var constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        try {
            return constructor.newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            return sample(type, random, 0); // a record that refuses nulls (a handle): all set
        }
    }

    private static Object value(Class<?> type, Type generic, Random random, double nulls) throws Exception {
        if (!type.isPrimitive() && random.nextDouble() < nulls) {
            return null;
        }
        if (type == String.class) {
            return List.of("plain", "quote \" and \\ back", "ünïcödé ✓ 漢字 😀", "line\nbreak\ttab", "")
                            .get(random.nextInt(5))
                    + random.nextInt(100);
        } else if (type == int.class || type == Integer.class) {
            return random.nextInt(2000) - 100;
        } else if (type == long.class || type == Long.class) {
            return random.nextBoolean() ? random.nextLong() : (long) random.nextInt(1000);
        } else if (type == double.class || type == Double.class) {
            return random.nextBoolean() ? random.nextDouble() * 100 : random.nextInt(5) / 100.0;
        } else if (type == boolean.class || type == Boolean.class) {
            return random.nextBoolean();
        } else if (type == Instant.class) {
            return Instant.ofEpochSecond(
                    random.nextInt(2_000_000_000), random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
        } else if (type == TaskFileCopy.class) {
            return TaskFileCopy.of((JsonNode) value(JsonNode.class, JsonNode.class, random, 0));
        } else if (type == JsonNode.class) {
            return random.nextBoolean()
                    ? JsonTree.parse(
                            "{\"tasks\":[{\"id\":\"a\",\"n\":1,\"x\":2.5,\"big\":12345678901234567890,\"ok\":true,\"z\":null}]}"
                                    .getBytes(StandardCharsets.UTF_8))
                    : JsonNodeFactory.instance.textNode("// not plain JSON\n[]");
        } else if (type == List.class) {
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                list.add(value((Class<?>) element, element, random, 0));
            }
            return list;
        } else if (type == Map.class) {
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                map.put("key" + random.nextInt(100), "value " + random.nextInt(100));
            }
            return map;
        } else if (type.isRecord()) {
            return sample(type, random, nulls);
        }
        throw new AssertionError("no sample for " + type + ": teach this test and RecordTrees the new type");
    }
}
