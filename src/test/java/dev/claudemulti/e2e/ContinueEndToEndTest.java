package dev.claudemulti.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudemulti.testing.ClaudeEnv;
import dev.claudemulti.testing.FakeMessagesApi;
import dev.claudemulti.testing.GitRepo;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code continue} end to end: the real claude CLI against {@link FakeMessagesApi}, in a real git
 * repository with a worktree per session. The scenario answers by the conversation's length: the
 * first prompt writes one.txt, the follow-up (which the resumed conversation sends after the first
 * prompt's turns) writes two.txt.
 */
class ContinueEndToEndTest {
    static final String FIRST = "SCENARIO_FOLLOW_UP write the first file";
    static final String SECOND = "Now write the second file, please.";
    static final FakeMessagesApi api = FakeMessagesApi.start()
            .scenario(
                    "SCENARIO_FOLLOW_UP",
                    FakeMessagesApi.Scenario.of(
                            FakeMessagesApi.tool("Write", Map.of("file_path", "one.txt", "content", "one\n")),
                            FakeMessagesApi.text("done"),
                            FakeMessagesApi.tool("Write", Map.of("file_path", "two.txt", "content", "two\n")),
                            FakeMessagesApi.text("done with the second")));

    @TempDir
    Path tmp;

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @Test
    void aFollowUpContinuesTheConversationInTheSameWorktreeAndCountsTheCostOnce() throws Exception {
        Path claude = ClaudeEnv.binary();
        GitRepo repo = GitRepo.init(tmp.resolve("project"));
        Map<String, String> offline = ClaudeEnv.offline(api, tmp);
        Batch batch = new Batch(offline);
        batch.task("a", FIRST);
        Batch.Outcome first = batch.run(tmp, claude.toString(), "--json");
        assertThat(first.exitCode()).as(first.printed()).isZero();
        JsonNode before = first.task("a");
        String sessionId = before.path("session_id").asText();
        assertThat(sessionId).isNotBlank();

        // The API key is a secret run.json never recorded: the follow-up takes it from this environment.
        Map<String, String> env = new HashMap<>(offline);
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        String state = tmp.resolve("state").toString();
        String[] follow = Batch.cli(env, repo.dir, "continue", "a", SECOND, "--wait", "--state-dir", state);
        assertThat(follow[0]).as(follow[1] + follow[2]).isEqualTo("0");
        ProcCount.assertNoneLeft(first.runId() + "/", Duration.ZERO);

        JsonNode status = Batch.JSON.readTree(Batch.cli(env, repo.dir, "status", "--json", "--state-dir", state)[1]);
        JsonNode a = status.path("tasks").get(0);
        assertThat(a.path("attempt").asInt()).isEqualTo(2);
        assertThat(a.path("status").asText()).isEqualTo("completed");
        assertThat(a.path("session_id").asText()).isEqualTo(sessionId);
        Path worktree = Path.of(a.path("workspace").path("worktree").asText());
        assertThat(worktree)
                .isEqualTo(Path.of(before.path("workspace").path("worktree").asText()));
        assertThat(Files.readString(worktree.resolve("one.txt"))).contains("one");
        assertThat(Files.readString(worktree.resolve("two.txt"))).contains("two");
        String branch = a.path("workspace").path("branch").asText();
        assertThat(repo.git("ls-tree", "-r", "--name-only", branch))
                .contains("one.txt")
                .contains("two.txt");

        // The resumed conversation sent the first prompt's turns with the follow-up.
        assertThat(api.requests().stream().map(FakeMessagesApi.Request::body))
                .anySatisfy(body ->
                        assertThat(body).contains("write the first file").contains(SECOND));
        // claude's total_cost_usd of the second run is the conversation's: the totals equal it, once.
        double conversation = Batch.resultCost(first.runDir().resolve("sessions/a/attempt-2/output.jsonl"));
        assertThat(status.path("totals").path("cost_usd").asDouble()).isCloseTo(conversation, within(1e-6));
        assertThat(a.path("cost_usd").asDouble())
                .isCloseTo(conversation - before.path("cost_usd").asDouble(), within(1e-6));
    }
}
