package dev.claudemulti.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs the commands a user types all day ({@code version}, {@code status}, {@code list},
 * {@code result}, {@code output}, and {@code --help} through {@link HelpText}), and {@code run},
 * without building picocli's model, when their arguments are plain: picocli reads every command's
 * annotations by reflection, and the first annotation read alone costs a JVM about as much as
 * printing "hello" does (for {@code run}, a tenth of a second before its first session starts).
 *
 * <p>Contract: {@link #run} either runs the command exactly as picocli would (the same command
 * object with the same fields set, the same output, errors and exit code) or returns null having
 * done nothing, and then picocli handles the arguments. Only the plainest forms are taken here:
 * each option of the command by one of its names, at most once, a valued option's value as the
 * next word and not starting with '-', the command's positional parameters exactly, and nothing
 * else. Help, {@code --name=value}, {@code --}, clustered short options, repeats, unknown words
 * and every mistake go to picocli, which says what is wrong; so do options with an optional value
 * ({@link #PICOCLI_ONLY}). The table here is checked against the commands' annotations by
 * QuickCommandsTest; an option added to a command and not here only sends that option to picocli.
 */
final class QuickCommands {
    private QuickCommands() {}

    /** The exit code of the command, or null when picocli must handle these arguments. */
    static Integer run(CliContext ctx, String[] args) {
        if (args.length == 0) {
            return null;
        }
        Words w = new Words(args);
        return switch (args[0]) {
            case "version" -> w.parse("version") ? call(ctx, new VersionCommand(ctx)) : null;
            case "status" -> status(ctx, w);
            case "list" -> list(ctx, w);
            case "result" -> result(ctx, w);
            case "output" -> output(ctx, w);
            case "run" -> {
                RunCommand run = run(ctx, w);
                yield run == null ? null : call(ctx, run);
            }
            case "--help", "-h" -> args.length == 1 && HelpText.print(ctx) ? ExitCodes.OK : null;
            default -> null;
        };
    }

    /** The options of each command as its annotations declare them: canonical name to its names, and arity. */
    private static final Map<String, Option> STATUS = options(
            Option.valued("--state-dir"), Option.valued("--run", "-r"), Option.flag("--json"), Option.flag("--plain"));

    private static final Map<String, Option> LIST = options(Option.valued("--state-dir"), Option.flag("--json"));
    private static final Map<String, Option> RESULT =
            options(Option.valued("--state-dir"), Option.valued("--run", "-r"), Option.flag("--quiet", "-q"));
    private static final Map<String, Option> OUTPUT = options(
            Option.valued("--state-dir"),
            Option.valued("--run", "-r"),
            Option.flag("--events"),
            Option.flag("--follow", "-f"),
            Option.valued("--attempt"));

    private static final Map<String, Option> RUN = options(
            Option.flag("--resume-failed"),
            Option.valued("--report"),
            Option.flag("--detach"),
            Option.valued("--run-id"),
            // BatchOptions
            Option.valued("--model", "-m"),
            Option.valued("--budget", "-b"),
            Option.valued("--parallel", "-j"),
            Option.valued("--timeout", "-t"),
            Option.valued("--grace"),
            Option.valued("--project-dir", "-C"),
            Option.valued("--claude"),
            Option.valued("--permission-mode"),
            Option.valued("--isolation"),
            Option.valued("--base"),
            Option.valued("--branch-prefix"),
            // RunPolicyOptions
            Option.valued("--retries"),
            Option.valued("--retry-delay"),
            Option.valued("--halt"),
            Option.valued("--max-cost"),
            Option.valued("--prices"),
            Option.valued("--result-grace"),
            // NotifyOptions, StateDirOption, DisplayOptions
            Option.valued("--on-session-end"),
            Option.valued("--on-finish"),
            Option.valued("--notify-url"),
            Option.valued("--state-dir"),
            Option.flag("--no-tui"),
            Option.flag("--tui"),
            Option.flag("--exit-when-done"),
            Option.flag("--quiet"),
            Option.flag("--json"));

    /** Each command taken here, with its options; how many positionals it takes is in {@link #POSITIONALS}. */
    static final Map<String, Map<String, Option>> OPTIONS =
            Map.of("version", Map.of(), "status", STATUS, "list", LIST, "result", RESULT, "output", OUTPUT, "run", RUN);

    static final Map<String, Integer> POSITIONALS =
            Map.of("version", 0, "status", 0, "list", 0, "result", 1, "output", 1, "run", 1);

    /**
     * Options of these commands that only picocli reads: their value is optional ({@code --resume}
     * alone resumes the latest run), so whether the next word is theirs is picocli's to judge.
     */
    static final Map<String, java.util.Set<String>> PICOCLI_ONLY =
            Map.of("run", java.util.Set.of("--resume", "--retry-fresh", "--no-adaptive"));

    /** The run command these words make, every field set as picocli sets it; null when picocli must read them. */
    static RunCommand run(CliContext ctx, Words w) {
        if (!w.parse("run")) {
            return null;
        }
        RunCommand c = new RunCommand(ctx);
        c.tasks = w.positional(0);
        c.resumeFailed = w.flag("--resume-failed");
        c.report = w.value("--report");
        c.detach = w.flag("--detach");
        c.runId = w.value("--run-id");
        BatchOptions o = c.options;
        o.model = w.value("--model");
        o.budget = w.value("--budget");
        o.parallel = w.value("--parallel");
        o.timeout = w.value("--timeout");
        o.grace = w.value("--grace");
        o.projectDir = w.value("--project-dir");
        o.claude = w.value("--claude");
        o.permissionMode = w.value("--permission-mode");
        o.isolation = w.value("--isolation");
        o.base = w.value("--base");
        o.branchPrefix = w.value("--branch-prefix");
        o.policy.retries = w.value("--retries");
        o.policy.retryDelay = w.value("--retry-delay");
        o.policy.halt = w.value("--halt");
        o.policy.maxCost = w.value("--max-cost");
        o.policy.prices = w.value("--prices");
        o.policy.resultGrace = w.value("--result-grace");
        o.notify.onSessionEnd = w.value("--on-session-end");
        o.notify.onFinish = w.value("--on-finish");
        o.notify.notifyUrl = w.value("--notify-url");
        c.stateDir.stateDir = w.value("--state-dir");
        c.display.noTui = w.flag("--no-tui");
        c.display.tui = w.flag("--tui");
        c.display.exitWhenDone = w.flag("--exit-when-done");
        c.display.quiet = w.flag("--quiet");
        c.display.json = w.flag("--json");
        return c;
    }

    private static Integer status(CliContext ctx, Words w) {
        if (!w.parse("status")) {
            return null;
        }
        StatusCommand c = new StatusCommand(ctx);
        c.run.runId = w.value("--run");
        c.run.stateDir.stateDir = w.value("--state-dir");
        c.json = w.flag("--json");
        c.plain = w.flag("--plain");
        return call(ctx, c);
    }

    private static Integer list(CliContext ctx, Words w) {
        if (!w.parse("list")) {
            return null;
        }
        ListCommand c = new ListCommand(ctx);
        c.stateDir.stateDir = w.value("--state-dir");
        c.json = w.flag("--json");
        return call(ctx, c);
    }

    private static Integer result(CliContext ctx, Words w) {
        if (!w.parse("result")) {
            return null;
        }
        ResultCommand c = new ResultCommand(ctx);
        c.taskId = w.positional(0);
        c.run.runId = w.value("--run");
        c.run.stateDir.stateDir = w.value("--state-dir");
        c.quiet = w.flag("--quiet");
        return call(ctx, c);
    }

    private static Integer output(CliContext ctx, Words w) {
        String attempt;
        if (!w.parse("output") || ((attempt = w.value("--attempt")) != null && !digits(attempt))) {
            return null; // picocli's message for a number it cannot read
        }
        OutputCommand c = new OutputCommand(ctx);
        c.taskId = w.positional(0);
        c.run.runId = w.value("--run");
        c.run.stateDir.stateDir = w.value("--state-dir");
        c.events = w.flag("--events");
        c.follow = w.flag("--follow");
        c.attempt = attempt == null ? null : Integer.valueOf(attempt);
        return call(ctx, c);
    }

    /** A number Integer.valueOf reads as picocli would; anything else gets picocli's own message. */
    private static boolean digits(String s) {
        if (s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** What picocli's execute does around a command's call: its exit code, or the failure reported by {@link Cli}. */
    private static Integer call(CliContext ctx, Callable<Integer> command) {
        try {
            return command.call();
        } catch (Exception e) {
            PrintWriter err = new PrintWriter(ctx.err(), true, StandardCharsets.UTF_8);
            return Cli.failed(ctx, err, e);
        }
    }

    private static Map<String, Option> options(Option... options) {
        Map<String, Option> m = new HashMap<>();
        for (Option o : options) {
            m.put(o.names()[0], o);
        }
        return Map.copyOf(m);
    }

    /** One option: its names, the first canonical, and whether it takes a value (arity 1) or none (a flag). */
    record Option(String[] names, boolean valued) {
        static Option flag(String... names) {
            return new Option(names, false);
        }

        static Option valued(String... names) {
            return new Option(names, true);
        }
    }

    /** The words after the command's name, sorted into options (by canonical name) and positionals. */
    static final class Words {
        private final String[] args;
        private final Map<String, String> given = new HashMap<>();
        private final List<String> positionals = new ArrayList<>();

        Words(String[] args) {
            this.args = args;
        }

        /** False when the words are anything but the plain forms this class takes (see the class comment). */
        boolean parse(String command) {
            Map<String, Option> options = OPTIONS.get(command);
            for (int i = 1; i < args.length; i++) {
                String word = args[i];
                if (!word.startsWith("-")) {
                    positionals.add(word);
                    continue;
                }
                Option o = named(word, options);
                if (o == null || given.containsKey(o.names()[0])) {
                    return false;
                }
                String value = "true";
                if (o.valued()) {
                    if (i + 1 == args.length || args[i + 1].isEmpty() || args[i + 1].startsWith("-")) {
                        return false;
                    }
                    value = args[++i];
                }
                given.put(o.names()[0], value);
            }
            return positionals.size() == POSITIONALS.get(command);
        }

        private static Option named(String word, Map<String, Option> options) {
            for (Option o : options.values()) {
                for (String name : o.names()) {
                    if (name.equals(word)) {
                        return o;
                    }
                }
            }
            return null;
        }

        String value(String canonical) {
            return given.get(canonical);
        }

        boolean flag(String canonical) {
            return given.containsKey(canonical);
        }

        String positional(int index) {
            return positionals.get(index);
        }
    }
}
