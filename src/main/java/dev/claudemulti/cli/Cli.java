package dev.claudemulti.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Wires all commands and picocli handlers in one place. */
public final class Cli {
    private Cli() {}

    /**
     * Every subcommand by name, in the order {@code --help} lists them. Not in the root's
     * {@code @Command(subcommands=...)}: picocli would then build every command's model by
     * reflection on each start, which was most of the time {@code status} or {@code version} took.
     */
    static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("run", RunCommand.class);
        m.put("run-multi", RunMultiCommand.class);
        m.put("start", StartCommand.class);
        m.put("continue", ContinueCommand.class);
        m.put("attach", AttachCommand.class);
        m.put("status", StatusCommand.class);
        m.put("list", ListCommand.class);
        m.put("result", ResultCommand.class);
        m.put("output", OutputCommand.class);
        m.put("stop", StopCommand.class);
        m.put("kill", KillCommand.class);
        m.put("stop-all", StopAllCommand.class);
        m.put("diff", DiffCommand.class);
        m.put("conflicts", ConflictsCommand.class);
        m.put("merge", MergeCommand.class);
        m.put("clean", CleanCommand.class);
        m.put("report", ReportCommand.class);
        m.put("demo", DemoCommand.class);
        m.put("dashboard", DashboardCommand.class);
        m.put("version", VersionCommand.class);
        m.put("completion", CompletionCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return m;
    }

    @Command(
            name = "claude-multi",
            mixinStandardHelpOptions = true,
            versionProvider = Cli.Version.class,
            description = {"Run many headless Claude Code sessions in parallel, with a live dashboard."},
            footer = {
                "",
                "Exit codes: 0 all tasks completed, 1 some task did not, 2 bad input (nothing started), 130 interrupted."
            })
    static final class Root implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"claude-multi " + Versions.current()};
        }
    }

    public static int execute(PrintStream out, PrintStream err, String... args) {
        return execute(CliContext.system(out, err), args);
    }

    public static int execute(CliContext ctx, String... args) {
        Integer quick = QuickCommands.run(ctx, args);
        if (quick != null) {
            return quick;
        }
        CommandLine cli = commandLine(ctx, args);
        return cli.execute(args);
    }

    /** The whole command tree, as {@code --help}, {@code help} and completion need it. */
    static CommandLine commandLine(CliContext ctx) {
        return commandLine(ctx, new String[0]);
    }

    /**
     * The command line for these arguments: when they start with a command's exact name, only
     * that command is built (what it does and prints is the same, it just starts sooner);
     * anything else (help, completion, no command, a mistyped one) gets the whole tree.
     */
    static CommandLine commandLine(CliContext ctx, String[] args) {
        CommandLine cli = new CommandLine(new Root(), new Factory(ctx));
        // help and completion describe the whole tree.
        boolean aboutAll = args.length == 0 || args[0].equals("help") || args[0].equals("completion");
        Class<?> only = aboutAll ? null : COMMANDS.get(args[0]);
        if (only != null) {
            cli.addSubcommand(args[0], only);
        } else {
            COMMANDS.forEach(cli::addSubcommand);
        }
        // After the subcommands: picocli applies these settings to the commands registered so far.
        cli.setOut(new PrintWriter(ctx.out(), true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(ctx.err(), true, StandardCharsets.UTF_8));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // A prompt or task file name that starts with '@' is taken as written, never as a file of arguments.
        // Set here, after every subcommand is registered, so it holds for all of them.
        cli.setExpandAtFiles(false);
        // As the ancestor did: after the first positional word (start's task id, run-multi's JSON),
        // every word is positional, whatever it starts with, so a prompt may begin with '-'.
        // Only the named command may be built (see above): set it on those that are.
        for (String name : new String[] {"start", "run-multi"}) {
            CommandLine sub = cli.getSubcommands().get(name);
            if (sub != null) {
                sub.setStopAtPositional(true);
            }
        }
        cli.setExitCodeExceptionMapper(e -> e instanceof UserException u ? u.exitCode() : 1);
        cli.setParameterExceptionHandler((ex, argv) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("claude-multi: " + ex.getMessage() + Suggestions.of(ex));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parseResult) -> failed(ctx, c.getErr(), ex));
        return cli;
    }

    /**
     * Reports a command's failure on {@code err} and returns the exit code: a {@link UserException}
     * as its message, one "claude-multi:" line each; anything else as an internal error, its
     * trace in the state directory's log (on {@code err} only when that cannot be written).
     */
    static int failed(CliContext ctx, PrintWriter err, Exception ex) {
        if (ex instanceof UserException u) {
            for (String line : u.getMessage().split("\\R")) {
                err.println(line.startsWith("claude-multi:") ? line : "claude-multi: " + line);
            }
            return u.exitCode();
        }
        // A bug, not the user's doing: one line here, the trace in the log for whoever reports it.
        java.nio.file.Path logFile = internalErrorLog(ctx, ex);
        err.println("claude-multi: internal error: " + ex + (logFile == null ? "" : " (details in " + logFile + ")"));
        if (logFile == null) {
            ex.printStackTrace(err);
        }
        return ExitCodes.INTERNAL_ERROR;
    }

    /** Logs a bug's stack trace to the state directory's orchestrator.log; null if that cannot be written. */
    private static java.nio.file.Path internalErrorLog(CliContext ctx, Exception ex) {
        try {
            java.nio.file.Path dir = new StateDirOption().path(ctx);
            dev.claudemulti.store.PrivateFiles.createDirectories(dir);
            var log = new dev.claudemulti.store.OrchestratorLog(dir.resolve("orchestrator.log"), ctx.env());
            log.log("internal error", ex);
            return java.nio.file.Files.exists(log.file()) ? log.file() : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** Gives every command the context it needs through its constructor. */
    private static final class Factory implements CommandLine.IFactory {
        private final CliContext ctx;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                var ctor = cls.getDeclaredConstructor(CliContext.class);
                ctor.setAccessible(true);
                return ctor.newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return fallback.create(cls);
            }
        }
    }
}
