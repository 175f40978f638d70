package dev.claudemulti.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code claude-multi --help}, rendered by picocli from the whole command tree when the jar is
 * built (the build runs {@link #main}) and printed from the jar at run time: the whole tree is
 * 21 commands' models built by reflection, the slowest start of any command.
 *
 * <p>Contract: {@link #print} prints exactly what picocli's {@code --help} would print, or
 * returns false having printed nothing: when the rendering is not in the jar (classes run without
 * the build step) or something bears on picocli's rendering that the build could not know (its
 * width, tracing). Colours follow picocli's own choice for this process ({@code Ansi.AUTO}).
 */
public final class HelpText {
    static final String PLAIN = "root-help.txt";
    static final String ANSI = "root-help-ansi.txt";

    private HelpText() {}

    /** Writes both renderings (without and with colours) into the directory {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream());
        CliContext ctx = new CliContext(
                sink, sink, InputStream.nullInputStream(), Map.of(), Path.of("").toAbsolutePath(), false);
        CommandLine tree = Cli.commandLine(ctx, new String[] {"--help"});
        Path dir = Files.createDirectories(Path.of(args[0]));
        Files.writeString(dir.resolve(PLAIN), tree.getUsageMessage(CommandLine.Help.Ansi.OFF));
        Files.writeString(dir.resolve(ANSI), tree.getUsageMessage(CommandLine.Help.Ansi.ON));
    }

    /** Prints the root's help as picocli would; false (nothing printed) when it must be picocli. */
    static boolean print(CliContext ctx) {
        if (System.getProperty("picocli.usage.width") != null || System.getProperty("picocli.trace") != null) {
            return false;
        }
        String text;
        try (InputStream in = HelpText.class.getResourceAsStream(CommandLine.Help.Ansi.AUTO.enabled() ? ANSI : PLAIN)) {
            if (in == null) {
                return false;
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return false;
        }
        PrintWriter out = new PrintWriter(ctx.out(), true, StandardCharsets.UTF_8);
        out.print(text);
        out.flush();
        return true;
    }
}
