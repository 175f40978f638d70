package dev.claudemulti.task;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and checks one task-file value at the parser's current token, reporting what is wrong
 * with its position; each method leaves the parser on the value's last token. A value of the
 * wrong shape is skipped whole, so that reading goes on and every problem is reported at once.
 */
final class TaskValueReader {

    enum Blank {
        ALLOW,
        REJECT
    }

    @FunctionalInterface
    interface FieldReader {
        /** Called with the parser on the field's value, which it must consume (skipChildren for a container). */
        void read(String name, Position keyPosition) throws IOException;
    }

    private final JsonParser parser;
    private final Problems problems;
    private final List<Position> dependsOnPositions = new ArrayList<>();

    TaskValueReader(JsonParser parser, Problems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    /** The string value at the current token, or null (reported) when it is not an acceptable string. */
    String string(String field, Blank blank, boolean nullMeansUnset) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL && nullMeansUnset) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            return wrongType(field, "a string");
        }
        String value = parser.getText();
        if (blank == Blank.REJECT && value.isBlank()) {
            problems.at(here(), field + " must not be empty");
            return null;
        }
        // A NUL cannot travel in a command-line argument or an environment variable.
        if (value.indexOf('\0') >= 0) {
            problems.at(here(), field + " must not contain a NUL character (\\u0000)");
            return null;
        }
        return value;
    }

    <T> T wrongType(String field, String expected) throws IOException {
        problems.at(here(), field + " must be " + expected + ", got " + describe(parser.currentToken()));
        parser.skipChildren();
        return null;
    }

    Double positive(String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isNumeric()) {
            return wrongType(field, "a number");
        }
        double value = parser.getDoubleValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            problems.at(here(), field + " must be a finite number, got " + parser.getText());
            return null;
        }
        if (value <= 0) {
            problems.at(here(), field + " must be greater than 0, got " + parser.getText());
            return null;
        }
        return value;
    }

    Duration timeout() throws IOException {
        JsonToken token = parser.currentToken();
        try {
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (token.isNumeric()) {
                return TaskTimeout.ofSeconds(parser.getDoubleValue(), parser.getText());
            }
            if (token == JsonToken.VALUE_STRING) {
                return TaskTimeout.parse(parser.getText());
            }
        } catch (IllegalArgumentException e) {
            problems.at(here(), e.getMessage());
            return null;
        }
        return wrongType("timeout", "a number of seconds or a string such as \"10m\"");
    }

    String permissionMode() throws IOException {
        String mode = string("permissionMode", Blank.ALLOW, true);
        if (mode == null || PermissionMode.fromCliName(mode).isPresent()) {
            return mode;
        }
        List<String> names = PermissionMode.cliNames();
        problems.at(
                here(),
                "permissionMode must be one of " + String.join(", ", names) + ", got " + Quoted.of(mode)
                        + DidYouMean.hint(mode, names));
        return null;
    }

    /** The isolation values a task may name; the engine knows what each means. */
    static final List<String> ISOLATIONS = List.of("worktree", "none");

    String isolation() throws IOException {
        String value = string("isolation", Blank.ALLOW, true);
        if (value == null || ISOLATIONS.contains(value)) {
            return value;
        }
        problems.at(
                here(),
                "isolation must be one of " + String.join(", ", ISOLATIONS) + ", got " + Quoted.of(value)
                        + DidYouMean.hint(value, ISOLATIONS));
        return null;
    }

    /** A count such as {@code retries} or {@code fixAttempts}: a whole number, 0 or more. */
    Integer wholeNumber(String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            return wrongType(field, "a whole number");
        }
        if (parser.getNumberType() != JsonParser.NumberType.INT || parser.getIntValue() < 0) {
            problems.at(here(), field + " must be a whole number from 0 to 2147483647, got " + parser.getText());
            return null;
        }
        return parser.getIntValue();
    }

    /**
     * {@code claudeArgs}: strings, passed to the agent as they are; an empty one is a value, so it is
     * kept. A flag claude-multi owns ({@link ClaudeArgs}) is refused at its element.
     */
    List<String> claudeArgs() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            return wrongType("claudeArgs", "an array of strings");
        }
        List<String> args = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
            String field = "claudeArgs[" + i + "]";
            String arg = string(field, Blank.ALLOW, false);
            Optional<String> refusal = arg == null ? Optional.empty() : ClaudeArgs.refusal(arg);
            refusal.ifPresent(why -> problems.at(here(), field + ": " + why));
            ok &= arg != null && refusal.isEmpty();
            args.add(arg);
        }
        return ok ? args : null;
    }

    /**
     * {@code dependsOn}: task ids, each where {@link #dependsOnPositions()} then says it was written
     * (the reader checks them against the whole file once every task is read).
     */
    List<String> dependsOn() throws IOException {
        dependsOnPositions.clear();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            return wrongType("dependsOn", "an array of task ids");
        }
        List<String> ids = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
            Position at = here();
            String id = string("dependsOn[" + i + "]", Blank.REJECT, false);
            if (id != null && ids.contains(id)) {
                problems.at(at, "dependsOn names " + Quoted.of(id) + " twice");
                id = null;
            }
            ok &= id != null;
            ids.add(id);
            dependsOnPositions.add(at);
        }
        return ok ? ids : null;
    }

    /** Where each id of the last {@link #dependsOn()} read was written, in its order. */
    List<Position> dependsOnPositions() {
        return List.copyOf(dependsOnPositions);
    }

    List<String> stringList(String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            return wrongType(field, "an array of strings");
        }
        List<String> values = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
            String value = string(field + "[" + i + "]", Blank.REJECT, false);
            ok &= value != null;
            values.add(value);
        }
        return ok ? values : null;
    }

    Map<String, String> env() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            return wrongType("env", "an object of strings");
        }
        Map<String, String> env = new LinkedHashMap<>();
        boolean[] ok = {true};
        forEachField((name, at) -> {
            if (!isEnvName(name)) {
                problems.at(
                        at,
                        "env name " + Quoted.of(name) + " is not a valid variable name;"
                                + " use ASCII letters, digits and '_', not starting with a digit");
                ok[0] = false;
            }
            String value = string("env " + Quoted.of(name), Blank.ALLOW, false);
            ok[0] &= value != null;
            env.put(name, value);
        });
        return ok[0] ? env : null;
    }

    /** Walks the object at the current START_OBJECT, rejecting duplicate keys (Jackson would keep the last). */
    void forEachField(FieldReader reader) throws IOException {
        Map<String, Position> seen = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            Position at = here();
            Position first = seen.putIfAbsent(name, at);
            parser.nextToken();
            if (first != null) {
                problems.at(at, "duplicate key " + Quoted.of(name) + "; first at " + first);
                parser.skipChildren();
            } else {
                reader.read(name, at);
            }
        }
    }

    /** True when the current token is {@code expected}; else reports and skips the value. */
    boolean expect(JsonToken expected, String field, String what) throws IOException {
        if (parser.currentToken() == expected) {
            return true;
        }
        wrongType(field, what);
        return false;
    }

    Position here() {
        return Position.of(parser.currentTokenLocation());
    }

    static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.asString() != null ? token.asString() : token.name();
        };
    }

    /** [A-Za-z_][A-Za-z0-9_]*, checked by hand: no task file should pay for compiling a regex. */
    static boolean isEnvName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}
