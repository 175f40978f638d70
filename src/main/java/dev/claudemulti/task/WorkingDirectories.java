package dev.claudemulti.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A task's {@code cwd} must name a directory inside the project directory. An agent that runs with
 * bypassPermissions edits whatever lies under its working directory, so {@code "/"}, {@code "../other"}
 * or a symbolic link inside the project that leads out of it would hand it files the user never
 * pointed it at. Symbolic links are resolved before comparing, so a link counts where it leads.
 */
final class WorkingDirectories {
    private WorkingDirectories() {}

    /**
     * @param cwdPositions where each task's cwd value is in the file, by task id; "" for the defaults'
     * @throws TaskFileException every problem, reported once per cwd value written in the file
     */
    static void check(String sourceName, List<Task> tasks, Map<String, Position> cwdPositions, Path projectDir)
            throws TaskFileException {
        Problems problems = new Problems(sourceName);
        Path project;
        try {
            project = projectDir.toRealPath();
        } catch (IOException e) {
            return; // the project directory is checked (and reported) by whoever chose it
        }
        Set<Position> reported = new HashSet<>();
        for (Task t : tasks) {
            if (t.cwd() == null) {
                continue;
            }
            Position at = cwdPositions.getOrDefault(t.id(), cwdPositions.get(""));
            if (at == null || !reported.add(at)) {
                continue; // one value shared by many tasks (from the defaults) is reported once
            }
            String problem = problem(t.cwd(), projectDir, project);
            if (problem != null) {
                problems.at(at, "cwd " + Quoted.of(t.cwd()) + " " + problem);
            }
        }
        problems.throwIfAny();
    }

    /** What is wrong with {@code cwd}, or null if it is a directory inside the project. */
    private static String problem(String cwd, Path projectDir, Path project) {
        Path given;
        try {
            given = projectDir.resolve(cwd);
        } catch (InvalidPathException e) {
            return "is not a valid path: " + e.getReason();
        }
        String outside = "is outside the project directory " + project + "; a task's cwd must stay inside it";
        if (!Files.exists(given)) {
            // Nothing to resolve: judge the path as written.
            return given.normalize().startsWith(projectDir.toAbsolutePath().normalize())
                    ? "does not exist (" + given.normalize() + ")"
                    : outside;
        }
        Path real;
        try {
            real = given.toRealPath();
        } catch (IOException e) {
            return "cannot be resolved (" + given.normalize() + "): " + e.getMessage();
        }
        if (!real.startsWith(project)) {
            return outside.replace("; ", " (it leads to " + real + "); ");
        }
        if (!Files.isDirectory(real)) {
            return "is not a directory (" + real + ")";
        }
        return null;
    }
}
