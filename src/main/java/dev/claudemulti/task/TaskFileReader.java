package dev.claudemulti.task;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads task-file text token by token, so that every problem has a line and column, and keeps
 * going after a problem so that all of them are reported at once. Values of the wrong shape are
 * skipped with {@link JsonParser#skipChildren()}, which does not recurse: deep nesting cannot
 * overflow the stack, and Jackson stops it at {@link #MAX_NESTING} anyway.
 */
final class TaskFileReader {
    /** A task file needs 4 levels (object, tasks, task, env); the rest is margin. */
    static final int MAX_NESTING = 64;

    private static final List<String> TOP_FIELDS = List.of("defaults", "tasks", "maxCost", "onSessionEnd", "onFinish");
    private static final List<String> DEFAULT_FIELDS = TaskField.names();
    private static final List<String> TASK_FIELDS;

    static {
        List<String> fields = new ArrayList<>(List.of("id", "prompt"));
        fields.addAll(TaskField.taskNames());
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
    private TaskValueReader values;
    private Task defaults;
    /** The top-level maxCost: the most the whole run may spend, or null. */
    private Double maxCostUsd;
    /** The top-level hooks: shell commands run when a session ends and when the batch ends, or null. */
    private String onSessionEnd;

    private String onFinish;

    private final List<Task> tasks = new ArrayList<>();
    private final Map<String, Position> ids = new HashMap<>();
    private final Map<String, String> idsIgnoringCase = new HashMap<>();
    /** Where each cwd value was written: by task id, "" for the defaults' (see {@link WorkingDirectories}). */
    private final Map<String, Position> cwdPositions = new HashMap<>();
    /** Where each element of a task's dependsOn was written, by task id. */
    private final Map<String, List<Position>> dependsOnPositions = new HashMap<>();

    private TaskFileReader(String sourceName, String text) {
        this.text = text;
        this.problems = new Problems(sourceName);
    }

    /** The tasks in file order with defaults merged in, where their cwd values are, and the file's maxCost. */
    record Result(
            List<Task> tasks,
            Map<String, Position> cwdPositions,
            Double maxCostUsd,
            String onSessionEnd,
            String onFinish) {}

    static Result read(String sourceName, String text) throws TaskFileException {
        TaskFileReader reader = new TaskFileReader(sourceName, text);
        reader.readAll();
        if (reader.problems.count() == 0) {
            // Only a file read whole: a task lost to bad syntax would make its id look unknown.
            Dependencies.check(reader.tasks, reader.ids, reader.dependsOnPositions, reader.problems);
        }
        reader.problems.throwIfAny();
        return new Result(
                reader.tasks.stream().map(task -> task.orElse(reader.defaults)).toList(),
                Map.copyOf(reader.cwdPositions),
                reader.maxCostUsd,
                reader.onSessionEnd,
                reader.onFinish);
    }

    private void readAll() {
        try (JsonParser p = JSON.createParser(text)) {
            parser = p;
            values = new TaskValueReader(p, problems);
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
        values.forEachField((name, at) -> {
            switch (name) {
                case "defaults" -> {
                    if (values.expect(JsonToken.START_OBJECT, "defaults", "an object")) {
                        defaults = readTask(0, true);
                    }
                }
                case "tasks" -> {
                    sawTasks[0] = true;
                    if (values.expect(JsonToken.START_ARRAY, "tasks", "an array")) {
                        readTasks();
                    }
                }
                case "maxCost" -> maxCostUsd = values.positive("maxCost");
                case "onSessionEnd" -> onSessionEnd = values.string(name, TaskValueReader.Blank.REJECT, true);
                case "onFinish" -> onFinish = values.string(name, TaskValueReader.Blank.REJECT, true);
                case "id", "prompt" -> {
                    problems.at(
                            at,
                            "'" + name
                                    + "' belongs inside a task; the top level takes 'defaults', 'tasks' and 'maxCost'"
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
                problems.at(
                        here(),
                        "task " + index + " must be an object with \"id\" and \"prompt\", got "
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
        TaskBeingRead t = new TaskBeingRead();
        int problemsBefore = problems.count();
        values.forEachField((name, at) -> readField(t, name, at, isDefaults));
        if (!isDefaults) {
            if (!t.present.contains("id")) {
                problems.at(start, "task " + index + " has no \"id\"");
            }
            if (!t.present.contains("prompt")) {
                problems.at(
                        start,
                        "task " + (t.id != null ? Quoted.of(t.id) : String.valueOf(index)) + " has no \"prompt\"");
            }
        }
        if (problems.count() != problemsBefore) {
            return null;
        }
        if (t.cwdAt != null) {
            cwdPositions.put(isDefaults ? "" : t.id, t.cwdAt);
        }
        if (t.dependsOnAt != null) {
            dependsOnPositions.put(t.id, t.dependsOnAt);
        }
        return t.builder.id(t.id).build();
    }

    private void readField(TaskBeingRead t, String name, Position at, boolean isDefaults) throws IOException {
        if (isDefaults && (name.equals("id") || name.equals("prompt"))) {
            problems.at(at, "defaults cannot set '" + name + "'; each task has its own");
            parser.skipChildren();
            return;
        }
        if (name.equals("id")) {
            t.present.add(name);
            t.id = readId();
            return;
        }
        if (name.equals("prompt")) {
            t.present.add(name);
            t.builder.prompt(values.string(name, TaskValueReader.Blank.REJECT, false));
            return;
        }
        if (name.equals("maxCost")) {
            problems.at(
                    at,
                    "'maxCost' is the whole run's budget and goes at the top level, beside 'tasks';"
                            + " a session's own cap is 'budget'");
            parser.skipChildren();
            return;
        }
        TaskField<?> field = TaskField.named(name);
        if (field == null) {
            unknownField(
                    name, at, isDefaults ? "defaults take" : "a task takes", isDefaults ? DEFAULT_FIELDS : TASK_FIELDS);
            return;
        }
        if (isDefaults && field == TaskField.DEPENDS_ON) {
            problems.at(at, "defaults cannot set 'dependsOn'; each task names the tasks it waits for");
            parser.skipChildren();
            return;
        }
        t.present.add(name);
        Object value = field.readInto(values, t.builder);
        if (field == TaskField.CWD && value != null) {
            t.cwdAt = here();
        }
        if (field == TaskField.DEPENDS_ON && value != null) {
            t.dependsOnAt = values.dependsOnPositions();
        }
    }

    private void unknownField(String name, Position at, String takes, List<String> known) throws IOException {
        String hint = DidYouMean.hint(name, known);
        problems.at(
                at,
                "unknown field " + Quoted.of(name)
                        + (hint.isEmpty() ? "; " + takes + " " + String.join(", ", known) : hint));
        parser.skipChildren();
    }

    private String readId() throws IOException {
        // Not readString: a NUL or other control character is reported by TaskId, with the id shown escaped.
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return values.wrongType("id", "a string");
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
            problems.at(
                    at,
                    "id " + Quoted.of(id) + " differs from " + Quoted.of(other) + " (at " + ids.get(other)
                            + ") only in case; they would share a directory on case-insensitive file systems");
        }
        return id;
    }

    /** Jackson stops at the end of the first value; anything after it would be silently ignored. */
    private void checkNothingFollows() {
        int offset = (int) parser.currentLocation().getCharOffset();
        while (offset < text.length() && " \t\r\n".indexOf(text.charAt(offset)) >= 0) {
            offset++;
        }
        if (offset < text.length()) {
            problems.at(
                    Position.in(text, offset),
                    "unexpected " + Quoted.character(text.codePointAt(offset)) + " after the end of the JSON value");
        }
    }

    private Position here() {
        return values.here();
    }

    private static String describe(JsonToken token) {
        return TaskValueReader.describe(token);
    }

    /** A task being read: what the table's fields set, and what only the reader needs. */
    private static final class TaskBeingRead {
        final Set<String> present = new HashSet<>();
        final Task.Builder builder = Task.builder();
        /** Kept apart from the builder: duplicates and case clashes are checked against it. */
        String id;

        Position cwdAt;
        List<Position> dependsOnAt;
    }
}
