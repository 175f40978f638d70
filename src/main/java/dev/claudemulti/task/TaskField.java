package dev.claudemulti.task;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * One field a task file's task (and its {@code defaults}) may set, besides id and prompt: its
 * name in the file, how its value is read and checked ({@link TaskValueReader}), where it lives in
 * a {@link Task}, and how a default fills it. {@link #DEFAULTABLE} drives the task-file reader,
 * its list of known fields (in messages, in this order), {@link Task#orElse} and
 * {@link Task#toBuilder}.
 *
 * @param <T> the field's type in {@link Task}
 */
final class TaskField<T> {
    /**
     * Shared by the fields that a default only fills: the same method reference written at each of
     * them is one lambda class per field, each made (or mapped from the class-data-sharing archive)
     * at every start; one instance serves them all.
     */
    @SuppressWarnings("UnnecessaryLambda") // one instance is the point
    private static final BinaryOperator<Object> OWN_ELSE_FALLBACK = (own, fallback) -> own != null ? own : fallback;

    static final TaskField<String> MODEL = new TaskField<>(
            "model",
            Task::model,
            Task.Builder::model,
            r -> r.string("model", TaskValueReader.Blank.REJECT, true),
            ownElseFallback());
    static final TaskField<Double> BUDGET = new TaskField<>(
            "budget", Task::budgetUsd, Task.Builder::budgetUsd, r -> r.positive("budget"), ownElseFallback());
    static final TaskField<Duration> TIMEOUT = new TaskField<>(
            "timeout", Task::timeout, Task.Builder::timeout, TaskValueReader::timeout, ownElseFallback());
    /** Where its value was written matters too: see {@link WorkingDirectories}. */
    static final TaskField<String> CWD = new TaskField<>(
            "cwd",
            Task::cwd,
            Task.Builder::cwd,
            r -> r.string("cwd", TaskValueReader.Blank.REJECT, true),
            ownElseFallback());

    static final TaskField<String> PERMISSION_MODE = new TaskField<>(
            "permissionMode",
            Task::permissionMode,
            Task.Builder::permissionMode,
            TaskValueReader::permissionMode,
            ownElseFallback());
    static final TaskField<List<String>> ALLOWED_TOOLS = new TaskField<>(
            "allowedTools",
            Task::allowedTools,
            Task.Builder::allowedTools,
            r -> r.stringList("allowedTools"),
            ownElseFallback());
    static final TaskField<List<String>> DISALLOWED_TOOLS = new TaskField<>(
            "disallowedTools",
            Task::disallowedTools,
            Task.Builder::disallowedTools,
            r -> r.stringList("disallowedTools"),
            ownElseFallback());
    static final TaskField<String> APPEND_SYSTEM_PROMPT = new TaskField<>(
            "appendSystemPrompt",
            Task::appendSystemPrompt,
            Task.Builder::appendSystemPrompt,
            r -> r.string("appendSystemPrompt", TaskValueReader.Blank.ALLOW, true),
            ownElseFallback());
    /** A task's variables are added to the defaults' ones, not instead of them. */
    static final TaskField<Map<String, String>> ENV =
            new TaskField<>("env", Task::env, Task.Builder::env, TaskValueReader::env, TaskField::mergeEnv);

    /** "worktree" or "none": whether the session gets its own git worktree and branch. */
    static final TaskField<String> ISOLATION = new TaskField<>(
            "isolation", Task::isolation, Task.Builder::isolation, TaskValueReader::isolation, ownElseFallback());

    static final TaskField<String> BASE = new TaskField<>(
            "base",
            Task::base,
            Task.Builder::base,
            r -> r.string("base", TaskValueReader.Blank.REJECT, true),
            ownElseFallback());
    static final TaskField<String> SETUP = new TaskField<>(
            "setup",
            Task::setup,
            Task.Builder::setup,
            r -> r.string("setup", TaskValueReader.Blank.REJECT, true),
            ownElseFallback());

    /** How many more attempts a transient failure (429, 5xx, 529, no result) may have; the engine's default when unset. */
    static final TaskField<Integer> RETRIES = new TaskField<>(
            "retries", Task::retries, Task.Builder::retries, r -> r.wholeNumber("retries"), ownElseFallback());
    /** Extra flags for the agent's command line; flags claude-multi owns are refused when read. */
    static final TaskField<List<String>> CLAUDE_ARGS = new TaskField<>(
            "claudeArgs", Task::claudeArgs, Task.Builder::claudeArgs, TaskValueReader::claudeArgs, ownElseFallback());

    /** A shell command that must exit 0 after a completed attempt for the session to stay completed. */
    static final TaskField<String> CHECK = new TaskField<>(
            "check",
            Task::check,
            Task.Builder::check,
            r -> r.string("check", TaskValueReader.Blank.REJECT, true),
            ownElseFallback());

    /** How many times a failed check sends the agent back to fix the cause. */
    static final TaskField<Integer> FIX_ATTEMPTS = new TaskField<>(
            "fixAttempts",
            Task::fixAttempts,
            Task.Builder::fixAttempts,
            r -> r.wholeNumber("fixAttempts"),
            ownElseFallback());

    /**
     * The tasks that must complete first. Not in {@link #DEFAULTABLE}: a default naming tasks would
     * make every task (those named included) depend on them. The reader checks the ids as a whole
     * ({@link Dependencies}), so here only their shape is read.
     */
    static final TaskField<List<String>> DEPENDS_ON = new TaskField<>(
            "dependsOn", Task::dependsOn, Task.Builder::dependsOn, TaskValueReader::dependsOn, ownElseFallback());

    /** Every field a default may set, in the order messages list them. */
    static final List<TaskField<?>> DEFAULTABLE = List.of(
            MODEL,
            BUDGET,
            TIMEOUT,
            CWD,
            PERMISSION_MODE,
            ALLOWED_TOOLS,
            DISALLOWED_TOOLS,
            APPEND_SYSTEM_PROMPT,
            ENV,
            ISOLATION,
            BASE,
            SETUP,
            RETRIES,
            CHECK,
            FIX_ATTEMPTS,
            CLAUDE_ARGS);

    /** Every field a task may set besides id and prompt: the defaultable ones, then {@link #DEPENDS_ON}. */
    static final List<TaskField<?>> ALL = List.of(
            MODEL,
            BUDGET,
            TIMEOUT,
            CWD,
            PERMISSION_MODE,
            ALLOWED_TOOLS,
            DISALLOWED_TOOLS,
            APPEND_SYSTEM_PROMPT,
            ENV,
            ISOLATION,
            BASE,
            SETUP,
            RETRIES,
            CHECK,
            FIX_ATTEMPTS,
            CLAUDE_ARGS,
            DEPENDS_ON);

    /** Reads a field's value with the parser on it; null (and a problem reported) when it is not acceptable. */
    @FunctionalInterface
    interface ValueRead<T> {
        T read(TaskValueReader reader) throws IOException;
    }

    private final String name;
    private final Function<Task, T> getter;
    private final BiConsumer<Task.Builder, T> setter;
    private final ValueRead<T> reader;
    /** (the task's own value, the default's) to the value the task runs with. */
    private final BinaryOperator<T> merge;

    private TaskField(
            String name,
            Function<Task, T> getter,
            BiConsumer<Task.Builder, T> setter,
            ValueRead<T> reader,
            BinaryOperator<T> merge) {
        this.name = name;
        this.getter = getter;
        this.setter = setter;
        this.reader = reader;
        this.merge = merge;
    }

    /** The field's name in a task file. */
    String name() {
        return name;
    }

    /** The field of that name in a task file, or null. */
    static TaskField<?> named(String name) {
        for (TaskField<?> f : ALL) {
            if (f.name.equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** The names of the fields defaults may set. */
    static List<String> names() {
        return DEFAULTABLE.stream().map(TaskField::name).toList();
    }

    /** The names of the fields a task may set besides id and prompt. */
    static List<String> taskNames() {
        return ALL.stream().map(TaskField::name).toList();
    }

    /** Reads the value at the parser's current token into {@code into}; returns it (null if unset or bad). */
    T readInto(TaskValueReader values, Task.Builder into) throws IOException {
        T value = reader.read(values);
        setter.accept(into, value);
        return value;
    }

    void copy(Task from, Task.Builder into) {
        setter.accept(into, getter.apply(from));
    }

    void merge(Task own, Task fallback, Task.Builder into) {
        setter.accept(into, merge.apply(getter.apply(own), getter.apply(fallback)));
    }

    @SuppressWarnings("unchecked") // holds for any T: it returns one of its two arguments
    private static <T> BinaryOperator<T> ownElseFallback() {
        return (BinaryOperator<T>) (BinaryOperator<?>) OWN_ELSE_FALLBACK;
    }

    private static Map<String, String> mergeEnv(Map<String, String> own, Map<String, String> fallback) {
        if (fallback == null) {
            return own;
        }
        if (own == null) {
            return fallback;
        }
        var merged = new TreeMap<>(fallback);
        merged.putAll(own);
        return merged;
    }
}
