package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.testing.ProcCount;
import dev.claudemulti.workspace.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code continue ID PROMPT} with a fake claude that keeps conversations as real claude does: its
 * session id from {@code --session-id} or {@code --resume}, a {@code total_cost_usd} cumulative over
 * the session ($0.25 per run of it), and each launch's arguments, prompt (standard input) and working
 * directory logged. "write NAME" writes NAME in its working directory; "sleep" keeps running.
 */
class ContinueCommandTest {
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
                + "prompt=$(cat)\n"
                + "echo \"$*\" >> \"$ctl/launches\"\n"
                + "printf '%s\\n' \"$prompt\" >> \"$ctl/prompts\"\n"
                + "pwd >> \"$ctl/cwds\"\n"
                // One line per launch, written at once: concurrent sessions' lines never interleave.
                + "printf '%s\\t%s\\t%s\\n' \"$prompt\" \"$(pwd)\" \"$*\" >> \"$ctl/calls\"\n"
                + "id=none\n"
                + "while [ $# -gt 0 ]; do\n"
                + "  case \"$1\" in --session-id|--resume) id=\"$2\"; shift ;; esac\n"
                + "  shift\n"
                + "done\n"
                + "runs=$(grep -c -- \"$id\" \"$ctl/launches\")\n"
                + "cost=$(awk \"BEGIN { printf \\\"%.4f\\\", $runs * 0.25 }\")\n"
                + "echo '{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"'$id'\",\"model\":\"m\"}'\n"
                + "echo '{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"working on it\"}]}}'\n"
                + "case \"$prompt\" in\n"
                + "  write*) name=${prompt#write }; echo \"$name\" > \"$name\" ;;\n"
                + "  sleep*) sleep 300 ;;\n"
                + "esac\n"
                + "echo '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"done\","
                + "\"session_id\":\"'$id'\",\"total_cost_usd\":'$cost',\"num_turns\":1,\"duration_ms\":5,"
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
    void continueResumesTheConversationInTheSameWorktreeAndCountsTheCostOnce() throws Exception {
        CliHarness.Result first =
                cli.run("run", "[{\"id\":\"a\",\"prompt\":\"write one.txt\"}]", "-C", project.toString(), "--no-tui");
        assertThat(first.code()).as(first.out() + first.err()).isZero();

        CliHarness.Result follow = cli.run("continue", "a", "write two.txt", "--wait");
        assertThat(follow.code()).as(follow.out() + follow.err()).isZero();

        List<String> launches = lines("launches");
        assertThat(launches).hasSize(2);
        String sessionId = launches.get(0).replaceAll(".*--session-id (\\S+).*", "$1");
        assertThat(launches.get(1)).contains("--resume " + sessionId).doesNotContain("--session-id");
        assertThat(lines("prompts")).containsExactly("write one.txt", "write two.txt");
        List<String> cwds = lines("cwds");
        assertThat(cwds.get(1)).isEqualTo(cwds.get(0));

        JsonNode status = JSON.readTree(cli.run("status", "--json").out());
        JsonNode a = status.path("tasks").get(0);
        assertThat(a.path("attempt").asInt()).isEqualTo(2);
        assertThat(a.path("status").asText()).isEqualTo("completed");
        // Claude reported $0.50 for the conversation: the follow-up's own share is $0.25.
        assertThat(a.path("cost_usd").asDouble()).isEqualTo(0.25);
        assertThat(status.path("totals").path("cost_usd").asDouble()).isEqualTo(0.5);
        Path worktree = Path.of(a.path("workspace").path("worktree").asText());
        assertThat(worktree.toString()).isEqualTo(cwds.get(0));
        assertThat(worktree.resolve("one.txt")).exists();
        assertThat(worktree.resolve("two.txt")).exists();
        String commit = a.path("workspace").path("commit").asText();
        assertThat(new Git(project).check("ls-tree", "-r", "--name-only", commit))
                .contains("one.txt")
                .contains("two.txt");
    }

    @Test
    void continueInTheBackgroundPrintsTheRunIdAndAppendsAnAttempt() throws Exception {
        CliHarness.Result first = cli.run(
                "run",
                "[{\"id\":\"a\",\"prompt\":\"write one.txt\"},{\"id\":\"b\",\"prompt\":\"other\"}]",
                "-C",
                project.toString(),
                "--no-tui");
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        String runId =
                JSON.readTree(cli.run("status", "--json").out()).path("run").asText();

        CliHarness.Result follow = cli.run("continue", "a", "write two.txt");
        assertThat(follow.code()).as(follow.out() + follow.err()).isZero();
        assertThat(follow.out().strip()).isEqualTo(runId);
        assertThat(follow.err()).contains("continuing a in the background: run " + runId);

        JsonNode a = awaitCompleted("a", 2);
        assertThat(a.path("cost_usd").asDouble()).isEqualTo(0.25);
        JsonNode status =
                JSON.readTree(cli.run("status", "--json", "--run", runId).out());
        JsonNode b = status.path("tasks").get(1);
        assertThat(b.path("attempt").asInt()).isEqualTo(1);
        assertThat(b.path("status").asText()).isEqualTo("completed");
        // a: $0.25 + $0.25 (of a conversation claude says cost $0.50), b: $0.25.
        assertThat(status.path("totals").path("cost_usd").asDouble()).isEqualTo(0.75);
        assertThat(lines("launches")).hasSize(3);
        assertThat(lines("prompts").get(2)).isEqualTo("write two.txt");
        // The detached orchestrator writes its end after the attempt shows completed: it must be gone
        // before the test's directory is removed (under load it outlived the test).
        cli.awaitOrchestratorGone(runId);
    }

    @Test
    void badInputIsRefusedWithExit2AndNothingStarted() throws Exception {
        assertThat(cli.run("continue", "a", "more").code()).isEqualTo(2); // nothing ran yet
        CliHarness.Result first =
                cli.run("run", "[{\"id\":\"a\",\"prompt\":\"hi\"}]", "-C", project.toString(), "--no-tui");
        assertThat(first.code()).isZero();
        String journal = cli.journals();

        CliHarness.Result unknownTask = cli.run("continue", "zz", "more");
        assertThat(unknownTask.code()).isEqualTo(2);
        assertThat(unknownTask.err()).contains("no task 'zz'");
        CliHarness.Result unknownRun = cli.run("continue", "a", "more", "--run", "20200101-000000-dead");
        assertThat(unknownRun.code()).isEqualTo(2);
        CliHarness.Result empty = cli.run("continue", "a", " ");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("PROMPT must not be empty");
        assertThat(cli.journals()).isEqualTo(journal);

        CliHarness.Result started = cli.run(
                "run",
                "[{\"id\":\"q\",\"prompt\":\"quick\"},{\"id\":\"s\",\"prompt\":\"sleep\"}]",
                "-C",
                project.toString(),
                "--detach");
        assertThat(started.code()).as(started.err()).isZero();
        String runId = started.out().strip();
        awaitState(runId, "s", "running");
        awaitState(runId, "q", "completed");
        CliHarness.Result running = cli.run("continue", "s", "more");
        assertThat(running.code()).isEqualTo(2);
        assertThat(running.err()).isEqualTo("claude-multi: task 's' is running; stop it first: claude-multi stop s\n");
        // The live run's orchestrator keeps writing its journal: only no follow-up may be in it.
        assertThat(cli.journals()).doesNotContain("follow-up");
        assertThat(cli.run("stop", "s", "--run", runId).code()).isZero();
        assertThat(lines("launches")).hasSize(3);
        cli.awaitOrchestratorGone(runId);
    }

    @Test
    void continueOnALiveRunIsRunByItsOrchestratorInTheSameConversation() throws Exception {
        CliHarness.Result started = cli.run(
                "run",
                "[{\"id\":\"a\",\"prompt\":\"write one.txt\"},{\"id\":\"s\",\"prompt\":\"sleep\"}]",
                "-C",
                project.toString(),
                "-j",
                "2",
                "--detach");
        assertThat(started.code()).as(started.err()).isZero();
        String runId = started.out().strip();
        try {
            awaitState(runId, "s", "running");
            awaitCompleted("a", 1);
            long owner = JSON.readTree(cli.state
                            .resolve("runs")
                            .resolve(runId)
                            .resolve("run.json")
                            .toFile())
                    .path("pid")
                    .asLong();

            CliHarness.Result follow = cli.run("continue", "a", "write two.txt");
            assertThat(follow.code()).as(follow.out() + follow.err()).isZero();
            assertThat(follow.out().strip()).isEqualTo(runId);
            assertThat(follow.err()).contains("continuing a in run " + runId + ", whose orchestrator runs it");
            JsonNode second = awaitCompleted("a", 2);
            assertThat(second.path("cost_usd").asDouble()).isEqualTo(0.25);

            // --wait follows the session to its end; the same orchestrator ran both follow-ups.
            CliHarness.Result waited = cli.run("continue", "a", "write three.txt", "--wait");
            assertThat(waited.code()).as(waited.out() + waited.err()).isZero();
            assertThat(waited.out()).startsWith(runId + "\n").contains("a").contains("completed");
            JsonNode status =
                    JSON.readTree(cli.run("status", "--json", "--run", runId).out());
            JsonNode a = status.path("tasks").get(0);
            assertThat(a.path("attempt").asInt()).isEqualTo(3);
            assertThat(a.path("status").asText()).isEqualTo("completed");
            // Claude reported $0.75 for the conversation after three runs: each run's own share is $0.25.
            assertThat(a.path("cost_usd").asDouble()).isEqualTo(0.25);
            assertThat(status.path("totals").path("cost_usd").asDouble()).isEqualTo(0.75);
            assertThat(JSON.readTree(cli.state
                                    .resolve("runs")
                                    .resolve(runId)
                                    .resolve("run.json")
                                    .toFile())
                            .path("pid")
                            .asLong())
                    .as("no other orchestrator took the run")
                    .isEqualTo(owner);

            List<String[]> calls = lines("calls").stream()
                    .map(l -> l.split("\t", 3))
                    .filter(c -> c[0].startsWith("write"))
                    .toList();
            assertThat(calls)
                    .extracting(c -> c[0])
                    .containsExactly("write one.txt", "write two.txt", "write three.txt");
            String sessionId = calls.get(0)[2].replaceAll(".*--session-id (\\S+).*", "$1");
            assertThat(calls.get(1)[2]).contains("--resume " + sessionId).doesNotContain("--session-id");
            assertThat(calls.get(2)[2]).contains("--resume " + sessionId);
            assertThat(calls).extracting(c -> c[1]).containsOnly(calls.get(0)[1]);
            Path worktree = Path.of(calls.get(0)[1]);
            assertThat(worktree.resolve("one.txt")).exists();
            assertThat(worktree.resolve("two.txt")).exists();
            assertThat(worktree.resolve("three.txt")).exists();
            assertThat(ProcCount.liveWithPrefix(runId + "/a/")).isEmpty();

            // s still runs: it is refused, and nothing was left for the orchestrator.
            CliHarness.Result running = cli.run("continue", "s", "more", "--run", runId);
            assertThat(running.code()).isEqualTo(2);
            assertThat(running.err()).contains("task 's' is running; stop it first");
            assertThat(cli.state.resolve("runs").resolve(runId).resolve("requests"))
                    .isEmptyDirectory();
        } finally {
            cli.run("stop-all", "--run", runId);
            cli.awaitOrchestratorGone(runId);
        }
        ProcCount.assertNoneLeft(runId + "/", java.time.Duration.ofSeconds(10));
    }

    private JsonNode awaitCompleted(String task, int attempt) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode t : JSON.readTree(cli.run("status", "--json").out()).path("tasks")) {
                if (t.path("id").asText().equals(task)) {
                    last = t;
                    if (t.path("attempt").asInt() == attempt
                            && t.path("status").asText().equals("completed")) {
                        return t;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(task + " attempt " + attempt + " never completed: " + last);
    }

    private void awaitState(String runId, String task, String state) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode t : JSON.readTree(
                            cli.run("status", "--json", "--run", runId).out())
                    .path("tasks")) {
                if (t.path("id").asText().equals(task)) {
                    last = t;
                    if (t.path("status").asText().equals(state)) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(task + " of run " + runId + " never " + state + ": " + last);
    }

    private List<String> lines(String name) throws IOException {
        Path f = tmp.resolve(name);
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }
}
