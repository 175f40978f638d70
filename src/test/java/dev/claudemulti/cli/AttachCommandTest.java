package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.agent.ClaudeAgent;
import dev.claudemulti.engine.AttachedRun;
import dev.claudemulti.engine.Handover;
import dev.claudemulti.engine.Launchers;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.workspace.Git;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attach ID} with a stand-in for claude, the same executable the sessions run (CLAUDE_BIN):
 * with {@code -p} it is a headless session ("write NAME" writes NAME, "sleep" keeps running); without,
 * it is the interactive take-over, which logs its arguments and working directory and writes
 * {@code by-hand.txt} there.
 */
class AttachCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    CliHarness cli;
    Path project;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliHarness(tmp);
        String ctl = tmp.toAbsolutePath().toString();
        String agent = "#!/bin/sh\n"
                + "ctl='" + ctl + "'\n"
                + "case \" $* \" in\n"
                + "  *\" -p \"*) ;;\n"
                + "  *) echo \"$*\" >> \"$ctl/attach-argv\"; pwd >> \"$ctl/attach-cwd\";"
                + " echo by hand > by-hand.txt; exit 0 ;;\n"
                + "esac\n"
                + "prompt=$(cat)\n"
                + "id=none\n"
                + "while [ $# -gt 0 ]; do\n"
                + "  case \"$1\" in --session-id|--resume) id=\"$2\"; shift ;; esac\n"
                + "  shift\n"
                + "done\n"
                + "echo '{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"'$id'\",\"model\":\"m\"}'\n"
                + "case \"$prompt\" in\n"
                + "  write*) name=${prompt#write }; echo \"$name\" > \"$name\" ;;\n"
                + "  sleep*) sleep 300 ;;\n"
                + "  fail*) echo '{\"type\":\"result\",\"subtype\":\"error_during_execution\",\"is_error\":true,"
                + "\"result\":\"boom\",\"total_cost_usd\":0.02,\"num_turns\":2,\"duration_ms\":5}'; exit 3 ;;\n"
                + "esac\n"
                + "echo '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"done\","
                + "\"session_id\":\"'$id'\",\"total_cost_usd\":0.25,\"num_turns\":1,\"duration_ms\":5,"
                + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}'\n";
        cli.fakeClaude(agent);
        project = Files.createDirectories(tmp.resolve("project"));
        Git git = new Git(project);
        git.check("init", "-q", "-b", "main");
        git.check("config", "user.name", "Test User");
        git.check("config", "user.email", "test@example.com");
        Files.writeString(project.resolve("README.md"), "hello\n");
        git.check("add", "-A");
        git.check("commit", "-q", "-m", "initial");
    }

    @Test
    void attachResumesTheConversationInTheWorktreeAndCommitsWhatWasDoneByHand() throws Exception {
        CliHarness.Result first = cli.run(
                "run",
                "[{\"id\":\"a\",\"prompt\":\"write one.txt\",\"model\":\"opus\"}]",
                "-C",
                project.toString(),
                "--no-tui");
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        JsonNode before = task(status(), "a");
        String sessionId = before.path("session_id").asText();
        assertThat(sessionId).isNotBlank();

        CliHarness.Result attach = cli.run("attach", "a");
        assertThat(attach.code()).as(attach.out() + attach.err()).isZero();

        assertThat(lines("attach-argv")).containsExactly("--resume " + sessionId + " --model opus");
        Path worktree = Path.of(before.path("workspace").path("worktree").asText());
        assertThat(lines("attach-cwd")).containsExactly(worktree.toRealPath().toString());
        assertThat(attach.out()).contains("a attached (attempt 2): claude exited 0; committed ");

        JsonNode a = task(status(), "a");
        assertThat(a.path("status").asText()).isEqualTo("attached");
        assertThat(a.path("attempt").asInt()).isEqualTo(2);
        assertThat(a.path("session_id").asText()).isEqualTo(sessionId);
        String commit = a.path("workspace").path("commit").asText();
        String branch = a.path("workspace").path("branch").asText();
        Git git = new Git(project);
        assertThat(git.check("rev-parse", branch).strip()).isEqualTo(commit);
        assertThat(git.check("ls-tree", "-r", "--name-only", commit))
                .contains("one.txt")
                .contains("by-hand.txt");
        assertThat(git.check("status", "--porcelain").strip())
                .as("the user's work tree is untouched")
                .isEmpty();

        CliHarness.Result text = cli.run("status");
        assertThat(text.out()).contains("attached").contains("Attached: 1");
        assertThat(tmp.resolve("state/runs").toFile().list()).hasSize(1);
    }

    @Test
    void refusalsExit2AndChangeNothing() throws Exception {
        assertThat(cli.run("attach", "a").code()).isEqualTo(2); // nothing ran yet
        CliHarness.Result first = cli.run(
                "run",
                "[{\"id\":\"a\",\"prompt\":\"write one.txt\"},{\"id\":\"b\",\"prompt\":\"write two.txt\","
                        + "\"dependsOn\":[\"c\"]},{\"id\":\"c\",\"prompt\":\"fail\"}]",
                "-C",
                project.toString(),
                "--no-tui");
        assertThat(first.code()).as(first.out() + first.err()).isEqualTo(1);
        String journal = cli.journals();

        CliHarness.Result unknown = cli.run("attach", "zz");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).doesNotContain("\n").contains("zz");
        assertThat(cli.run("attach", "a", "--run", "20990101-000000-ffff").code())
                .isEqualTo(2);

        CliHarness.Result neverStarted = cli.run("attach", "b");
        assertThat(neverStarted.code())
                .as(neverStarted.out() + neverStarted.err())
                .isEqualTo(2);
        assertThat(neverStarted.err()).contains("never started");

        CliHarness.Result noClaude =
                cli.run("attach", "a", "--claude", tmp.resolve("no-such-claude").toString());
        assertThat(noClaude.code()).isEqualTo(2);
        assertThat(noClaude.err().strip()).doesNotContain("\n").contains("no-such-claude");

        assertThat(cli.journals()).as("nothing written").isEqualTo(journal);
        assertThat(lines("attach-argv")).isEmpty();
        assertThat(task(status(), "a").path("status").asText()).isEqualTo("completed");
    }

    @Test
    void aRunningSessionIsStoppedFirstWithYesWhileTheBatchGoesOn() throws Exception {
        CliHarness.Result started = cli.run(
                "run",
                "[{\"id\":\"a\",\"prompt\":\"sleep\"},{\"id\":\"b\",\"prompt\":\"sleep\"}]",
                "-C",
                project.toString(),
                "--detach");
        assertThat(started.code()).as(started.out() + started.err()).isZero();
        String runId = started.out().strip();
        awaitStatus("a", "running");
        awaitStatus("b", "running");

        CliHarness.Result noYes = cli.run("attach", "a");
        assertThat(noYes.code()).isEqualTo(2);
        assertThat(noYes.err()).contains("--yes");
        assertThat(task(status(), "a").path("status").asText()).isEqualTo("running");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext onATerminal = new CliContext(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)),
                Map.copyOf(cli.env),
                tmp,
                true);
        assertThat(Cli.execute(onATerminal, new String[] {"attach", "a"}))
                .as("declined")
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("task 'a' is running; stop it and take it over? y/n")
                .contains("nothing changed");
        assertThat(task(status(), "a").path("status").asText()).isEqualTo("running");

        CliHarness.Result attach = cli.run("attach", "a", "--yes");
        assertThat(attach.code()).as(attach.out() + attach.err()).isZero();
        assertThat(attach.err()).contains("a stopped");
        assertThat(Launchers.registry().liveByMarker(runId).getOrDefault(runId + "/a/1", 0))
                .as("processes of the stopped attempt")
                .isZero();
        JsonNode status = status();
        assertThat(status.path("owner_alive").asBoolean())
                .as("the orchestrator recorded the take-over")
                .isTrue();
        JsonNode a = task(status, "a");
        assertThat(a.path("status").asText()).isEqualTo("attached");
        assertThat(a.path("attempt").asInt()).isEqualTo(2);
        assertThat(task(status, "b").path("status").asText())
                .as("the batch goes on")
                .isEqualTo("running");
        assertThat(new Git(project)
                        .check(
                                "ls-tree",
                                "-r",
                                "--name-only",
                                a.path("workspace").path("commit").asText()))
                .contains("by-hand.txt");

        assertThat(cli.run("stop", "b").code()).isZero();
        cli.awaitOrchestratorGone(runId);
        assertThat(task(status(), "a").path("status").asText()).isEqualTo("attached");
    }

    /** The dashboard's a on an observed run with no orchestrator: AttachedRun takes over through the engine. */
    @Test
    void anObservedRunIsTakenOverThroughTheEngine() throws Exception {
        CliHarness.Result first =
                cli.run("run", "[{\"id\":\"a\",\"prompt\":\"write one.txt\"}]", "-C", project.toString(), "--no-tui");
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        JsonNode before = task(status(), "a");
        StateDir state = StateDir.open(cli.state);
        RunStore store = state.openRun(status().path("run").asText());
        try (AttachedRun observed = new AttachedRun(
                store, Duration.ofSeconds(1), state.log(), new ClaudeAgent(cli.claude.toString(), ""))) {
            assertThat(observed.attachRefusal("zz")).contains("no task 'zz'");
            assertThat(observed.attachRefusal("a")).isNull();
            Handover handover = observed.attachBegin("a");
            assertThat(handover.refusal()).isNull();
            assertThat(handover.command())
                    .containsExactly(
                            cli.claude.toString(),
                            "--resume",
                            before.path("session_id").asText(),
                            "--model",
                            "sonnet");
            assertThat(task(status(), "a").path("status").asText()).as("begun").isEqualTo("attached");
            assertThat(observed.attachBegin("a").refusal()).contains("already taken over");
            Process p = new ProcessBuilder(handover.command())
                    .directory(handover.directory().toFile())
                    .start();
            assertThat(p.waitFor()).isZero();
            observed.attachEnd("a", 0);
        }
        JsonNode a = task(status(), "a");
        assertThat(a.path("status").asText()).isEqualTo("attached");
        assertThat(a.path("attempt").asInt()).isEqualTo(2);
        assertThat(a.path("exit_code").asInt()).isZero();
        assertThat(status().path("run_state").asText()).isEqualTo("finished");
        assertThat(new Git(project)
                        .check(
                                "ls-tree",
                                "-r",
                                "--name-only",
                                a.path("workspace").path("commit").asText()))
                .contains("by-hand.txt");
    }

    private JsonNode status() throws IOException {
        return JSON.readTree(cli.run("status", "--json").out());
    }

    private static JsonNode task(JsonNode status, String id) {
        for (JsonNode t : status.path("tasks")) {
            if (t.path("id").asText().equals(id)) {
                return t;
            }
        }
        throw new AssertionError("no task " + id + " in " + status);
    }

    private void awaitStatus(String id, String wanted) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (task(status(), id).path("status").asText().equals(wanted)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(id + " never became " + wanted + ": " + status());
    }

    private List<String> lines(String name) throws IOException {
        Path f = tmp.resolve(name);
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }
}
