package dev.claudemulti.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The field table: one entry per defaultable field drives reading, the defaults merge and copying. */
class TaskFieldTest {
    private static final Task FULL = Task.builder()
            .id("a")
            .prompt("p")
            .model("opus")
            .budgetUsd(1.5)
            .timeout(Duration.ofMinutes(2))
            .cwd("sub")
            .permissionMode("plan")
            .allowedTools(List.of("Read"))
            .disallowedTools(List.of("Bash"))
            .appendSystemPrompt("be brief")
            .env(Map.of("A", "1"))
            .isolation("worktree")
            .base("main")
            .setup("npm ci")
            .retries(3)
            .check("npm test")
            .fixAttempts(2)
            .claudeArgs(List.of("--effort", "high"))
            .build();

    @Test
    void toBuilderCopiesEveryField() {
        assertThat(FULL.toBuilder().build()).isEqualTo(FULL);
        assertThat(new Task(
                        "a",
                        "p",
                        "opus",
                        1.5,
                        Duration.ofMinutes(2),
                        "sub",
                        "plan",
                        List.of("Read"),
                        List.of("Bash"),
                        "be brief",
                        Map.of("A", "1"),
                        "worktree",
                        "main",
                        "npm ci",
                        3,
                        List.of("--effort", "high"),
                        null,
                        "npm test",
                        2))
                .isEqualTo(FULL);
        Task dependant = FULL.toBuilder().dependsOn(List.of("b", "c")).build();
        assertThat(dependant.toBuilder().build()).isEqualTo(dependant);
        assertThat(dependant.dependencies()).containsExactly("b", "c");
        assertThat(FULL.dependencies()).isEmpty();
    }

    @Test
    void orElseFillsWhatIsUnsetAndMergesEnv() {
        Task own = Task.builder()
                .id("b")
                .prompt("q")
                .model("haiku")
                .env(Map.of("A", "own", "B", "2"))
                .build();
        Task merged = own.orElse(FULL);
        assertThat(merged)
                .isEqualTo(FULL.toBuilder()
                        .id("b")
                        .prompt("q")
                        .model("haiku")
                        .env(Map.of("A", "own", "B", "2"))
                        .build());
        assertThat(Task.of("c", "r").orElse(null)).isEqualTo(Task.of("c", "r"));
    }

    @Test
    void everyFieldOfTheTableIsReadFromATaskFileAndFromDefaults() throws Exception {
        String json = """
                {"defaults": {"model": "opus", "budget": 1.5, "timeout": "2m", "cwd": "sub",
                  "permissionMode": "plan", "allowedTools": ["Read"], "disallowedTools": ["Bash"],
                  "appendSystemPrompt": "be brief", "env": {"A": "1"},
                  "isolation": "worktree", "base": "main", "setup": "npm ci",
                  "retries": 3, "check": "npm test", "fixAttempts": 2, "claudeArgs": ["--effort", "high"]},
                 "tasks": [{"id": "a", "prompt": "p"}]}""";
        assertThat(TaskFileReader.read("t.json", json).tasks()).containsExactly(FULL);
        assertThat(TaskField.names())
                .containsExactly(
                        "model",
                        "budget",
                        "timeout",
                        "cwd",
                        "permissionMode",
                        "allowedTools",
                        "disallowedTools",
                        "appendSystemPrompt",
                        "env",
                        "isolation",
                        "base",
                        "setup",
                        "retries",
                        "check",
                        "fixAttempts",
                        "claudeArgs");
        assertThat(TaskField.taskNames()).endsWith("claudeArgs", "dependsOn");
    }

    @Test
    void dependsOnIsATasksOwnAndADiamondIsFine() throws Exception {
        String json = """
                {"defaults": {"model": "opus"},
                 "tasks": [{"id": "a", "prompt": "p"},
                           {"id": "b", "prompt": "p", "dependsOn": ["a"]},
                           {"id": "c", "prompt": "p", "dependsOn": ["a"]},
                           {"id": "d", "prompt": "p", "dependsOn": ["b", "c"]}]}""";
        List<Task> tasks = TaskFileReader.read("t.json", json).tasks();
        assertThat(tasks)
                .extracting(Task::dependencies)
                .containsExactly(List.of(), List.of("a"), List.of("a"), List.of("b", "c"));
        assertThat(tasks.get(3).model()).isEqualTo("opus");
    }

    @Test
    void permissionModesAreClaudesInOneList() {
        assertThat(PermissionMode.cliNames())
                .containsExactly("acceptEdits", "auto", "bypassPermissions", "manual", "dontAsk", "plan");
        assertThat(PermissionMode.fromCliName("dontAsk")).contains(PermissionMode.DONT_ASK);
        assertThat(PermissionMode.fromCliName("dontask")).isEmpty();
    }
}
