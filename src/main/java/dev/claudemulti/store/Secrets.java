package dev.claudemulti.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Decides which names hold secrets, so their values are never written to the state directory. */
public final class Secrets {
    public static final String REDACTED = "***";

    /** Shorter values are too likely to occur by chance in ordinary text ("1", "true"). */
    static final int MIN_VALUE_LENGTH = 6;

    private Secrets() {}

    /**
     * ANTHROPIC_API_KEY and, case-insensitively, names ending in {@code _KEY} or containing
     * {@code KEY_}, {@code APIKEY}, {@code TOKEN}, {@code SECRET}, {@code PASSWORD}, {@code PASSWD}
     * or {@code CREDENTIAL}. A bare {@code KEY} inside a word (KEYBOARD, MONKEY) is not a secret.
     */
    public static boolean isSecretName(String name) {
        if (name == null) {
            return false;
        }
        String n = name.toUpperCase(Locale.ROOT).replace('-', '_');
        return n.equals("KEY")
                || n.endsWith("_KEY")
                || n.contains("KEY_")
                || n.contains("APIKEY")
                || n.contains("TOKEN")
                || n.contains("SECRET")
                || n.contains("PASSWORD")
                || n.contains("PASSWD")
                || n.contains("CREDENTIAL");
    }

    /** A redacted deep copy of {@code node}; see {@link #redact(JsonNode, Map)}. */
    public static JsonNode redact(JsonNode node) {
        return redact(node, Map.of());
    }

    /**
     * A redacted deep copy of {@code node}: the string value of every object field with a
     * secret-looking name becomes {@link #REDACTED}, and those values, and the secret values of
     * {@code env}, are also cut out of every other string (a command line that repeats a key).
     * Non-string values under secret-looking names are kept: "max_tokens": 4096 is a count, not a
     * secret, and a "tokens" object is searched field by field.
     */
    public static JsonNode redact(JsonNode node, Map<String, String> env) {
        Set<String> values = new LinkedHashSet<>(secretValues(env));
        collectSecretValues(node, values);
        List<String> longestFirst = sortLongestFirst(values);
        JsonNode copy = node.deepCopy();
        return redactInPlace(copy, longestFirst);
    }

    /** {@code text} with every secret value of {@code env} (secret name, at least 6 chars) replaced by "***". */
    public static String redactText(String text, Map<String, String> env) {
        return textRedactor(env).apply(text);
    }

    /** {@link #redactText} for many texts and one environment: the secret values are found once. */
    public static java.util.function.UnaryOperator<String> textRedactor(Map<String, String> env) {
        List<String> longestFirst = sortLongestFirst(secretValues(env));
        return text -> replaceAll(text, longestFirst);
    }

    private static Set<String> secretValues(Map<String, String> env) {
        Set<String> values = new LinkedHashSet<>();
        env.forEach((name, value) -> {
            if (isSecretName(name) && value != null && value.length() >= MIN_VALUE_LENGTH) {
                values.add(value);
            }
        });
        return values;
    }

    private static void collectSecretValues(JsonNode node, Set<String> into) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (isSecretName(field.getKey())
                        && value.isTextual()
                        && value.textValue().length() >= MIN_VALUE_LENGTH) {
                    into.add(value.textValue());
                }
                collectSecretValues(value, into);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectSecretValues(child, into));
        }
    }

    private static JsonNode redactInPlace(JsonNode node, List<String> values) {
        if (node.isObject()) {
            ObjectNode obj = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = obj.get(name);
                if (isSecretName(name) && value.isTextual()) {
                    obj.put(name, REDACTED);
                } else {
                    obj.set(name, redactInPlace(value, values));
                }
            }
            return obj;
        }
        if (node.isArray()) {
            ArrayNode arr = (ArrayNode) node;
            for (int i = 0; i < arr.size(); i++) {
                arr.set(i, redactInPlace(arr.get(i), values));
            }
            return arr;
        }
        if (node.isTextual()) {
            String replaced = replaceAll(node.textValue(), values);
            return replaced.equals(node.textValue()) ? node : TextNode.valueOf(replaced);
        }
        return node;
    }

    private static List<String> sortLongestFirst(Set<String> values) {
        // Longest first, so a secret that contains another one is removed whole.
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return sorted;
    }

    private static String replaceAll(String text, List<String> values) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, REDACTED);
        }
        return out;
    }
}
