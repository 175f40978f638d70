package dev.claudemulti.task;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One unit of work: a prompt for one agent session.
 *
 * <p>Every field except {@code id} and {@code prompt} may be null, meaning "not set here".
 * {@link TaskFile} merges the file's {@code defaults} into each task; the engine then fills
 * what is still null from the run's options (see {@link #orElse(Task)}), so the agent always
 * receives a task with model, budget, timeout and permission mode set.
 */
public record Task(
        String id,
        String prompt,
        String model,
        Double budgetUsd,
        Duration timeout,
        String cwd,
        String permissionMode,
        List<String> allowedTools,
        List<String> disallowedTools,
        String appendSystemPrompt,
        Map<String, String> env) {

    public Task {
        allowedTools = allowedTools == null ? null : List.copyOf(allowedTools);
        disallowedTools = disallowedTools == null ? null : List.copyOf(disallowedTools);
        env = env == null ? null : Map.copyOf(env);
    }

    /** A task with only id and prompt; everything else comes from defaults. */
    public static Task of(String id, String prompt) {
        return new Task(id, prompt, null, null, null, null, null, null, null, null, null);
    }

    /** Fills every null field of this task from {@code fallback} (whose id and prompt are ignored). */
    public Task orElse(Task fallback) {
        if (fallback == null) {
            return this;
        }
        return new Task(id, prompt,
                model != null ? model : fallback.model,
                budgetUsd != null ? budgetUsd : fallback.budgetUsd,
                timeout != null ? timeout : fallback.timeout,
                cwd != null ? cwd : fallback.cwd,
                permissionMode != null ? permissionMode : fallback.permissionMode,
                allowedTools != null ? allowedTools : fallback.allowedTools,
                disallowedTools != null ? disallowedTools : fallback.disallowedTools,
                appendSystemPrompt != null ? appendSystemPrompt : fallback.appendSystemPrompt,
                mergeEnv(fallback.env, env));
    }

    private static Map<String, String> mergeEnv(Map<String, String> base, Map<String, String> over) {
        if (base == null) {
            return over;
        }
        if (over == null) {
            return base;
        }
        var merged = new java.util.TreeMap<>(base);
        merged.putAll(over);
        return merged;
    }

    public Task withPrompt(String newPrompt) {
        return new Task(id, newPrompt, model, budgetUsd, timeout, cwd, permissionMode,
                allowedTools, disallowedTools, appendSystemPrompt, env);
    }
}
