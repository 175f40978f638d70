package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudemulti.store.StateDirAccess;
import dev.claudemulti.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * As root, claude refuses bypassPermissions unless IS_SANDBOX=1: every session would fail. The
 * commands that start sessions say so before anything starts, exit 2, and write nothing.
 */
class RootSandboxCheckTest {
    static final String ADVICE =
            "claude-multi: running as root with --permission-mode bypassPermissions: claude refuses this"
                    + " unless IS_SANDBOX=1 is set; export IS_SANDBOX=1 (in a sandbox) or pass --permission-mode acceptEdits";

    @TempDir
    Path dir;

    private static Task task(String id, String mode, Map<String, String> env) {
        return Task.builder().id(id).prompt("p").permissionMode(mode).env(env).build();
    }

    @Test
    void onlyBypassAsRootWithoutIsSandboxOneIsRefused() {
        List<Task> plain = List.of(task("a", null, null));
        assertThatThrownBy(() -> RootSandboxCheck.check(plain, "bypassPermissions", Map.of(), 0))
                .isInstanceOf(UserException.class)
                .hasMessage(ADVICE.substring("claude-multi: ".length()));
        // claude itself accepts only "1" (checked with 2.1.328: "yes", "true" and "0" are refused).
        assertThatThrownBy(() -> RootSandboxCheck.check(plain, "bypassPermissions", Map.of("IS_SANDBOX", "yes"), 0))
                .hasMessageContaining("(IS_SANDBOX is 'yes', and only 1 counts)");
        assertThatCode(() -> RootSandboxCheck.check(plain, "bypassPermissions", Map.of("IS_SANDBOX", "1"), 0))
                .doesNotThrowAnyException();
        assertThatCode(() -> RootSandboxCheck.check(plain, "bypassPermissions", Map.of(), 1000))
                .doesNotThrowAnyException();
        assertThatCode(() -> RootSandboxCheck.check(plain, "bypassPermissions", Map.of(), -1))
                .doesNotThrowAnyException();
        assertThatCode(() -> RootSandboxCheck.check(plain, "acceptEdits", Map.of(), 0))
                .doesNotThrowAnyException();
    }

    @Test
    void theTasksOwnModeAndEnvAreWhatCounts() {
        // A task's env reaches claude on top of the inherited environment, both ways.
        assertThatCode(() -> RootSandboxCheck.check(
                        List.of(task("a", null, Map.of("IS_SANDBOX", "1"))), "bypassPermissions", Map.of(), 0))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> RootSandboxCheck.check(
                        List.of(task("a", null, Map.of("IS_SANDBOX", "0"))),
                        "bypassPermissions",
                        Map.of("IS_SANDBOX", "1"),
                        0))
                .hasMessageContaining("(IS_SANDBOX is '0' in task 'a's env, and only 1 counts)");
        // A task that asks for bypassPermissions itself is named, with advice for the task file.
        assertThatThrownBy(() -> RootSandboxCheck.check(
                        List.of(task("ok", null, null), task("b", "bypassPermissions", null)),
                        "acceptEdits",
                        Map.of(),
                        0))
                .hasMessage(
                        "running as root, task 'b' has permissionMode bypassPermissions: claude refuses this unless"
                                + " IS_SANDBOX=1 is set; export IS_SANDBOX=1 (in a sandbox) or give the task another permissionMode, such as acceptEdits");
        assertThatCode(() ->
                        RootSandboxCheck.check(List.of(task("a", "dontAsk", null)), "bypassPermissions", Map.of(), 0))
                .doesNotThrowAnyException();
    }

    private CliHarness asRootWithoutSandbox() throws Exception {
        Assumptions.assumeTrue(StateDirAccess.currentUid() == 0, "claude refuses bypassPermissions only to root");
        CliHarness cli = new CliHarness(dir);
        cli.env.remove("IS_SANDBOX");
        return cli;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"run", "run --detach", "run-multi", "start"})
    void everyCommandThatStartsSessionsRefusesBeforeWritingAnything(String command) throws Exception {
        CliHarness cli = asRootWithoutSandbox();
        String tasks = "[{\"id\":\"a\",\"prompt\":\"hello\"}]";
        CliHarness.Result r = switch (command) {
            case "start" -> cli.run("start", "a", "hello");
            case "run-multi" -> cli.run("run-multi", tasks);
            case "run --detach" -> cli.run("run", tasks, "--detach");
            default -> cli.run("run", tasks, "--no-tui");
        };
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(ADVICE + System.lineSeparator());
        assertThat(r.out()).isEmpty();
        assertThat(cli.state).doesNotExist();
    }

    @Test
    void resumeRefusesBeforeTouchingTheRun() throws Exception {
        CliHarness cli = asRootWithoutSandbox();
        cli.env.put("IS_SANDBOX", "1");
        String runId = cli.batch("[{\"id\":\"ok\",\"prompt\":\"hello\"},{\"id\":\"bad\",\"prompt\":\"fail\"}]");
        Path runDir = cli.state.resolve("runs").resolve(runId);
        byte[] journal = Files.readAllBytes(runDir.resolve("journal.jsonl"));
        byte[] runInfo = Files.readAllBytes(runDir.resolve("run.json"));
        cli.env.remove("IS_SANDBOX");

        CliHarness.Result r = cli.run("run", "--resume-failed", "--no-tui");

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(ADVICE + System.lineSeparator());
        assertThat(runDir.resolve("journal.jsonl")).hasBinaryContent(journal);
        assertThat(runDir.resolve("run.json")).hasBinaryContent(runInfo);
        assertThat(runDir.resolve("sessions/bad/attempt-2")).doesNotExist();
    }

    @Test
    void anotherModeOrIsSandboxInTheTaskEnvRunsAsRoot() throws Exception {
        CliHarness cli = asRootWithoutSandbox();
        assertThat(cli.run(
                                "run",
                                "[{\"id\":\"a\",\"prompt\":\"hello\"}]",
                                "--no-tui",
                                "--permission-mode",
                                "acceptEdits")
                        .code())
                .isZero();
        assertThat(cli.run(
                                "run",
                                "{\"defaults\":{\"env\":{\"IS_SANDBOX\":\"1\"}},\"tasks\":[{\"id\":\"b\",\"prompt\":\"hello\"}]}",
                                "--no-tui")
                        .code())
                .isZero();
    }

    @Test
    void theDemoIsNotCheckedItsAgentIsSimulated() throws Exception {
        CliHarness cli = asRootWithoutSandbox();
        Path notADir = Files.writeString(dir.resolve("not-a-dir"), "x");
        // The state directory is opened after the check: its error shows the check let the demo through.
        CliHarness.Result r =
                cli.run("demo", "[{\"id\":\"a\",\"prompt\":\"hello\"}]", "--no-tui", "--state-dir", notADir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is not a directory").doesNotContain("IS_SANDBOX");
    }
}
