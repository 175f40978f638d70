package dev.claudemulti.task;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads task-file text token by token, so that every problem has a line and column, and keeps
 * going after a problem so that all of them are reported at once. Values of the wrong shape are
 * skipped with {@link JsonParser#skipChildren()}, which does not recurse: deep nesting cannot
 * overflow the stack, and Jackson stops it at {@link #MAX_NESTING} anyway.
 */
final class TaskFileReader {
    /** A task file needs 4 levels (object, tasks, task, env); the rest is margin. */
    static final int MAX_NESTING = 64;

    static final List<String> PERMISSION_MODES =
            List.of("acceptEdits", "auto", "bypassPermissions", "manual", "dontAsk", "plan");
    private static final List<String> TOP_FIELDS = List.of("defaults", "tasks");
    private static final List<String> DEFAULT_FIELDS = List.of("model", "budget", "timeout", "cwd",
            "permissionMode", "allowedTools", "disallowedTools", "appendSystemPrompt", "env");
    private static final List<String> TASK_FIELDS;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    static {
        List<String> fields = new ArrayList<>(List.of("id", "prompt"));
        fields.addAll(DEFAULT_FIELDS);
        TASK_FIELDS = List.copyOf(fields);
    }

    // Numbers such as NaN are accepted by the parser only to be rejected with a message that
    // names the field ("budget must be a finite number, got NaN") rather than as bad syntax.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxStringLength(TaskFileInput.MAX_BYTES)
                    .maxDocumentLength(TaskFileInput.MAX_BYTES)
                    .build())
            .build();

    private final String text;
    private final Problems problems;
    private JsonParser parser;
    private Task defaults;
    private final List<Task> tasks = new ArrayList<>();
    private final Map<String, Position> ids = new HashMap<>();
    private final Map<String, String> idsIgnoringCase = new HashMap<>();
    /** Where each cwd value was written: by task id, "" for the defaults' (see {@link WorkingDirectories}). */
    private final Map<String, Position> cwdPositions = new HashMap<>();

    private TaskFileReader(String sourceName, String text) {
        this.text = text;
        this.problems = new Problems(sourceName);
    }

    /** The tasks in file order with defaults merged in, and where their cwd values are. */
    record Result(List<Task> tasks, Map<String, Position> cwdPositions) {
    }

    static Result read(String sourceName, String text) throws TaskFileException {
        TaskFileReader reader = new TaskFileReader(sourceName, text);
        reader.readAll();
        reader.problems.throwIfAny();
        return new Result(reader.tasks.stream().map(task -> task.orElse(reader.defaults)).toList(),
                Map.copyOf(reader.cwdPositions));
    }

    private void readAll() {
        try (JsonParser p = JSON.createParser(text)) {
            parser = p;
            try {
                readDocument();
            } catch (JsonProcessingException e) {
                // Inside the try-with-resources: the parser's current location is lost once it is closed.
                SyntaxMessages.Syntax syntax = SyntaxMessages.describe(e, parser, text);
                problems.at(syntax.position(), syntax.message());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a String failed", e);
        }
    }

    private void readDocument() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            problems.whole("the file is empty; expected a JSON array of tasks");
            return;
        }
        if (token == JsonToken.START_ARRAY) {
            readTasks();
        } else if (token == JsonToken.START_OBJECT) {
            readTopObject();
        } else {
            problems.at(here(), "expected a JSON array of tasks or an object with \"tasks\", got " + describe(token));
            return;
        }
        checkNothingFollows();
    }

    private void readTopObject() throws IOException {
        Position start = here();
        boolean[] sawTasks = {false};
        forEachField((name, at) -> {
            switch (name) {
                case "defaults" -> {
                    if (expect(JsonToken.START_OBJECT, "defaults", "an object")) {
                        defaults = readTask(0, true);
                    }
                }
                case "tasks" -> {
                    sawTasks[0] = true;
                    if (expect(JsonToken.START_ARRAY, "tasks", "an array")) {
                        readTasks();
                    }
                }
                case "id", "prompt" -> {
                    problems.at(at, "'" + name + "' belongs inside a task; the top level takes 'defaults' and 'tasks'"
                            + " (or write the tasks as a JSON array)");
                    parser.skipChildren();
                }
                default -> unknownField(name, at, "the top level takes", TOP_FIELDS);
            }
        });
        if (!sawTasks[0]) {
            problems.at(start, "missing 'tasks': the array of tasks to run");
        }
    }

    private void readTasks() throws IOException {
        Position start = here();
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            index++;
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                problems.at(here(), "task " + index + " must be an object with \"id\" and \"prompt\", got "
                        + describe(parser.currentToken()));
                parser.skipChildren();
                continue;
            }
            Task task = readTask(index, false);
            if (task != null) {
                tasks.add(task);
            }
        }
        if (index == 0) {
            problems.at(start, "no tasks: the task list is empty");
        }
    }

    /** Reads one task object, or the defaults object when {@code index} is 0; null when it has problems. */
    private Task readTask(int index, boolean isDefaults) throws IOException {
        Position start = here();
        Fields f = new Fields();
        int problemsBefore = problems.count();
        forEachField((name, at) -> readField(f, name, at, isDefaults));
        if (!isDefaults) {
            if (!f.present.contains("id")) {
                problems.at(start, "task " + index + " has no \"id\"");
            }
            if (!f.present.contains("prompt")) {
                problems.at(start, "task " + (f.id != null ? Quoted.of(f.id) : String.valueOf(index)) + " has no \"prompt\"");
            }
        }
        if (problems.count() != problemsBefore) {
            return null;
        }
        if (f.cwd != null) {
            cwdPositions.put(isDefaults ? "" : f.id, f.cwdAt);
        }
        return f.toTask();
    }

    private void readField(Fields f, String name, Position at, boolean isDefaults) throws IOException {
        if (isDefaults && (name.equals("id") || name.equals("prompt"))) {
            problems.at(at, "defaults cannot set '" + name + "'; each task has its own");
            parser.skipChildren();
            return;
        }
        f.present.add(name);
        switch (name) {
            case "id" -> f.id = readId();
            case "prompt" -> f.prompt = readString(name, Blank.REJECT, false);
            case "model" -> f.model = readString(name, Blank.REJECT, true);
            case "budget" -> f.budget = readPositive(name);
            case "timeout" -> f.timeout = readTimeout();
            case "cwd" -> {
                f.cwd = readString(name, Blank.REJECT, true);
                f.cwdAt = here();
            }
            case "permissionMode" -> f.permissionMode = readPermissionMode();
            case "allowedTools" -> f.allowedTools = readStringList(name);
            case "disallowedTools" -> f.disallowedTools = readStringList(name);
            case "appendSystemPrompt" -> f.appendSystemPrompt = readString(name, Blank.ALLOW, true);
            case "env" -> f.env = readEnv();
            default -> {
                f.present.remove(name);
                unknownField(name, at, isDefaults ? "defaults take" : "a task takes",
                        isDefaults ? DEFAULT_FIELDS : TASK_FIELDS);
            }
        }
    }

    private void unknownField(String name, Position at, String takes, List<String> known) throws IOException {
        String hint = DidYouMean.hint(name, known);
        problems.at(at, "unknown field " + Quoted.of(name)
                + (hint.isEmpty() ? "; " + takes + " " + String.join(", ", known) : hint));
        parser.skipChildren();
    }

    private String readId() throws IOException {
        // Not readString: a NUL or other control character is reported by TaskId, with the id shown escaped.
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return wrongType("id", "a string");
        }
        String id = parser.getText();
        Position at = here();
        var problem = TaskId.problem(id);
        if (problem.isPresent()) {
            problems.at(at, problem.get());
            return id;
        }
        Position first = ids.putIfAbsent(id, at);
        if (first != null) {
            problems.at(at, "duplicate id " + Quoted.of(id) + "; first used at " + first);
            return id;
        }
        // Ids name directories, and "Build" and "build" are one directory on macOS and Windows.
        String other = idsIgnoringCase.putIfAbsent(id.toLowerCase(Locale.ROOT), id);
        if (other != null) {
            problems.at(at, "id " + Quoted.of(id) + " differs from " + Quoted.of(other) + " (at " + ids.get(other)
                    + ") only in case; they would share a directory on case-insensitive file systems");
        }
        return id;
    }

    private enum Blank { ALLOW, REJECT }

    /** The string value at the current token, or null (reported) when it is not an acceptable string. */
    private String readString(String field, Blank blank, boolean nullMeansUnset) throws IOException {
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

    private <T> T wrongType(String field, String expected) throws IOException {
        problems.at(here(), field + " must be " + expected + ", got " + describe(parser.currentToken()));
        parser.skipChildren();
        return null;
    }

    private Double readPositive(String field) throws IOException {
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

    private Duration readTimeout() throws IOException {
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

    private String readPermissionMode() throws IOException {
        String mode = readString("permissionMode", Blank.ALLOW, true);
        if (mode == null || PERMISSION_MODES.contains(mode)) {
            return mode;
        }
        problems.at(here(), "permissionMode must be one of " + String.join(", ", PERMISSION_MODES)
                + ", got " + Quoted.of(mode) + DidYouMean.hint(mode, PERMISSION_MODES));
        return null;
    }

    private List<String> readStringList(String field) throws IOException {
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
            String value = readString(field + "[" + i + "]", Blank.REJECT, false);
            ok &= value != null;
            values.add(value);
        }
        return ok ? values : null;
    }

    private Map<String, String> readEnv() throws IOException {
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
            if (!ENV_NAME.matcher(name).matches()) {
                problems.at(at, "env name " + Quoted.of(name) + " is not a valid variable name;"
                        + " use ASCII letters, digits and '_', not starting with a digit");
                ok[0] = false;
            }
            String value = readString("env " + Quoted.of(name), Blank.ALLOW, false);
            ok[0] &= value != null;
            env.put(name, value);
        });
        return ok[0] ? env : null;
    }

    @FunctionalInterface
    private interface FieldReader {
        /** Called with the parser on the field's value, which it must consume (skipChildren for a container). */
        void read(String name, Position keyPosition) throws IOException;
    }

    /** Walks the object at the current START_OBJECT, rejecting duplicate keys (Jackson would keep the last). */
    private void forEachField(FieldReader reader) throws IOException {
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

    private boolean expect(JsonToken expected, String field, String what) throws IOException {
        if (parser.currentToken() == expected) {
            return true;
        }
        wrongType(field, what);
        return false;
    }

    /** Jackson stops at the end of the first value; anything after it would be silently ignored. */
    private void checkNothingFollows() {
        int offset = (int) parser.currentLocation().getCharOffset();
        while (offset < text.length() && " \t\r\n".indexOf(text.charAt(offset)) >= 0) {
            offset++;
        }
        if (offset < text.length()) {
            problems.at(Position.in(text, offset),
                    "unexpected " + Quoted.character(text.codePointAt(offset)) + " after the end of the JSON value");
        }
    }

    private Position here() {
        return Position.of(parser.currentTokenLocation());
    }

    private static String describe(JsonToken token) {
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

    /** A task being read; a mutable twin of {@link Task}. */
    private static final class Fields {
        final Set<String> present = new HashSet<>();
        String id;
        String prompt;
        String model;
        Double budget;
        Duration timeout;
        String cwd;
        Position cwdAt;
        String permissionMode;
        List<String> allowedTools;
        List<String> disallowedTools;
        String appendSystemPrompt;
        Map<String, String> env;

        Task toTask() {
            return new Task(id, prompt, model, budget, timeout, cwd, permissionMode,
                    allowedTools, disallowedTools, appendSystemPrompt, env);
        }
    }
}
