package dev.claudemulti.task;

import java.util.List;

/** A task file that cannot be used. Each message is one line, "file:line:column: what is wrong" where possible. */
public class TaskFileException extends Exception {
    private final List<String> problems;

    public TaskFileException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
