package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A command given by name builds only itself, and behaves exactly as in the whole tree. */
class LeanCommandLineTest {
    @TempDir
    Path dir;

    private CliContext ctx() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new CliContext(sink, sink, InputStream.nullInputStream(), Map.of("HOME", dir.toString()), dir, false);
    }

    @Test
    void theNameTableMatchesEachCommandsOwnName() {
        CommandLine whole = Cli.commandLine(ctx());
        assertThat(whole.getSubcommands().keySet()).containsExactlyElementsOf(Cli.COMMANDS.keySet());
        Cli.COMMANDS.forEach((name, cls) -> assertThat(
                        cls.getAnnotation(CommandLine.Command.class).name())
                .as(cls.getName())
                .isEqualTo(name));
    }

    @Test
    void aNamedCommandBuildsOnlyItself() {
        assertThat(Cli.commandLine(ctx(), new String[] {"status", "--json"})
                        .getSubcommands()
                        .keySet())
                .containsExactly("status");
        // Help, no command or an unknown one: everything, so help and suggestions are complete.
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "status"}, {"completion"}, {"statu"}}) {
            assertThat(Cli.commandLine(ctx(), args).getSubcommands()).hasSameSizeAs(Cli.COMMANDS);
        }
    }

    @Test
    void aCommandsHelpIsTheSameBuiltAloneOrInTheWholeTree() {
        for (String name : Cli.COMMANDS.keySet()) {
            String alone = usage(
                    Cli.commandLine(ctx(), new String[] {name}).getSubcommands().get(name));
            String inTree = usage(Cli.commandLine(ctx()).getSubcommands().get(name));
            assertThat(alone).as(name).isEqualTo(inTree).contains("claude-multi " + name);
        }
    }

    @Test
    void settingsReachTheLoneCommand() {
        CliHarness h = harness();
        CliHarness.Result r = h.run("status", "--no-such-option");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err())
                .startsWith("claude-multi: Unknown option: '--no-such-option'")
                .contains("Try 'claude-multi status --help'");
    }

    private CliHarness harness() {
        try {
            return new CliHarness(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String usage(CommandLine c) {
        StringWriter w = new StringWriter();
        c.usage(new PrintWriter(w), CommandLine.Help.Ansi.OFF);
        return w.toString();
    }
}
