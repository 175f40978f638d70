package dev.claudemulti.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Wires all commands and picocli handlers in one place. */
public final class Cli {
    private Cli() {
    }

    @Command(name = "claude-multi", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
            description = {"Run many headless Claude Code sessions in parallel, with a live dashboard."},
            subcommands = {RunCommand.class, RunMultiCommand.class, StartCommand.class, StatusCommand.class,
                    ListCommand.class, ResultCommand.class, OutputCommand.class, StopCommand.class, KillCommand.class,
                    StopAllCommand.class, CleanCommand.class, ReportCommand.class, DemoCommand.class, DashboardCommand.class,
                    VersionCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
            footer = {"", "Exit codes: 0 all tasks completed, 1 some task did not, 2 bad input (nothing started), 130 interrupted."})
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
        CommandLine cli = commandLine(ctx);
        return cli.execute(args);
    }

    static CommandLine commandLine(CliContext ctx) {
        CommandLine cli = new CommandLine(new Root(), new Factory(ctx));
        cli.setOut(new PrintWriter(ctx.out(), true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(ctx.err(), true, StandardCharsets.UTF_8));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // A prompt or task file name that starts with '@' is taken as written, never as a file of arguments.
        // Set here, after every subcommand is registered, so it holds for all of them.
        cli.setExpandAtFiles(false);
        // As the ancestor did: after the first positional word (start's task id, run-multi's JSON),
        // every word is positional, whatever it starts with, so a prompt may begin with '-'.
        for (String name : new String[] {"start", "run-multi"}) {
            cli.getSubcommands().get(name).setStopAtPositional(true);
        }
        cli.setExitCodeExceptionMapper(e -> e instanceof UserException u ? u.exitCode() : 1);
        cli.setParameterExceptionHandler((ex, argv) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("claude-multi: " + ex.getMessage() + Suggestions.of(ex));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof UserException u) {
                for (String line : u.getMessage().split("\\R")) {
                    c.getErr().println(line.startsWith("claude-multi:") ? line : "claude-multi: " + line);
                }
                return u.exitCode();
            }
            // A bug, not the user's doing: one line here, the trace in the log for whoever reports it.
            java.nio.file.Path logFile = internalErrorLog(ctx, ex);
            c.getErr().println("claude-multi: internal error: " + ex
                    + (logFile == null ? "" : " (details in " + logFile + ")"));
            if (logFile == null) {
                ex.printStackTrace(c.getErr());
            }
            return ExitCodes.INTERNAL_ERROR;
        });
        return cli;
    }

    /** Logs a bug's stack trace to the state directory's orchestrator.log; null if that cannot be written. */
    private static java.nio.file.Path internalErrorLog(CliContext ctx, Exception ex) {
        try {
            java.nio.file.Path dir = new StateDirOption().path(ctx);
            dev.claudemulti.store.PrivateFiles.createDirectories(dir);
            var log = new dev.claudemulti.store.OrchestratorLog(dir.resolve("orchestrator.log"));
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
