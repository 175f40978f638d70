package dev.claudemulti.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskIdTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "task-1",
                "A.b_c-d",
                "9",
                "v1.2.3",
                "CONSOLE",
                "com10",
                "lpt",
                "auxiliary.txt",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            })
    void acceptsSafeIds(String id) {
        assertThat(TaskId.problem(id)).isEmpty();
        assertThat(TaskId.isValid(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ".",
                "..",
                "../x",
                "a/b",
                "a\\b",
                "_a",
                "-a",
                "a.",
                "CON",
                "nul.txt",
                "Aux",
                "COM1",
                "LPT9.log",
                "a:b",
                "a*",
                "\u0430",
                "a\u00a0b",
                "\u0661",
                "\uff21",
                "x\u202e"
            })
    void rejectsUnsafeIds(String id) {
        assertThat(TaskId.problem(id)).get().asString().startsWith("id");
        assertThat(TaskId.isValid(id)).isFalse();
    }
}
