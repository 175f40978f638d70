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
            var picocliOnly = QuickCommands.PICOCLI_ONLY.getOrDefault(name, java.util.Set.of());
            for (OptionSpec o : spec.options()) {
                if (picocliOnly.contains(o.longestName())) {
                    assertThat(o.arity().min()).as(name + " " + o.longestName()).isZero();
                } else if (!o.usageHelp() && !o.versionHelp()) {
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
                    .filter(o -> !picocliOnly.contains(o.longestName()))
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

    /** {@code run} read here sets every field of the command, its mixins' too, as picocli's parse does. */
    @Test
    void runIsReadAsPicocliReadsIt() throws Exception {
        CliHarness cli = new CliHarness(dir);
        List<String[]> forms = List.of(
                args("run", "tasks.json"),
                args("run", "[{\"id\":\"a\",\"prompt\":\"p\"}]", "--no-tui", "-j", "4", "--claude", "/bin/agent"),
                args(
                        "run",
                        "--resume-failed",
                        "--report",
                        "r.md",
                        "--detach",
                        "--run-id",
                        "20200101-000000-0000",
                        "-m",
                        "opus",
                        "-b",
                        "1.5",
                        "-j",
                        "3",
                        "-t",
                        "10m",
                        "--grace",
                        "5s",
                        "-C",
                        "/p",
                        "--claude",
                        "c",
                        "--permission-mode",
                        "plan",
                        "--isolation",
                        "none",
                        "--base",
                        "main",
                        "--branch-prefix",
                        "cm/",
                        "--retries",
                        "2",
                        "--retry-delay",
                        "1s",
                        "--halt",
                        "soon,fail=2",
                        "--max-cost",
                        "9",
                        "--prices",
                        "p.json",
                        "--result-grace",
                        "3s",
                        "--on-session-end",
                        "echo s",
                        "--on-finish",
                        "echo f",
                        "--notify-url",
                        "http://127.0.0.1:1/x",
                        "--state-dir",
                        "/s",
                        "--no-tui",
                        "--tui",
                        "--exit-when-done",
                        "--quiet",
                        "--json",
                        "t.json"),
                args(
                        "run",
                        "--model",
                        "sonnet",
                        "--budget",
                        "2",
                        "--parallel",
                        "8",
                        "--timeout",
                        "1h",
                        "--project-dir",
                        ".",
                        "x.json"),
                everyRunOption());
        for (String[] form : forms) {
            CliContext ctx = context(cli, new ByteArrayOutputStream(), new ByteArrayOutputStream());
            RunCommand quick = QuickCommands.run(ctx, new QuickCommands.Words(form));
            assertThat(quick).as(String.join(" ", form)).isNotNull();
            picocli.CommandLine.ParseResult parsed = Cli.commandLine(ctx, form).parseArgs(form);
            RunCommand viaPicocli =
                    (RunCommand) parsed.subcommand().commandSpec().userObject();
            assertThat(quick)
                    .as(String.join(" ", form))
                    .usingRecursiveComparison()
                    .isEqualTo(viaPicocli);
        }
    }

    /** run with every option of the table, each valued one with a value of its own: none may go unset. */
    private static String[] everyRunOption() {
        List<String> form = new java.util.ArrayList<>(List.of("run", "tasks.json"));
        QuickCommands.OPTIONS.get("run").values().forEach(o -> {
            form.add(o.names()[o.names().length - 1]);
            if (o.valued()) {
                form.add("value of " + o.names()[0]);
            }
        });
        return form.toArray(new String[0]);
    }

    /** A run refused before it starts says so as it does through picocli. */
    @Test
    void aRunThatCannotStartFailsAsThroughPicocli() throws Exception {
        CliHarness cli = new CliHarness(dir);
        for (String[] form : List.of(
                args("run", dir.resolve("missing.json").toString(), "--no-tui", "--state-dir", cli.state.toString()),
                args("run", "[{\"id\":\"a\"}]", "--no-tui", "--state-dir", cli.state.toString()),
                args("run", "[]", "--no-tui", "-j", "0", "--state-dir", cli.state.toString()),
                args("run", "x.json", "--tui", "--detach"))) {
            CliHarness.Result viaPicocli = run(cli, form, false);
            CliHarness.Result quick = run(cli, form, true);
            assertThat(quick).as(String.join(" ", form)).isEqualTo(viaPicocli);
            assertThat(quick.code()).as(String.join(" ", form)).isEqualTo(2);
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
                args("run"),
                args("run", "a.json", "b.json"),
                args("run", "--resume"),
                args("run", "--resume", "20200101-000000-0000"),
                args("run", "--resume-failed"),
                args("run", "a.json", "--retry-fresh"),
                args("run", "a.json", "--no-adaptive", "false"),
                args("run", "-j4", "a.json"),
                args("run", "a.json", "--parallel=4"),
                args("run", "a.json", "-j", "4", "-j", "5"),
                args("run", "-", "--no-tui"),
                args("run", "a.json", "--claude"),
                args("run", "a.json", "--claude", "--no-tui"),
                args("run", "a.json", "-h"),
                args("run", "a.json", "--", "b"),
                args("run", "a.json", "--no-such-option"),
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
