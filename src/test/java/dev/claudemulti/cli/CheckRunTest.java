package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.testing.GitRepo;
import dev.claudemulti.testing.ProcCount;
import dev.claudemulti.workspace.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task's {@code check} and its fix rounds, through the command line with real processes and a real
 * git repository: a check that passes, one fixed in the next round (the agent, sent back with the
 * check's output, writes the file the check looks for), one still failing after its rounds, one
 * that hangs past the timeout (nothing of it left), and what {@code --json} and {@code status --json} say.
 */
class CheckRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A fake claude: a fix prompt makes it write fixed.txt; its result shows its arguments. */
    private static final String AGENT = """
            #!/bin/sh
            prompt=$(cat)
            case "$prompt" in
              *"check of your work failed"*) echo fixed > fixed.txt ;;
            esac
            echo '{"type":"system","subtype":"init","session_id":"s1","model":"m"}'
            echo '{"type":"result","subtype":"success","is_error":false,"result":"did it | '"$*"'","total_cost_usd":0.01,"num_turns":1,"duration_ms":5,"usage":{"input_tokens":1,"output_tokens":1}}'
            """;

    @TempDir
    Path tmp;

    CliHarness cli;
    Path project;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliHarness(tmp);
        cli.fakeClaude(AGENT);
        project = GitRepo.init(tmp.resolve("project")).dir;
    }

    private String git(String... args) throws IOException {
        return new Git(project).check(args).strip();
    }

    private CliHarness.Result run(String tasks, String... more) throws IOException {
        Path file = Files.writeString(tmp.resolve("tasks.json"), tasks);
        String[] args = new String[6 + more.length];
        System.arraycopy(
                new String[] {"run", file.toString(), "-C", project.toString(), "--json", "--no-tui"}, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return cli.run(args);
    }

    private static JsonNode task(CliHarness.Result r, String id) throws IOException {
        for (JsonNode t : JSON.readTree(r.out()).path("tasks")) {
            if (id.equals(t.path("id").asText())) {
                return t;
            }
        }
        throw new AssertionError("no task " + id + ":\n" + r.out() + r.err());
    }

    private Path attemptDir(CliHarness.Result r, String id, int attempt) throws IOException {
        String run = JSON.readTree(r.out()).path("run").asText();
        Path task = cli.state.resolve("runs").resolve(run).resolve("sessions").resolve(id);
        return attempt == 1 ? task : task.resolve("attempt-" + attempt);
    }

    @Test
    void aCheckThatPassesKeepsTheSessionCompletedWithItsOutputInCheckLog() throws IOException {
        CliHarness.Result r = run("""
                [{"id": "a", "prompt": "go", "check": "echo checking in $(pwd); test -f README.md"}]""");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode a = task(r, "a");
        assertThat(a.path("status").asText()).isEqualTo("completed");
        assertThat(a.path("check").path("command").asText()).isEqualTo("echo checking in $(pwd); test -f README.md");
        assertThat(a.path("check").path("exit_code").asInt()).isZero();
        assertThat(a.path("check").path("rounds").asInt()).isEqualTo(1);
        assertThat(r.err()).contains("▶ a checking: echo checking in $(pwd); test -f README.md");
        assertThat(Files.readString(attemptDir(r, "a", 1).resolve("check.log")))
                .as("it runs in the session's worktree")
                .isEqualTo("checking in " + a.path("workspace").path("worktree").asText() + "\n");
    }

    @Test
    void aFailedCheckIsFixedInTheNextRoundOfTheSameConversationAndEachRoundIsCommitted() throws IOException {
        CliHarness.Result r = run("""
                [{"id": "a", "prompt": "go", "fixAttempts": 2,
                  "check": "test -f fixed.txt || { echo fixed.txt is missing; exit 1; }"}]""", "--isolation", "worktree");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode a = task(r, "a");
        assertThat(a.path("status").asText()).isEqualTo("completed");
        assertThat(a.path("attempt").asInt()).isEqualTo(2);
        assertThat(a.path("check").path("exit_code").asInt()).isZero();
        assertThat(a.path("check").path("rounds").asInt()).isEqualTo(2);
        assertThat(a.path("check").path("max_rounds").asInt()).isEqualTo(3);
        // The fix round continued the first attempt's conversation.
        JsonNode first =
                JSON.readTree(attemptDir(r, "a", 1).resolve("session.json").toFile());
        assertThat(first.path("state").asText()).isEqualTo("failed");
        assertThat(first.path("reason").asText())
                .isEqualTo("check failed: test -f fixed.txt || { echo fixed.txt is missing; exit 1; } exit 1");
        assertThat(a.path("session_id").asText())
                .isEqualTo(first.path("session_id").asText());
        assertThat(a.path("result").asText())
                .contains("--resume " + first.path("session_id").asText());
        String fixPrompt = Files.readString(attemptDir(r, "a", 2).resolve("prompt.txt"));
        assertThat(fixPrompt)
                .contains("test -f fixed.txt || { echo fixed.txt is missing; exit 1; }")
                .contains("exited with code 1")
                .contains("fixed.txt is missing");
        assertThat(Files.readString(attemptDir(r, "a", 1).resolve("check.log"))).isEqualTo("fixed.txt is missing\n");
        assertThat(Files.readString(attemptDir(r, "a", 2).resolve("check.log"))).isEmpty();
        // The fix is committed on the session's branch, where the check found it.
        String branch = a.path("workspace").path("branch").asText();
        assertThat(git("show", branch + ":fixed.txt")).isEqualTo("fixed");
        // Each round is an attempt with its own cost: the resumed conversation's total less the first.
        assertThat(JSON.readTree(r.out()).path("totals").path("cost_usd").asDouble())
                .isEqualTo(0.01);
    }

    @Test
    void aCheckStillFailingAfterItsFixAttemptsFailsTheSessionWithItsRoundsRecorded() throws IOException {
        CliHarness.Result r = run("""
                [{"id": "a", "prompt": "go", "fixAttempts": 1, "check": "echo nope; exit 3"}]""");
        assertThat(r.code()).isEqualTo(1);
        JsonNode a = task(r, "a");
        assertThat(a.path("status").asText()).isEqualTo("failed");
        assertThat(a.path("reason").asText()).isEqualTo("check failed: echo nope; exit 3 exit 3");
        assertThat(a.path("attempt").asInt()).isEqualTo(2);
        assertThat(a.path("check").path("exit_code").asInt()).isEqualTo(3);
        assertThat(a.path("check").path("rounds").asInt()).isEqualTo(2);
        String run = JSON.readTree(r.out()).path("run").asText();

        // status --json reads the same from the journal.
        CliHarness.Result status = cli.run("status", "--run", run, "--json");
        assertThat(status.code()).as(status.err()).isZero();
        JsonNode recorded = task(status, "a");
        assertThat(recorded.path("check")).isEqualTo(a.path("check"));
        assertThat(recorded.path("reason").asText()).isEqualTo("check failed: echo nope; exit 3 exit 3");
        CliHarness.Result plain = cli.run("status", "--run", run);
        assertThat(plain.out()).contains("check ✗ (2/2)");
    }

    @Test
    void aCheckThatHangsPastTheTimeoutIsStoppedWholeAndFailsTheSession() throws IOException {
        CliHarness.Result r = run("""
                [{"id": "a", "prompt": "go", "timeout": "2s",
                  "check": "sleep 300 & sleep 301; echo never"}]""", "--grace", "1s");
        assertThat(r.code()).isEqualTo(1);
        JsonNode a = task(r, "a");
        assertThat(a.path("status").asText()).isEqualTo("failed");
        assertThat(a.path("reason").asText())
                .isEqualTo("check failed: sleep 300 & sleep 301; echo never timed out after 2s");
        assertThat(a.path("check").path("timed_out").asBoolean()).isTrue();
        String run = JSON.readTree(r.out()).path("run").asText();
        assertThat(ProcCount.liveWithPrefix(run + "/")).isEmpty();
        ProcCount.assertNoneLeft(run + "/", Duration.ofSeconds(1));
        assertThat(Files.readString(attemptDir(r, "a", 1).resolve("check.log"))).doesNotContain("never");
    }
}
