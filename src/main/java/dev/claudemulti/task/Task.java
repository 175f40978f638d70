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
 *
 * <p>Every field but id and prompt is described once, in {@link TaskField}: its name in a task
 * file, how it is read and checked, and how a default fills it. A new field is a component
 * here, a setter in {@link Builder} and one entry there.
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
        Map<String, String> env,
        /** "worktree" or "none"; null: the run's choice. */
        String isolation,
        /** The commit (any git revision) the session's worktree starts from; null: the run's base. */
        String base,
        /** A shell command run in the session's worktree before the agent starts; null: none. */
        String setup,
        /** More attempts a transient failure may have; null: the run's (default 2). */
        Integer retries,
        /** Extra flags for the agent's command line ({@code --effort high}); null: none. */
        List<String> claudeArgs,
        /**
         * The ids of the tasks that must complete before this one starts; null: none. Only a task
         * sets it (never defaults); the task file reader has checked the ids exist and form no cycle.
         */
        List<String> dependsOn,
        /**
         * A shell command run in the session's working directory after a completed attempt; the session
         * stays completed only if it exits 0. Null: no check.
         */
        String check,
        /** How many times a failed check sends the agent back to fix it; null: 0. */
        Integer fixAttempts) {

    public Task {
        allowedTools = allowedTools == null ? null : List.copyOf(allowedTools);
        disallowedTools = disallowedTools == null ? null : List.copyOf(disallowedTools);
        env = env == null ? null : Map.copyOf(env);
        claudeArgs = claudeArgs == null ? null : List.copyOf(claudeArgs);
        dependsOn = dependsOn == null ? null : List.copyOf(dependsOn);
    }

    /** The ids this task waits for, in the order written; empty when it depends on nothing. */
    public List<String> dependencies() {
        return dependsOn == null ? List.of() : dependsOn;
    }

    /** How many fix rounds a failed {@link #check} may have: {@link #fixAttempts}, 0 when unset. */
    public int fixRounds() {
        return fixAttempts == null ? 0 : fixAttempts;
    }

    /** A task with only id and prompt; everything else comes from defaults. */
    public static Task of(String id, String prompt) {
        return builder().id(id).prompt(prompt).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = builder().id(id).prompt(prompt);
        for (TaskField<?> field : TaskField.ALL) {
            field.copy(this, b);
        }
        return b;
    }

    /**
     * Fills every null field of this task from {@code fallback} (whose id and prompt are ignored),
     * each as its {@link TaskField} says: env maps merge, this task's names winning.
     */
    public Task orElse(Task fallback) {
        if (fallback == null) {
            return this;
        }
        Builder b = builder().id(id).prompt(prompt);
        for (TaskField<?> field : TaskField.ALL) {
            field.merge(this, fallback, b);
        }
        return b.build();
    }

    /** A task built field by field; every field not set stays null ("not set here"). */
    public static final class Builder {
        private String id;
        private String prompt;
        private String model;
        private Double budgetUsd;
        private Duration timeout;
        private String cwd;
        private String permissionMode;
        private List<String> allowedTools;
        private List<String> disallowedTools;
        private String appendSystemPrompt;
        private Map<String, String> env;
        private String isolation;
        private String base;
        private String setup;
        private Integer retries;
        private List<String> claudeArgs;
        private List<String> dependsOn;
        private String check;
        private Integer fixAttempts;

        private Builder() {}

        public Builder id(String value) {
            id = value;
            return this;
        }

        public Builder prompt(String value) {
            prompt = value;
            return this;
        }

        public Builder model(String value) {
            model = value;
            return this;
        }

        public Builder budgetUsd(Double value) {
            budgetUsd = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        public Builder cwd(String value) {
            cwd = value;
            return this;
        }

        public Builder permissionMode(String value) {
            permissionMode = value;
            return this;
        }

        public Builder allowedTools(List<String> value) {
            allowedTools = value;
            return this;
        }

        public Builder disallowedTools(List<String> value) {
            disallowedTools = value;
            return this;
        }

        public Builder appendSystemPrompt(String value) {
            appendSystemPrompt = value;
            return this;
        }

        public Builder env(Map<String, String> value) {
            env = value;
            return this;
        }

        public Builder isolation(String value) {
            isolation = value;
            return this;
        }

        public Builder base(String value) {
            base = value;
            return this;
        }

        public Builder setup(String value) {
            setup = value;
            return this;
        }

        public Builder retries(Integer value) {
            retries = value;
            return this;
        }

        public Builder claudeArgs(List<String> value) {
            claudeArgs = value;
            return this;
        }

        public Builder dependsOn(List<String> value) {
            dependsOn = value;
            return this;
        }

        public Builder check(String value) {
            check = value;
            return this;
        }

        public Builder fixAttempts(Integer value) {
            fixAttempts = value;
            return this;
        }

        public Task build() {
            return new Task(
                    id,
                    prompt,
                    model,
                    budgetUsd,
                    timeout,
                    cwd,
                    permissionMode,
                    allowedTools,
                    disallowedTools,
                    appendSystemPrompt,
                    env,
                    isolation,
                    base,
                    setup,
                    retries,
                    claudeArgs,
                    dependsOn,
                    check,
                    fixAttempts);
        }
    }
}
