package dev.claudemulti.engine;

import dev.claudemulti.task.Task;
import dev.claudemulti.workspace.WorkspacePlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The run-wide settings, after command-line options, environment variables and built-in
 * defaults have been resolved.
 *
 * @param taskDefaults fallback for every per-task field the task file leaves unset
 * @param parallel     most sessions running at once
 * @param grace        time between SIGTERM and SIGKILL when a session is stopped or times out
 * @param projectDir   working directory of sessions whose task has no {@code cwd}
 * @param environment  the orchestrator's environment as the command was given it (never read from
 *                     {@code System}): its secret values, like those of every task's env, are cut out
 *                     of what sessions write to the state directory. Sessions' processes still inherit
 *                     the real process environment; this map does not replace it.
 * @param workspaces   how sessions whose task's isolation is "worktree" get their worktree; null
 *                     when the project is not in a git repository (every session then runs in place)
 * @param policy       retries, rate-limit gate, halt policy, batch budget, result grace
 */
public record RunOptions(
        Task taskDefaults,
        int parallel,
        Duration grace,
        Path projectDir,
        Map<String, String> environment,
        WorkspacePlan workspaces,
        RunPolicy policy) {
    public RunOptions {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1");
        }
        environment = Collections.unmodifiableMap(new HashMap<>(environment));
        policy = policy == null ? RunPolicy.defaults() : policy;
    }

    /** Options with the default {@link RunPolicy}. */
    public RunOptions(
            Task taskDefaults,
            int parallel,
            Duration grace,
            Path projectDir,
            Map<String, String> environment,
            WorkspacePlan workspaces) {
        this(taskDefaults, parallel, grace, projectDir, environment, workspaces, null);
    }

    /** Options of a run whose sessions all run in the project directory itself. */
    public RunOptions(
            Task taskDefaults, int parallel, Duration grace, Path projectDir, Map<String, String> environment) {
        this(taskDefaults, parallel, grace, projectDir, environment, null, null);
    }
}
