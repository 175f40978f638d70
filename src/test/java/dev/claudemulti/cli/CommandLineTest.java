package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How words on the command line are read: no @files, prompts that start with '-', suggestions for typos. */
class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void startSaysWhatIsWrongWithItsIdOrPromptAsGivenNotAsJson() throws Exception {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result id = cli.run("start", "bad id!", "p");
        assertThat(id.code()).isEqualTo(2);
        assertThat(id.err().strip())
                .isEqualTo(
                        "claude-multi: task id 'bad id!' contains a space; only ASCII letters, digits, '.', '_' and '-' are allowed");
        CliHarness.Result prompt = cli.run("start", "id", " ");
        assertThat(prompt.code()).isEqualTo(2);
        assertThat(prompt.err().strip()).isEqualTo("claude-multi: PROMPT must not be empty");
        assertThat(cli.state.resolve("runs")).doesNotExist();
    }

    @Test
    void aBadPositionalBudgetOrParallelLimitIsNamedAsTheUserWroteIt() throws Exception {
        CliHarness cli = new CliHarness(dir);
        assertThat(cli.run("start", "id", "p", "sonnet", "abc").err().strip())
                .isEqualTo("claude-multi: BUDGET must be a positive number of USD, got 'abc'");
        assertThat(cli.run("run-multi", "[{\"id\":\"a\",\"prompt\":\"p\"}]", "sonnet", "-1")
                        .err()
                        .strip())
                .isEqualTo("claude-multi: BUDGET must be a positive number of USD, got '-1'");
        CliHarness.Result parallel = cli.run("run-multi", "[{\"id\":\"a\",\"prompt\":\"p\"}]", "sonnet", "1", "0");
        assertThat(parallel.code()).isEqualTo(2);
        assertThat(parallel.err().strip())
                .isEqualTo("claude-multi: MAX_PARALLEL must be a whole number from 1 to 1000, got '0'");
        assertThat(cli.state.resolve("runs")).doesNotExist();
    }

    @Test
    void startTakesPromptsThatStartWithAtOrDashAsWritten() throws Exception {
        CliHarness cli = new CliHarness(dir);
        Files.writeString(dir.resolve("notes.txt"), "hello world\n");
        String at = cli.run("start", "at2", "@notes.txt").out().strip();
        String dash = cli.run("start", "-m", "opus", "dash", "-v is broken, fix it")
                .out()
                .strip();
        assertThat(awaitResult(cli, at, "at2")).startsWith("done @notes.txt | ").doesNotContain("world");
        assertThat(awaitResult(cli, dash, "dash"))
                .startsWith("done -v is broken, fix it | ")
                .contains("--model opus");
        // The orchestrators still write when the result is there: let them finish before the directory goes.
        cli.awaitOrchestratorGone(at);
        cli.awaitOrchestratorGone(dash);
    }

    @Test
    void noCommandExpandsAtFiles() throws Exception {
        CliHarness cli = new CliHarness(dir);
        Files.writeString(dir.resolve("args.txt"), "--help\n");
        StartCommand start = parse(cli, StartCommand.class, "start", "x", "@@hang@@ x");
        assertThat(start.prompt).isEqualTo("@@hang@@ x");
        // A task file named @args.txt is a file name, not a list of arguments (that would print help, exit 0).
        CliHarness.Result run = cli.run("run", "@args.txt", "--no-tui");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("@args.txt").doesNotContain("Usage:");
    }

    @Test
    void afterTheTaskIdEveryWordIsPositional() throws Exception {
        CliHarness cli = new CliHarness(dir);
        StartCommand s =
                parse(cli, StartCommand.class, "start", "-b", "2", "-t", "90s", "id", "-v is broken", "--model", "-3");
        assertThat(s.id).isEqualTo("id");
        assertThat(s.prompt).isEqualTo("-v is broken");
        assertThat(s.model).isEqualTo("--model");
        assertThat(s.budget).isEqualTo("-3");
        assertThat(s.options.budget).isEqualTo("2");
        assertThat(s.options.timeout).isEqualTo("90s");

        StartCommand plain = parse(cli, StartCommand.class, "start", "id", "Fix it", "haiku", "1");
        assertThat(plain.prompt).isEqualTo("Fix it");
        assertThat(plain.model).isEqualTo("haiku");
        assertThat(plain.budget).isEqualTo("1");

        RunMultiCommand rm = parse(cli, RunMultiCommand.class, "run-multi", "-t", "5m", "[]", "-m", "2", "3");
        assertThat(rm.tasks).isEqualTo("[]");
        assertThat(rm.model).isEqualTo("-m");
        assertThat(rm.budget).isEqualTo("2");
        assertThat(rm.parallel).isEqualTo("3");
        assertThat(rm.options.timeout).isEqualTo("5m");

        assertThat(cli.run("start", "--help").out()).contains("after the task id");
        CliHarness.Result late = cli.run("start", "id", "Fix it", "-m", "opus");
        assertThat(late.code()).isEqualTo(2);
        assertThat(late.err().strip())
                .isEqualTo("claude-multi: MODEL '-m' looks like an option; options go before the "
                        + "positional words: claude-multi start [OPTIONS] ID PROMPT [MODEL] [BUDGET]");
        assertThat(cli.state.resolve("runs")).doesNotExist();
        CliHarness.Result tooMany = cli.run("start", "id", "p", "m", "1", "extra");
        assertThat(tooMany.code()).isEqualTo(2);
        assertThat(tooMany.err()).contains("extra");
    }

    @Test
    void aMistypedOptionOrCommandGetsASuggestion() throws Exception {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result option = cli.run("list", "--jsno");
        assertThat(option.code()).isEqualTo(2);
        assertThat(option.err()).contains("Unknown option: '--jsno'; did you mean '--json'?");
        assertThat(cli.run("clean", "--older-then=7d").err()).contains("did you mean '--older-than'?");
        CliHarness.Result command = cli.run("stauts");
        assertThat(command.code()).isEqualTo(2);
        assertThat(command.err()).contains("did you mean 'status'?");
        assertThat(cli.run("list", "--zzzzzz").err()).doesNotContain("did you mean");
    }

    @Test
    void helpSummariesAreWholeSentences() throws Exception {
        CliHarness cli = new CliHarness(dir);
        String help = cli.run("--help").out();
        String dashboard = help.lines()
                .filter(l -> l.strip().startsWith("dashboard"))
                .findFirst()
                .orElseThrow();
        assertThat(dashboard).doesNotContain("e.g.").endsWith("(default: the latest).");
    }

    private static <T> T parse(CliHarness cli, Class<T> type, String... args) {
        return type.cast(cli.parse(args).subcommand().commandSpec().userObject());
    }

    /** The result text of a task, once it has one. */
    static String awaitResult(CliHarness cli, String runId, String task) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            CliHarness.Result r = cli.run("result", task, "-q", "--run", runId);
            if (r.code() != 2) {
                return r.out();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(task + " of run " + runId + " has no result after 60 s");
    }
}
