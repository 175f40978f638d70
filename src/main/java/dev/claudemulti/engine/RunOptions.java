package dev.claudemulti.engine;

import dev.claudemulti.task.Task;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The run-wide settings, after command-line options, environment variables and built-in
 * defaults have been resolved.
 *
 * @param taskDefaults fallback for every per-task field the task file leaves unset
 * @param parallel     most sessions running at once
 * @param grace        time between SIGTERM and SIGKILL when a session is stopped or times out
 * @param projectDir   working directory of sessions whose task has no {@code cwd}
 */
public record RunOptions(Task taskDefaults, int parallel, Duration grace, Path projectDir) {
    public RunOptions {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1");
        }
    }
}
