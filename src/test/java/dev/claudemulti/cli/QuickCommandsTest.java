package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The commands run without picocli's model behave exactly as through picocli: the same output,
 * errors and exit code; their option table is the one the annotations declare; and every other
 * form of their arguments is left to picocli.
 */
class QuickCommandsTest {
    @TempDir
    Path dir;

    @Test
    void theTableIsWhatTheAnnotationsDeclare() {
        PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream());
        CliContext ctx = new CliContext(sink, sink, noInput(), Map.of("HOME", dir.toString()), dir, false);
        for (String name : QuickCommands.OPTIONS.keySet()) {
            CommandSpec spec = Cli.commandLine(ctx, new String[] {name})
                    .getSubcommands()
                    .get(name)
                    .getCommandSpec();
            Map<String, Boolean> declared = new HashMap<>();
            for (OptionSpec o : spec.options()) {
                if (!o.usageHelp() && !o.versionHelp()) {
                    declared.put(
                            String.join(",", new TreeSet<>(Arrays.asList(o.names()))),
                            o.arity().max() > 0);
                }
            }
            Map<String, Boolean> quick = new HashMap<>();
            QuickCommands.OPTIONS
                    .get(name)
                    .values()
                    .forEach(o -> quick.put(String.join(",", new TreeSet<>(Arrays.asList(o.names()))), o.valued()));
            assertThat(quick).as(name).isEqualTo(declared);
            spec.options().stream()
                    .filter(o -> o.arity().max() > 0 && !o.usageHelp() && !o.versionHelp())
                    .forEach(o -> assertThat(o.arity().min())
                            .as(name + " " + o.longestName())
                            .isEqualTo(1));
            assertThat(spec.positionalParameters()).as(name).hasSize(QuickCommands.POSITIONALS.get(name));
            spec.positionalParameters().forEach(p -> assertThat(p.arity().max()).isEqualTo(1));
        }
    }

    @Test
    void eachFormTakenActsAsThroughPicocli() throws Exception {
        CliHarness cli = new CliHarness(dir);
        String run = cli.batch("[{\"id\":\"a\",\"prompt\":\"hello\"},{\"id\":\"b\",\"prompt\":\"fail now\"}]");
        String state = cli.state.toString();
        List<String[]> forms = List.of(
                args("version"),
                args("status"),
                args("status", "--json"),
                args("status", "--plain", "--run", run),
                args("status", "-r", run, "--json", "--state-dir", state),
                args("status", "--run", "20200101-000000-0000"),
                args("status", "--state-dir", dir.resolve("nothing-here").toString()),
                args("list"),
                args("list", "--json", "--state-dir", state),
                args("result", "a"),
                args("result", "b"),
                args("result", "-q", "a", "--run", run),
                args("result", "no-such-task"),
                args("output", "a"),
                args("output", "--events", "a"),
                args("output", "b", "--attempt", "1", "-r", run),
                args("output", "a", "--attempt", "7"),
                args("output", "-f", "a"));
        for (String[] form : forms) {
            CliHarness.Result viaPicocli = run(cli, form, false);
            CliHarness.Result quick = run(cli, form, true);
            assertThat(quick).as(String.join(" ", form)).isEqualTo(viaPicocli);
            assertThat(quick.out() + quick.err()).as(String.join(" ", form)).isNotEmpty();
        }
    }

    /** The help the build rendered is what picocli prints, without colours and with them. */
    @Test
    void theRootsHelpIsPicoclisOwn() throws Exception {
        CliHarness cli = new CliHarness(dir);
        for (String ansi : new String[] {null, "true", "false"}) {
            String before = System.getProperty("picocli.ansi");
            try {
                if (ansi != null) {
                    System.setProperty("picocli.ansi", ansi);
                }
                for (String[] form : List.of(args("--help"), args("-h"))) {
                    CliHarness.Result viaPicocli = run(cli, form, false);
                    CliHarness.Result quick = run(cli, form, true);
                    assertThat(quick).as(ansi + " " + form[0]).isEqualTo(viaPicocli);
                    assertThat(quick.out())
                            .startsWith("true".equals(ansi) ? "Usage: \u001b[1m" : "Usage: claude-multi");
                }
            } finally {
                if (before == null) {
                    System.clearProperty("picocli.ansi");
                } else {
                    System.setProperty("picocli.ansi", before);
                }
            }
        }
    }

    @Test
    void everyOtherFormIsLeftToPicocli() throws Exception {
        CliHarness cli = new CliHarness(dir);
        List<String[]> forms = List.of(
                args(),
                args("statu"),
                args("run", "x"),
                args("version", "--help"),
                args("--help", "status"),
                args("--version"),
                args("version", "extra"),
                args("status", "-h"),
                args("status", "--json", "--json"),
                args("status", "--run=20200101-000000-0000"),
                args("status", "--run"),
                args("status", "--run", "--json"),
                args("status", "--run", ""),
                args("status", "--", "x"),
                args("status", "x"),
                args("list", "--plain"),
                args("result"),
                args("result", "a", "b"),
                args("result", "-qr", "x", "a"),
                args("result", "-", "a"),
                args("output", "a", "--attempt", "x"),
                args("output", "a", "--attempt", "-1"),
                args("output", "a", "--attempt", "1234567890"));
        for (String[] form : forms) {
            CliContext ctx = context(cli, new ByteArrayOutputStream(), new ByteArrayOutputStream());
            assertThat(QuickCommands.run(ctx, form)).as(String.join(" ", form)).isNull();
        }
    }

    private static CliHarness.Result run(CliHarness cli, String[] args, boolean quick) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = context(cli, out, err);
        int code;
        if (quick) {
            Integer c = QuickCommands.run(ctx, args);
            assertThat(c).as("taken: " + String.join(" ", args)).isNotNull();
            code = c;
        } else {
            code = Cli.commandLine(ctx, args).execute(args);
        }
        ctx.out().flush();
        ctx.err().flush();
        return new CliHarness.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static CliContext context(CliHarness cli, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return new CliContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                noInput(),
                Map.copyOf(cli.env),
                cli.dir,
                false);
    }

    private static java.io.InputStream noInput() {
        return new ByteArrayInputStream(new byte[0]);
    }

    private static String[] args(String... args) {
        return args;
    }
}
