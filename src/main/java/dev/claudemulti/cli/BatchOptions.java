package dev.claudemulti.cli;

import dev.claudemulti.engine.RunPolicy;
import dev.claudemulti.notify.NotifySettings;
import dev.claudemulti.record.RunInfo;
import dev.claudemulti.task.PermissionMode;
import dev.claudemulti.task.TaskFile;
import dev.claudemulti.task.TaskTimeout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options shared by every command that starts a batch. Unset options fall back to the
 * ancestor's environment variables, then to built-in defaults; {@link #resolve} does that and
 * checks every value, so a bad one stops the run before anything starts.
 */
public class BatchOptions {
    @Option(
            names = {"-m", "--model"},
            paramLabel = "MODEL",
            description = "Model for tasks that do not name one (env CLAUDE_DEFAULT_MODEL, default: sonnet).")
    String model;

    @Option(
            names = {"-b", "--budget"},
            paramLabel = "USD",
            description =
                    "Budget per session in USD, passed as --max-budget-usd (env CLAUDE_DEFAULT_BUDGET, default: 5).")
    String budget;

    @Option(
            names = {"-j", "--parallel"},
            paramLabel = "N",
            description = "Most sessions running at once (env CLAUDE_MAX_PARALLEL, default: 4).")
    String parallel;

    @Option(
            names = {"-t", "--timeout"},
            paramLabel = "DURATION",
            description =
                    "Timeout per session: 600, 90s, 10m, 1h (env CLAUDE_SESSION_TIMEOUT in seconds, default: 600).")
    String timeout;

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            description = "Time between SIGTERM and SIGKILL when a session is stopped or times out (default: 5s).")
    String grace;

    @Option(
            names = {"-C", "--project-dir"},
            paramLabel = "DIR",
            description = "Working directory of the sessions (env CLAUDE_PROJECT_DIR, default: the current directory).")
    String projectDir;

    @Option(
            names = "--claude",
            paramLabel = "PATH",
            description = "The claude binary (env CLAUDE_BIN, default: claude on PATH).")
    String claude;

    @Option(
            names = "--permission-mode",
            paramLabel = "MODE",
            description = "Permission mode for sessions: ${COMPLETION-CANDIDATES} (default: bypassPermissions).",
            completionCandidates = PermissionModes.class)
    String permissionMode;

    @Option(
            names = "--isolation",
            paramLabel = "MODE",
            description =
                    "worktree: each session in its own git worktree and branch; none: all in the project directory "
                            + "(default: worktree inside a git work tree, else none).")
    String isolation;

    @Option(
            names = "--base",
            paramLabel = "REF",
            description = "The commit the sessions' worktrees start from (default: the project's HEAD).")
    String base;

    @Option(
            names = "--branch-prefix",
            paramLabel = "PREFIX",
            description = "Prefix of the branches claude-multi creates (default: claude-multi/).")
    String branchPrefix;

    @Mixin
    RunPolicyOptions policy = new RunPolicyOptions();

    @Mixin
    NotifyOptions notify = new NotifyOptions();

    /** The options after defaults, with every value checked. */
    public record Resolved(
            String model,
            double budgetUsd,
            int parallel,
            Duration timeout,
            Duration grace,
            Path projectDir,
            String claude,
            String permissionMode,
            RunPolicyOptions.Resolved policy,
            NotifySettings notifications) {
        /** The options as run.json records them, for a resume to read back. */
        RunInfo.Options recorded() {
            RunPolicy p = policy.policy();
            return new RunInfo.Options(
                    model,
                    budgetUsd,
                    parallel,
                    timeout.toSeconds(),
                    grace.toMillis(),
                    projectDir.toString(),
                    permissionMode,
                    claude,
                    policy.retries(),
                    p.retryDelay().toMillis(),
                    p.retryFresh(),
                    p.halt().toString(),
                    p.maxCostUsd(),
                    policy.pricesFile() == null ? null : policy.pricesFile().toString(),
                    p.adaptive(),
                    p.resultGrace().toMillis(),
                    notifications.onSessionEnd(),
                    notifications.onFinish(),
                    notifications.notifyUrl() == null
                            ? null
                            : notifications.notifyUrl().toString());
        }

        /** With the task file's {@code maxCost} as the batch budget unless {@code --max-cost} set one. */
        Resolved withFileMaxCost(Double fileMaxCostUsd) {
            return new Resolved(
                    model,
                    budgetUsd,
                    parallel,
                    timeout,
                    grace,
                    projectDir,
                    claude,
                    permissionMode,
                    policy.withFileMaxCost(fileMaxCostUsd),
                    notifications);
        }

        /** With the task file's onSessionEnd and onFinish where the command line set no hook. */
        Resolved withFileHooks(TaskFile file) {
            return new Resolved(
                    model,
                    budgetUsd,
                    parallel,
                    timeout,
                    grace,
                    projectDir,
                    claude,
                    permissionMode,
                    policy,
                    notifications.orFileHooks(file.onSessionEnd(), file.onFinish()));
        }
    }

    Resolved resolve(CliContext ctx) {
        String m = first(model, ctx.env("CLAUDE_DEFAULT_MODEL"), "sonnet");
        double b = positiveNumber(budget, "--budget", ctx.env("CLAUDE_DEFAULT_BUDGET"), "CLAUDE_DEFAULT_BUDGET", 5);
        int j = positiveInt(parallel, "--parallel", ctx.env("CLAUDE_MAX_PARALLEL"), "CLAUDE_MAX_PARALLEL", 4);
        Duration t = duration(
                timeout,
                "--timeout",
                ctx.env("CLAUDE_SESSION_TIMEOUT"),
                "CLAUDE_SESSION_TIMEOUT",
                Duration.ofSeconds(600));
        Duration g = grace == null ? Duration.ofSeconds(5) : parseDuration(grace, "--grace", true);
        String dir = first(projectDir, ctx.env("CLAUDE_PROJECT_DIR"), null);
        Path p = dir == null ? ctx.cwd() : ctx.cwd().resolve(dir).normalize();
        if (!Files.isDirectory(p)) {
            throw new UserException("project directory " + p + " does not exist or is not a directory"
                    + (projectDir == null && dir != null ? " (from CLAUDE_PROJECT_DIR)" : ""));
        }
        String bin = first(claude, ctx.env("CLAUDE_BIN"), "claude");
        String pm = first(permissionMode, null, "bypassPermissions");
        if (PermissionMode.fromCliName(pm).isEmpty()) {
            throw new UserException("--permission-mode must be one of "
                    + String.join(", ", new java.util.TreeSet<>(PermissionMode.cliNames())) + ", got '" + pm + "'");
        }
        return new Resolved(m, b, j, t, g, p, bin, pm, policy.resolve(ctx), notify.resolve());
    }

    /**
     * After start's task id (run-multi's JSON) every word is positional, so "-m opus" there lands in
     * MODEL and BUDGET: say where options go rather than use "-m" as a model name.
     */
    static void refuseOptionLike(String param, String value, String form) {
        if (value != null && value.startsWith("-") && !value.matches("-\\d.*")) {
            throw new UserException(param + " '" + value
                    + "' looks like an option; options go before the positional words: " + "claude-multi " + form);
        }
    }

    /** Positional BUDGET and MAX_PARALLEL are checked under their own names, not as the options they set. */
    static void checkPositionals(String budget, String parallel) {
        if (budget != null && !budget.isBlank()) {
            positiveNumber(budget.strip(), "BUDGET", null, null, 0);
        }
        if (parallel != null && !parallel.isBlank()) {
            positiveInt(parallel, "MAX_PARALLEL", null, null, 0);
        }
    }

    static String first(String option, String env, String fallback) {
        if (option != null && !option.isBlank()) {
            return option.strip();
        }
        return env != null ? env : fallback;
    }

    static double positiveNumber(String option, String optionName, String env, String envName, double fallback) {
        String value = option != null ? option : env;
        if (value == null) {
            return fallback;
        }
        String source = option != null ? optionName : envName;
        try {
            double d = Double.parseDouble(value);
            if (d > 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserException(source + " must be a positive number of USD, got '" + value + "'");
    }

    static int positiveInt(String option, String optionName, String env, String envName, int fallback) {
        String value = option != null ? option : env;
        if (value == null) {
            return fallback;
        }
        String source = option != null ? optionName : envName;
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserException(source + " must be a whole number from 1 to 1000, got '" + value + "'");
    }

    private static Duration duration(String option, String optionName, String env, String envName, Duration fallback) {
        if (option != null) {
            return parseDuration(option, optionName, false);
        }
        if (env != null) {
            return parseDuration(env, envName, false);
        }
        return fallback;
    }

    static Duration parseDuration(String value, String source, boolean zeroAllowed) {
        if (zeroAllowed && value.strip().matches("0+[smh]?")) {
            return Duration.ZERO;
        }
        try {
            return TaskTimeout.parse(value.strip());
        } catch (IllegalArgumentException e) {
            throw new UserException(source + ": " + e.getMessage());
        }
    }

    static final class PermissionModes extends java.util.ArrayList<String> {
        PermissionModes() {
            super(new java.util.TreeSet<>(PermissionMode.cliNames()));
        }
    }
}
