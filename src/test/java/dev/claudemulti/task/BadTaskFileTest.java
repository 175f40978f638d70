package dev.claudemulti.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The corpus of bad task files: each with every line it must report, exactly. */
class BadTaskFileTest {

    record Case(String name, String json, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case bad(String name, String json, String... expected) {
        return new Case(name, json, List.of(expected));
    }

    /** A one-task file whose id is {@code idJson}; the id's value starts at column 9. */
    static Case badId(String name, String idJson, String expected) {
        return bad(name, "[{\"id\": " + idJson + ", \"prompt\": \"p\"}]", "t.json:1:9: " + expected);
    }

    /** A one-task file with one more field; the value starts at column 33 + the field name's length. */
    static Case badField(String name, String field, String valueJson, String expected) {
        String json = "[{\"id\": \"a\", \"prompt\": \"p\", \"" + field + "\": " + valueJson + "}]";
        return bad(name, json, "t.json:1:" + (33 + field.length()) + ": " + expected);
    }

    static final String ID_CHARS = "only ASCII letters, digits, '.', '_' and '-' are allowed";

    static Stream<Case> corpus() {
        return Stream.of(
                badId("id climbing out", "\"../x\"", "id '../x' contains '/'; " + ID_CHARS),
                badId("absolute id", "\"/etc/passwd\"", "id '/etc/passwd' contains '/'; " + ID_CHARS),
                badId("id with slash", "\"a/b\"", "id 'a/b' contains '/'; " + ID_CHARS),
                badId("id with backslash", "\"a\\\\b\"", "id 'a\\\\b' contains '\\'; " + ID_CHARS),
                badId("id with space", "\"a b\"", "id 'a b' contains a space; " + ID_CHARS),
                badId("dot id", "\".\"", "id '.' must start with an ASCII letter or digit"),
                badId("dot-dot id", "\"..\"", "id '..' must start with an ASCII letter or digit"),
                badId("id like an option", "\"-rf\"", "id '-rf' must start with an ASCII letter or digit"),
                badId(
                        "Windows device id",
                        "\"CON\"",
                        "id 'CON' is a reserved device name on Windows and cannot name a directory"),
                badId(
                        "Windows device id with extension",
                        "\"com1.txt\"",
                        "id 'com1.txt' is a reserved device name on Windows and cannot name a directory"),
                badId(
                        "lower-case Windows device id",
                        "\"lpt9\"",
                        "id 'lpt9' is a reserved device name on Windows and cannot name a directory"),
                badId(
                        "id ending in a dot",
                        "\"a.\"",
                        "id 'a.' must not end with '.' (Windows drops it from directory names)"),
                badId("empty id", "\"\"", "id must not be empty"),
                badId(
                        "65-character id",
                        "\"" + "x".repeat(65) + "\"",
                        "id '" + "x".repeat(64) + "...' is 65 characters long; the limit is 64"),
                badId(
                        "id with a NUL byte",
                        "\"a\\u0000b\"",
                        "id 'a\\u0000b' contains a control character (U+0000); " + ID_CHARS),
                badId(
                        "id with a newline",
                        "\"a\\nb\"",
                        "id 'a\\nb' contains a control character (U+000A); " + ID_CHARS),
                badId(
                        "id with a Cyrillic look-alike",
                        "\"t\u0430sk\"",
                        "id 't\\u0430sk' contains the non-ASCII character U+0430; " + ID_CHARS),
                badId("numeric id", "42", "id must be a string, got a number"),
                badId("null id", "null", "id must be a string, got null"),
                bad("duplicate ids", """
                        [{"id": "a", "prompt": "p"},
                         {"id": "a", "prompt": "q"}]""", "t.json:2:9: duplicate id 'a'; first used at 1:9"),
                bad(
                        "ids differing only in case",
                        """
                        [{"id": "Build", "prompt": "p"},
                         {"id": "build", "prompt": "q"}]""",
                        "t.json:2:9: id 'build' differs from 'Build' (at 1:9) only in case;"
                                + " they would share a directory on case-insensitive file systems"),
                bad("missing id", "[{\"prompt\": \"p\"}]", "t.json:1:2: task 1 has no \"id\""),
                bad("missing prompt", "[{\"id\": \"a\"}]", "t.json:1:2: task 'a' has no \"prompt\""),
                bad(
                        "missing prompt and id",
                        "[{}]",
                        "t.json:1:2: task 1 has no \"id\"",
                        "t.json:1:2: task 1 has no \"prompt\""),
                bad("empty prompt", "[{\"id\": \"a\", \"prompt\": \"\"}]", "t.json:1:24: prompt must not be empty"),
                bad(
                        "blank prompt",
                        "[{\"id\": \"a\", \"prompt\": \" \\n\\t\"}]",
                        "t.json:1:24: prompt must not be empty"),
                bad(
                        "prompt not a string",
                        "[{\"id\": \"a\", \"prompt\": [\"p\"]}]",
                        "t.json:1:24: prompt must be a string, got an array"),
                bad(
                        "prompt null",
                        "[{\"id\": \"a\", \"prompt\": null}]",
                        "t.json:1:24: prompt must be a string, got null"),
                bad(
                        "prompt with NUL",
                        "[{\"id\": \"a\", \"prompt\": \"x\\u0000\"}]",
                        "t.json:1:24: prompt must not contain a NUL character (\\u0000)"),
                bad(
                        "missing comma",
                        "[{\"id\": \"a\" \"prompt\": \"p\"}]",
                        "t.json:1:13: expected ',' or '}' after a value, found '\"'"),
                bad("missing colon", "[{\"id\" \"a\"}]", "t.json:1:8: expected ':' after the key, found '\"'"),
                bad("unquoted key", "[{id: \"a\"}]", "t.json:1:3: expected a key in double quotes, found 'i'"),
                bad("single quotes", "[{\"id\": 'a'}]", "t.json:1:9: strings must be in double quotes, found \"'\""),
                bad(
                        "trailing comma in an array",
                        "[{\"id\": \"a\", \"prompt\": \"p\"},\n]",
                        "t.json:2:1: trailing comma before ']' is not allowed in JSON"),
                bad(
                        "trailing comma in an object",
                        "[{\"id\": \"a\", \"prompt\": \"p\",}]",
                        "t.json:1:28: trailing comma before '}' is not allowed in JSON"),
                bad("comment", "// tasks\n[]", "t.json:1:1: comments are not allowed in JSON"),
                bad(
                        "bare word",
                        "[{\"id\": abc}]",
                        "t.json:1:9: unrecognized token 'abc': expected a value (a string in double quotes,"
                                + " a number, an object, an array, true, false or null)"),
                bad(
                        "raw line break in a string",
                        "[{\"id\": \"a\", \"prompt\": \"line\nnext\"}]",
                        "t.json:1:29: line break inside a string; write it as an escape such as \\n"),
                bad(
                        "bad escape",
                        "[{\"id\": \"a\", \"prompt\": \"C:\\windows\"}]",
                        "t.json:1:28: invalid escape \\w in a string; a literal backslash is written \\\\"),
                bad(
                        "unclosed array",
                        "[{\"id\": \"a\", \"prompt\": \"p\"}",
                        "t.json:1:28: unexpected end of input: the array opened at 1:1 is not closed"),
                bad(
                        "unclosed object",
                        "[{\"id\": \"a\",\n \"prompt\": \"p\"",
                        "t.json:2:15: unexpected end of input: the object opened at 1:2 is not closed"),
                bad(
                        "unclosed string",
                        "[{\"id\": \"a",
                        "t.json:1:11: unexpected end of input inside a string: the closing '\"' is missing"),
                bad(
                        "mismatched bracket",
                        "[{\"id\": \"a\", \"prompt\": \"p\"]",
                        "t.json:1:27: unexpected ']': expected '}' to close the object opened at 1:2"),
                bad(
                        "trailing garbage",
                        "[{\"id\": \"a\", \"prompt\": \"p\"}]\n  x",
                        "t.json:2:3: unexpected 'x' after the end of the JSON value"),
                bad(
                        "two top-level arrays",
                        "[{\"id\": \"a\", \"prompt\": \"p\"}] []",
                        "t.json:1:30: unexpected '[' after the end of the JSON value"),
                bad(
                        "CRLF line endings",
                        "[\r\n{\"id\": \"a\",\r\n\"prompt\": 1}]\r\n\r\n  ]",
                        "t.json:3:11: prompt must be a string, got a number",
                        "t.json:5:3: unexpected ']' after the end of the JSON value"),
                bad(
                        "top-level number",
                        "42",
                        "t.json:1:1: expected a JSON array of tasks or an object with \"tasks\", got a number"),
                bad(
                        "top-level string",
                        " \"tasks\"",
                        "t.json:1:2: expected a JSON array of tasks or an object with \"tasks\", got a string"),
                bad("empty file", "", "t.json: the file is empty; expected a JSON array of tasks"),
                bad("blank file", " \n\t", "t.json: the file is empty; expected a JSON array of tasks"),
                bad(
                        "a task that is not an object",
                        "[\"fix the bug\"]",
                        "t.json:1:2: task 1 must be an object with \"id\" and \"prompt\", got a string"),
                bad(
                        "duplicate key",
                        "[{\"id\": \"a\", \"prompt\": \"p\",\n  \"prompt\": \"q\"}]",
                        "t.json:2:3: duplicate key 'prompt'; first at 1:14"),
                bad(
                        "duplicate top-level key",
                        "{\"tasks\": [{\"id\": \"a\", \"prompt\": \"p\"}], \"tasks\": []}",
                        "t.json:1:41: duplicate key 'tasks'; first at 1:2"),
                bad(
                        "duplicate env key",
                        "[{\"id\": \"a\", \"prompt\": \"p\", \"env\": {\"A\": \"1\", \"A\": \"2\"}}]",
                        "t.json:1:47: duplicate key 'A'; first at 1:37"),
                bad(
                        "deep nesting",
                        "[".repeat(10_000),
                        "t.json:1:2: task 1 must be an object with \"id\" and \"prompt\", got an array",
                        "t.json:1:65: nesting too deep: more than 64 levels of [ and {"),
                bad(
                        "deep nesting inside a field",
                        "[{\"id\": \"a\", \"prompt\": \"p\", \"x\": " + "{\"a\":".repeat(10_000),
                        "t.json:1:29: unknown field 'x'; a task takes id, prompt, model, budget, timeout, cwd,"
                                + " permissionMode, allowedTools, disallowedTools, appendSystemPrompt, env, isolation, base, setup,"
                                + " retries, check, fixAttempts, claudeArgs, dependsOn",
                        "t.json:1:344: nesting too deep: more than 64 levels of [ and {"),
                bad("empty task list", "[]", "t.json:1:1: no tasks: the task list is empty"),
                bad("empty tasks in object form", "{\"tasks\": []}", "t.json:1:11: no tasks: the task list is empty"),
                bad(
                        "object form without tasks",
                        "{\"defaults\": {}}",
                        "t.json:1:1: missing 'tasks': the array of tasks to run"),
                bad(
                        "a single task not in a list",
                        "{\"id\": \"a\", \"prompt\": \"p\"}",
                        "t.json:1:2: 'id' belongs inside a task; the top level takes 'defaults', 'tasks' and 'maxCost' (or write the tasks as a JSON array)",
                        "t.json:1:13: 'prompt' belongs inside a task; the top level takes 'defaults', 'tasks' and 'maxCost' (or write the tasks as a JSON array)",
                        "t.json:1:1: missing 'tasks': the array of tasks to run"),
                bad(
                        "tasks not an array",
                        "{\"tasks\": {\"id\": \"a\"}}",
                        "t.json:1:11: tasks must be an array, got an object"),
                bad(
                        "id in defaults",
                        "{\"defaults\": {\"id\": \"x\"}, \"tasks\": [{\"id\": \"a\", \"prompt\": \"p\"}]}",
                        "t.json:1:15: defaults cannot set 'id'; each task has its own"),
                badField("negative budget", "budget", "-1", "budget must be greater than 0, got -1"),
                badField("zero budget", "budget", "0", "budget must be greater than 0, got 0"),
                badField("NaN budget", "budget", "NaN", "budget must be a finite number, got NaN"),
                badField("infinite budget", "budget", "1e309", "budget must be a finite number, got 1e309"),
                badField("budget as a string", "budget", "\"5\"", "budget must be a number, got a string"),
                badField("budget as a boolean", "budget", "true", "budget must be a number, got true"),
                badField(
                        "timeout 10x",
                        "timeout",
                        "\"10x\"",
                        "timeout '10x' is not a duration; write seconds (90) or a number with s, m or h ('90s', '10m', '1h')"),
                badField("negative timeout", "timeout", "\"-5s\"", "timeout must be greater than 0, got '-5s'"),
                badField(
                        "empty timeout",
                        "timeout",
                        "\"\"",
                        "timeout must not be empty; write seconds (90) or a number with s, m or h ('90s', '10m', '1h')"),
                badField("zero timeout", "timeout", "0", "timeout must be greater than 0, got 0"),
                badField("NaN timeout", "timeout", "NaN", "timeout must be a finite number of seconds, got NaN"),
                badField("huge timeout", "timeout", "1e12", "timeout must be at most 30 days, got 1e12"),
                badField(
                        "timeout as an object",
                        "timeout",
                        "{}",
                        "timeout must be a number of seconds or a string such as \"10m\", got an object"),
                badField("empty model", "model", "\"\"", "model must not be empty"),
                badField(
                        "unknown permission mode",
                        "permissionMode",
                        "\"yolo\"",
                        "permissionMode must be one of acceptEdits, auto, bypassPermissions, manual, dontAsk, plan, got 'yolo'"),
                badField(
                        "permission mode in the wrong case",
                        "permissionMode",
                        "\"AcceptEdits\"",
                        "permissionMode must be one of acceptEdits, auto, bypassPermissions, manual, dontAsk, plan,"
                                + " got 'AcceptEdits'; did you mean 'acceptEdits'?"),
                badField(
                        "tools as a single string",
                        "allowedTools",
                        "\"Read\"",
                        "allowedTools must be an array of strings, got a string"),
                bad(
                        "an empty tool name",
                        "[{\"id\": \"a\", \"prompt\": \"p\", \"allowedTools\": [\"Read\", \"\", 3]}]",
                        "t.json:1:54: allowedTools[1] must not be empty",
                        "t.json:1:58: allowedTools[2] must be a string, got a number"),
                badField("env as an array", "env", "[\"A=1\"]", "env must be an object of strings, got an array"),
                bad(
                        "bad env name and value",
                        "[{\"id\": \"a\", \"prompt\": \"p\", \"env\": {\"1A\": \"x\", \"B\": 1}}]",
                        "t.json:1:37: env name '1A' is not a valid variable name; use ASCII letters, digits and '_', not starting with a digit",
                        "t.json:1:53: env 'B' must be a string, got a number"),
                badField(
                        "negative retries",
                        "retries",
                        "-1",
                        "retries must be a whole number from 0 to 2147483647, got -1"),
                badField("fractional retries", "retries", "1.5", "retries must be a whole number, got a number"),
                badField("retries as a string", "retries", "\"2\"", "retries must be a whole number, got a string"),
                badField(
                        "huge retries",
                        "retries",
                        "3000000000",
                        "retries must be a whole number from 0 to 2147483647, got 3000000000"),
                badField("check as an array", "check", "[\"npm\", \"test\"]", "check must be a string, got an array"),
                badField("check as a number", "check", "1", "check must be a string, got a number"),
                badField("empty check", "check", "\"  \"", "check must not be empty"),
                badField(
                        "negative fixAttempts",
                        "fixAttempts",
                        "-1",
                        "fixAttempts must be a whole number from 0 to 2147483647, got -1"),
                badField(
                        "fractional fixAttempts",
                        "fixAttempts",
                        "1.5",
                        "fixAttempts must be a whole number, got a number"),
                badField(
                        "fixAttempts as a string",
                        "fixAttempts",
                        "\"2\"",
                        "fixAttempts must be a whole number, got a string"),
                badField(
                        "claudeArgs as one string",
                        "claudeArgs",
                        "\"--effort high\"",
                        "claudeArgs must be an array of strings, got a string"),
                bad(
                        "claudeArgs naming flags claude-multi owns",
                        "[{\"id\": \"a\", \"prompt\": \"p\", \"claudeArgs\": [\"--effort\", \"high\", \"--model\", \"opus\","
                                + " \"--output-format=text\", 3, \"-p\", \"-rabc\"]}]",
                        "t.json:1:64: claudeArgs[2]: '--model' is a flag claude-multi sets itself (--model);"
                                + " use the task's model field or --model",
                        "t.json:1:83: claudeArgs[4]: '--output-format=text' is a flag claude-multi sets itself"
                                + " (--output-format); claude-multi reads claude's stream-json output",
                        "t.json:1:107: claudeArgs[5] must be a string, got a number",
                        "t.json:1:110: claudeArgs[6]: '-p' is a flag claude-multi sets itself (-p/--print);"
                                + " claude-multi always runs claude headless with -p",
                        "t.json:1:116: claudeArgs[7]: '-rabc' is a flag claude-multi sets itself (-r/--resume);"
                                + " claude-multi resumes the conversation of a retried attempt itself (--retry-fresh starts over)"),
                bad(
                        "a refused claudeArgs flag in defaults",
                        "{\"defaults\": {\"claudeArgs\": [\"--max-budget-usd\", \"9\"]}, \"tasks\": [{\"id\": \"a\", \"prompt\": \"p\"}]}",
                        "t.json:1:30: claudeArgs[0]: '--max-budget-usd' is a flag claude-multi sets itself (--max-budget-usd);"
                                + " use the task's budget field or --budget"),
                bad(
                        "zero maxCost",
                        "{\"maxCost\": 0, \"tasks\": [{\"id\": \"a\", \"prompt\": \"p\"}]}",
                        "t.json:1:13: maxCost must be greater than 0, got 0"),
                bad(
                        "maxCost as a string",
                        "{\"tasks\": [{\"id\": \"a\", \"prompt\": \"p\"}], \"maxCost\": \"$5\"}",
                        "t.json:1:52: maxCost must be a number, got a string"),
                bad(
                        "maxCost inside a task",
                        "[{\"id\": \"a\", \"prompt\": \"p\", \"maxCost\": 5}]",
                        "t.json:1:29: 'maxCost' is the whole run's budget and goes at the top level, beside 'tasks';"
                                + " a session's own cap is 'budget'"),
                bad(
                        "maxCost in defaults",
                        "{\"defaults\": {\"maxCost\": 5}, \"tasks\": [{\"id\": \"a\", \"prompt\": \"p\"}]}",
                        "t.json:1:15: 'maxCost' is the whole run's budget and goes at the top level, beside 'tasks';"
                                + " a session's own cap is 'budget'"),
                bad(
                        "misspelt field",
                        "[{\"id\": \"a\", \"prompt\": \"p\", \"timout\": 5}]",
                        "t.json:1:29: unknown field 'timout'; did you mean 'timeout'?"),
                bad(
                        "field in the wrong case",
                        "[{\"id\": \"a\", \"prompt\": \"p\", \"Timeout\": 5}]",
                        "t.json:1:29: unknown field 'Timeout'; did you mean 'timeout'?"),
                bad(
                        "snake-case field",
                        "[{\"id\": \"a\", \"prompt\": \"p\", \"allowed_tools\": []}]",
                        "t.json:1:29: unknown field 'allowed_tools'; did you mean 'allowedTools'?"),
                bad(
                        "unknown field",
                        "[{\"id\": \"a\", \"prompt\": \"p\", \"priority\": 1}]",
                        "t.json:1:29: unknown field 'priority'; a task takes id, prompt, model, budget, timeout, cwd,"
                                + " permissionMode, allowedTools, disallowedTools, appendSystemPrompt, env, isolation, base, setup,"
                                + " retries, check, fixAttempts, claudeArgs, dependsOn"),
                bad(
                        "dependsOn naming an unknown task",
                        "[{\"id\": \"build\", \"prompt\": \"p\"},\n"
                                + " {\"id\": \"test\", \"prompt\": \"p\", \"dependsOn\": [\"build\", \"biuld\", \"nope\"]}]",
                        "t.json:2:55: dependsOn names 'biuld', which is not a task of this file; did you mean 'build'?",
                        "t.json:2:64: dependsOn names 'nope', which is not a task of this file"),
                bad(
                        "a task depending on itself",
                        "[{\"id\": \"a\", \"prompt\": \"p\", \"dependsOn\": [\"a\"]}]",
                        "t.json:1:43: task 'a' depends on itself"),
                bad(
                        "a cycle of three, named whole from its task first in the file",
                        """
                        [{"id": "x", "prompt": "p"},
                         {"id": "b", "prompt": "p", "dependsOn": ["c"]},
                         {"id": "a", "prompt": "p", "dependsOn": ["x", "b"]},
                         {"id": "c", "prompt": "p", "dependsOn": ["a"]},
                         {"id": "d", "prompt": "p", "dependsOn": ["c"]}]""",
                        "t.json:2:9: dependency cycle: b -> c -> a -> b (each waits for the next to complete)"),
                bad(
                        "two separate cycles",
                        """
                        [{"id": "a", "prompt": "p", "dependsOn": ["b"]},
                         {"id": "b", "prompt": "p", "dependsOn": ["a"]},
                         {"id": "c", "prompt": "p", "dependsOn": ["d"]},
                         {"id": "d", "prompt": "p", "dependsOn": ["c"]}]""",
                        "t.json:1:9: dependency cycle: a -> b -> a (each waits for the next to complete)",
                        "t.json:3:9: dependency cycle: c -> d -> c (each waits for the next to complete)"),
                badField(
                        "dependsOn as one string",
                        "dependsOn",
                        "\"b\"",
                        "dependsOn must be an array of task ids, got a string"),
                bad(
                        "dependsOn naming a task twice, at the second",
                        "[{\"id\": \"a\", \"prompt\": \"p\", \"dependsOn\": [\"b\", \"b\"]}, {\"id\": \"b\", \"prompt\": \"p\"}]",
                        "t.json:1:48: dependsOn names 'b' twice"),
                bad(
                        "dependsOn with an empty id",
                        "[{\"id\": \"a\", \"prompt\": \"p\", \"dependsOn\": [\"\"]}]",
                        "t.json:1:43: dependsOn[0] must not be empty"),
                bad(
                        "dependsOn in defaults",
                        "{\"defaults\": {\"dependsOn\": [\"a\"]}, \"tasks\": [{\"id\": \"a\", \"prompt\": \"p\"}]}",
                        "t.json:1:15: defaults cannot set 'dependsOn'; each task names the tasks it waits for"),
                bad(
                        "misspelt top-level field",
                        "{\"task\": []}",
                        "t.json:1:2: unknown field 'task'; did you mean 'tasks'?",
                        "t.json:1:1: missing 'tasks': the array of tasks to run"),
                bad(
                        "several problems at once",
                        """
                        {
                          "defaults": {"budget": -1, "modle": "x"},
                          "tasks": [
                            {"id": "../x", "prompt": ""},
                            {"id": "ok", "prompt": "p", "timeout": "10x"},
                            {"id": "ok", "prompt": 3}
                          ]
                        }""",
                        "t.json:2:26: budget must be greater than 0, got -1",
                        "t.json:2:30: unknown field 'modle'; did you mean 'model'?",
                        "t.json:4:12: id '../x' contains '/'; " + ID_CHARS,
                        "t.json:4:30: prompt must not be empty",
                        "t.json:5:44: timeout '10x' is not a duration; write seconds (90) or a number with s, m or h ('90s', '10m', '1h')",
                        "t.json:6:12: duplicate id 'ok'; first used at 5:12",
                        "t.json:6:28: prompt must be a string, got a number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void reportsEveryProblemWithItsPosition(Case c) {
        assertThat(problems(c.json().getBytes(StandardCharsets.UTF_8))).containsExactlyElementsOf(c.expected());
    }

    static List<String> problems(byte[] json) {
        TaskFileException e = catchThrowableOfType(TaskFileException.class, () -> TaskFile.parse("t.json", json));
        assertThat(e).as("a TaskFileException").isNotNull();
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
        return e.problems();
    }
}
