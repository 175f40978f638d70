package dev.claudemulti.cli;

import dev.claudemulti.task.TaskFile;
import dev.claudemulti.task.TaskFileException;
import java.nio.file.Path;

/** Loads the task-file argument of a command, turning its problems into a usage error. */
final class TaskFiles {
    private TaskFiles() {}

    static TaskFile load(String argument, CliContext ctx) {
        try {
            return TaskFile.load(argument, ctx.in(), ctx.cwd());
        } catch (TaskFileException e) {
            throw usage(e);
        }
    }

    /** Refuses a task whose cwd is missing or leads out of the project directory, at its place in the file. */
    static void checkWorkingDirectories(TaskFile taskFile, Path projectDir) {
        try {
            taskFile.checkWorkingDirectories(projectDir);
        } catch (TaskFileException e) {
            throw usage(e);
        }
    }

    private static UserException usage(TaskFileException e) {
        return new UserException(String.join(System.lineSeparator(), e.problems()));
    }
}
