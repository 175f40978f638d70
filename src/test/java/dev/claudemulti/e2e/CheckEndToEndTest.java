package dev.claudemulti.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudemulti.testing.ClaudeEnv;
import dev.claudemulti.testing.FakeMessagesApi;
import dev.claudemulti.testing.GitRepo;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A check with a fix round end to end: the real claude CLI against {@link FakeMessagesApi}, in a real
 * git repository with a worktree per session. The first attempt writes one.txt, which the check does
 * not accept; the fix round, which resumes the conversation with the check's output, writes fixed.txt,
 * and the check passes. The scenario answers by the conversation's length.
 */
class CheckEndToEndTest {
    static final String PROMPT = "SCENARIO_CHECK_FIX write the first file";
    static final FakeMessagesApi api = FakeMessagesApi.start()
            .scenario(
                    "SCENARIO_CHECK_FIX",
                    FakeMessagesApi.Scenario.of(
                            FakeMessagesApi.tool("Write", Map.of("file_path", "one.txt", "content", "one\n")),
                            FakeMessagesApi.text("done"),
                            FakeMessagesApi.tool("Write", Map.of("file_path", "fixed.txt", "content", "fixed\n")),
                            FakeMessagesApi.text("fixed it")));

    @TempDir
    Path tmp;

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @Test
    void aFailedCheckIsFixedByTheResumedConversation() throws Exception {
        Path claude = ClaudeEnv.binary();
        GitRepo repo = GitRepo.init(tmp.resolve("project"));
        Batch batch = new Batch(ClaudeEnv.offline(api, tmp));
        batch.task("a", PROMPT)
                .put("check", "test -f fixed.txt || { echo 'fixed.txt is missing'; exit 1; }")
                .put("fixAttempts", 1);
        Batch.Outcome run = batch.run(tmp, claude.toString(), "--json");
        assertThat(run.exitCode()).as(run.printed()).isZero();
        ProcCount.assertNoneLeft(run.runId() + "/", Duration.ofSeconds(5));

        JsonNode a = run.task("a");
        assertThat(a.path("status").asText()).isEqualTo("completed");
        assertThat(a.path("attempt").asInt()).isEqualTo(2);
        assertThat(a.path("check").path("exit_code").asInt()).isZero();
        assertThat(a.path("check").path("rounds").asInt()).isEqualTo(2);
        String branch = a.path("workspace").path("branch").asText();
        assertThat(repo.git("ls-tree", "-r", "--name-only", branch))
                .contains("one.txt")
                .contains("fixed.txt");
        // The fix round resumed the conversation: the API saw the first prompt and the check's output together.
        assertThat(api.requests().stream().map(FakeMessagesApi.Request::body))
                .anySatisfy(body -> assertThat(body)
                        .contains("write the first file")
                        .contains("fixed.txt is missing")
                        .contains("exited with code 1"));
        Path runDir = run.runDir();
        JsonNode first =
                Batch.JSON.readTree(runDir.resolve("sessions/a/session.json").toFile());
        assertThat(first.path("state").asText()).isEqualTo("failed");
        assertThat(a.path("session_id").asText())
                .isEqualTo(first.path("session_id").asText());
        assertThat(Files.readString(runDir.resolve("sessions/a/check.log"))).contains("fixed.txt is missing");
    }
}
