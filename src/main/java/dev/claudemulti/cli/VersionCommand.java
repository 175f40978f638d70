package dev.claudemulti.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code claude-multi version}: the same text as {@code --version}, plus the Java runtime. */
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        description = {"Print the version of claude-multi and of the Java runtime."})
final class VersionCommand implements Callable<Integer> {
    private final CliContext ctx;

    VersionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        for (String line : new Cli.Version().getVersion()) {
            ctx.out().println(line);
        }
        ctx.out().println("java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")");
        return ExitCodes.OK;
    }
}
