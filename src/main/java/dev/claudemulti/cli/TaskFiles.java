package dev.claudemulti.cli;

import dev.claudemulti.task.TaskFile;
import dev.claudemulti.task.TaskFileException;

/** Loads the task-file argument of a command, turning its problems into a usage error. */
final class TaskFiles {
    private TaskFiles() {
    }

    static TaskFile load(String argument, CliContext ctx) {
        try {
            return TaskFile.load(argument, ctx.in(), ctx.cwd());
        } catch (TaskFileException e) {
            throw new UserException(String.join(System.lineSeparator(), e.problems()));
        }
    }
}
