package dev.claudemulti.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskFileTest {
    @TempDir
    Path dir;

    static TaskFile parse(String json) throws TaskFileException {
        return TaskFile.parse("t.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheAncestorsArrayForm() throws Exception {
        TaskFile file = parse("""
                [
                  {"id": "task-1", "prompt": "Fix all TypeScript errors in src/"},
                  {"id": "task-2", "prompt": "Add unit tests for the auth module"}
                ]""");

        assertThat(file.tasks())
                .containsExactly(
                        Task.of("task-1", "Fix all TypeScript errors in src/"),
                        Task.of("task-2", "Add unit tests for the auth module"));
        assertThat(file.sourceName()).isEqualTo("t.json");
    }

    @Test
    void readsRetriesClaudeArgsAndTheBatchBudget() throws Exception {
        TaskFile file = parse("""
                {
                  "maxCost": 12.5,
                  "defaults": {"retries": 0, "claudeArgs": ["--effort", "high"]},
                  "tasks": [
                    {"id": "a", "prompt": "one", "retries": 5, "claudeArgs": ["--append-system-prompt", "", "--safe-mode"]},
                    {"id": "b", "prompt": "two"}
                  ]
                }""");

        assertThat(file.maxCostUsd()).isEqualTo(12.5);
        Task a = file.tasks().get(0);
        Task b = file.tasks().get(1);
        assertThat(a.retries()).isEqualTo(5);
        assertThat(a.claudeArgs()).containsExactly("--append-system-prompt", "", "--safe-mode");
        assertThat(b.retries()).isZero();
        assertThat(b.claudeArgs()).containsExactly("--effort", "high");
        assertThat(parse("[{\"id\": \"a\", \"prompt\": \"p\"}]").maxCostUsd()).isNull();
        assertThat(parse("[{\"id\": \"a\", \"prompt\": \"p\"}]").tasks().get(0).retries())
                .isNull();
    }

    @Test
    void everyFlagClaudeMultiOwnsIsRefusedInEachSpellingAndOthersPass() {
        for (ClaudeArgs.OwnedFlag flag : ClaudeArgs.OWNED) {
            assertThat(ClaudeArgs.owned(flag.name())).contains(flag);
            assertThat(ClaudeArgs.owned(flag.name() + "=x")).contains(flag);
            if (flag.shortName() != null) {
                assertThat(ClaudeArgs.owned(flag.shortName())).contains(flag);
            }
        }
        assertThat(ClaudeArgs.OWNED)
                .extracting(ClaudeArgs.OwnedFlag::name)
                .containsExactlyInAnyOrder(
                        "--print",
                        "--output-format",
                        "--input-format",
                        "--verbose",
                        "--session-id",
                        "--resume",
                        "--continue",
                        "--fork-session",
                        "--no-session-persistence",
                        "--max-budget-usd",
                        "--model",
                        "--permission-mode");
        assertThat(ClaudeArgs.owned("-r")).map(ClaudeArgs.OwnedFlag::name).contains("--resume");
        assertThat(ClaudeArgs.owned("-c")).map(ClaudeArgs.OwnedFlag::name).contains("--continue");
        assertThat(ClaudeArgs.owned("--effort")).isEmpty();
        assertThat(ClaudeArgs.owned("--fallback-model")).isEmpty();
        assertThat(ClaudeArgs.owned("--models")).isEmpty();
        assertThat(ClaudeArgs.owned("--print-something")).isEmpty();
        assertThat(ClaudeArgs.owned("-p is a value with spaces")).isEmpty();
        assertThat(ClaudeArgs.owned("")).isEmpty();
    }

    @Test
    void readsTheObjectFormAndMergesDefaultsIntoEachTask() throws Exception {
        TaskFile file = parse("""
                {
                  "tasks": [
                    {"id": "a", "prompt": "one", "model": "opus", "env": {"B": "task"}},
                    {"id": "b", "prompt": "two"}
                  ],
                  "defaults": {"model": "sonnet", "budget": 2.5, "timeout": "10m", "env": {"A": "1", "B": "default"}}
                }""");

        Task a = file.tasks().get(0);
        Task b = file.tasks().get(1);
        assertThat(a.model()).isEqualTo("opus");
        assertThat(a.env()).isEqualTo(Map.of("A", "1", "B", "task"));
        assertThat(a.budgetUsd()).isEqualTo(2.5);
        assertThat(b.model()).isEqualTo("sonnet");
        assertThat(b.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(b.env()).isEqualTo(Map.of("A", "1", "B", "default"));
        assertThat(file.tasks()).extracting(Task::id).containsExactly("a", "b");
    }

    @Test
    void readsEveryOptionalField() throws Exception {
        Task task = parse("""
                [{
                  "id": "all.fields_1",
                  "prompt": "p",
                  "model": "claude-sonnet-4-5",
                  "budget": 0.25,
                  "timeout": 90,
                  "cwd": "sub/dir",
                  "permissionMode": "acceptEdits",
                  "allowedTools": ["Read", "Bash(git:*)"],
                  "disallowedTools": ["WebFetch"],
                  "appendSystemPrompt": "Be brief.",
                  "env": {"_X1": "y", "EMPTY": ""}
                }]""").tasks().get(0);

        assertThat(task)
                .isEqualTo(Task.builder()
                        .id("all.fields_1")
                        .prompt("p")
                        .model("claude-sonnet-4-5")
                        .budgetUsd(0.25)
                        .timeout(Duration.ofSeconds(90))
                        .cwd("sub/dir")
                        .permissionMode("acceptEdits")
                        .allowedTools(List.of("Read", "Bash(git:*)"))
                        .disallowedTools(List.of("WebFetch"))
                        .appendSystemPrompt("Be brief.")
                        .env(Map.of("_X1", "y", "EMPTY", ""))
                        .build());
    }

    @Test
    void nullMeansNotSetForOptionalFields() throws Exception {
        Task task = parse("""
                {"defaults": {"model": "sonnet"}, "tasks": [{"id": "a", "prompt": "p", "model": null, "env": null}]}
                """).tasks().get(0);

        assertThat(task.model()).isEqualTo("sonnet");
        assertThat(task.env()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            90        | PT1M30S
            "90"      | PT1M30S
            "90s"     | PT1M30S
            "10m"     | PT10M
            "1h"      | PT1H
            "1.5h"    | PT1H30M
            0.5       | PT0.5S
            " 2 m "   | PT2M
            """)
    void readsTimeouts(String json, String expected) throws Exception {
        Task task = parse("[{\"id\": \"a\", \"prompt\": \"p\", \"timeout\": " + json + "}]")
                .tasks()
                .get(0);

        assertThat(task.timeout()).isEqualTo(Duration.parse(expected));
    }

    @Test
    void keepsAOneMegabytePromptIntact() throws Exception {
        StringBuilder prompt = new StringBuilder();
        for (int i = 0; prompt.length() < 1_000_000; i++) {
            prompt.append("line ").append(i).append(" \u00e9\u4e2d\ud83d\ude00 \"quoted\" \\ \n");
        }
        String json = "[{\"id\": \"big\", \"prompt\": " + jsonString(prompt.toString()) + "}]";
        Files.writeString(dir.resolve("big.json"), json);

        TaskFile file = TaskFile.load("big.json", null, dir);

        assertThat(file.tasks().get(0).prompt()).isEqualTo(prompt.toString());
        assertThat(file.text()).isEqualTo(json);
    }

    @Test
    void keepsAPromptThatLooksLikeAnOption() throws Exception {
        assertThat(parse("[{\"id\": \"a\", \"prompt\": \"--help me\"}]")
                        .tasks()
                        .get(0)
                        .prompt())
                .isEqualTo("--help me");
    }

    @Test
    void loadsInlineJson() throws Exception {
        TaskFile file = TaskFile.load("  \n [{\"id\": \"a\", \"prompt\": \"p\"}]", null, dir);

        assertThat(file.sourceName()).isEqualTo("<inline>");
        assertThat(file.tasks()).containsExactly(Task.of("a", "p"));
    }

    @Test
    void loadsInlineObjectForm() throws Exception {
        assertThat(TaskFile.load("{\"tasks\": [{\"id\": \"a\", \"prompt\": \"p\"}]}", null, dir)
                        .tasks())
                .containsExactly(Task.of("a", "p"));
    }

    @Test
    void loadsStandardInputForDash() throws Exception {
        var stdin = new ByteArrayInputStream("[{\"id\": \"a\", \"prompt\": \"p\"}]".getBytes(StandardCharsets.UTF_8));

        TaskFile file = TaskFile.load("-", stdin, dir);

        assertThat(file.sourceName()).isEqualTo("<stdin>");
        assertThat(file.tasks()).containsExactly(Task.of("a", "p"));
    }

    @Test
    void resolvesRelativePathsAgainstTheBaseDirAndNamesThemAsGiven() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/tasks.json"), "[{\"id\": \"a\", \"prompt\": \"p\"}]");

        TaskFile file = TaskFile.load("sub/tasks.json", null, dir);

        assertThat(file.sourceName()).isEqualTo("sub/tasks.json");
        assertThat(file.tasks()).hasSize(1);
    }

    @Test
    void skipsAUtf8ByteOrderMark() throws Exception {
        byte[] json = "\uFEFF[{\"id\": \"a\", \"prompt\": \"p\"}]".getBytes(StandardCharsets.UTF_8);

        TaskFile file = TaskFile.parse("t.json", json);

        assertThat(file.tasks()).containsExactly(Task.of("a", "p"));
        assertThat(file.text()).startsWith("[");
    }

    @Test
    void positionsAfterAByteOrderMarkCountFromTheFirstCharacter() {
        byte[] json = "\uFEFF[1]".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> TaskFile.parse("t.json", json))
                .hasMessage("t.json:1:2: task 1 must be an object with \"id\" and \"prompt\", got a number");
    }

    @Test
    void reportsAMissingFileInOneLine() {
        assertThatThrownBy(() -> TaskFile.load("tasks.json", null, dir))
                .isInstanceOf(TaskFileException.class)
                .hasMessage("tasks.json: no such file");
    }

    @Test
    void reportsADirectoryInOneLine() throws IOException {
        Files.createDirectories(dir.resolve("tasks"));

        assertThatThrownBy(() -> TaskFile.load("tasks", null, dir))
                .hasMessage("tasks: is a directory, not a task file");
    }

    @Test
    void reportsAMissingArgument() {
        assertThatThrownBy(() -> TaskFile.load(" ", null, dir))
                .hasMessage("no task file given: pass a path, '-' for standard input, or the JSON itself");
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
