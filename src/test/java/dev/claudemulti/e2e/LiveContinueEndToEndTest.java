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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code continue} on a run whose orchestrator still runs (another session hangs in a tool): the
 * real claude CLI against {@link FakeMessagesApi}, in a git repository with a worktree per session.
 * The orchestrator itself runs the follow-up, in the same conversation and worktree.
 */
class LiveContinueEndToEndTest {
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
    void theLiveOrchestratorRunsTheFollowUpInTheSameConversationAndWorktree() throws Exception {
        Path claude = ClaudeEnv.binary();
        GitRepo repo = GitRepo.init(tmp.resolve("project"));
        Map<String, String> offline = ClaudeEnv.offline(api, tmp);
        Batch batch = new Batch(offline);
        batch.task("a", ContinueEndToEndTest.FIRST);
        batch.task("h", FakeMessagesApi.SCENARIO_HANG_BASH + " hang");
        CompletableFuture<Batch.Outcome> running =
                CompletableFuture.supplyAsync(() -> batch.run(tmp, claude.toString(), "--json"));
        Map<String, String> env = new HashMap<>(offline);
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        String state = tmp.resolve("state").toString();
        String runId = null;
        try {
            JsonNode before = await(env, repo, state, "a", "completed");
            runId = before.path("run").asText();
            await(env, repo, state, "h", "running");
            JsonNode a1 = task(before, "a");

            String[] follow = Batch.cli(
                    env, repo.dir, "continue", "a", ContinueEndToEndTest.SECOND, "--wait", "--state-dir", state);
            assertThat(follow[0]).as(follow[1] + follow[2]).isEqualTo("0");
            assertThat(follow[1]).startsWith(runId + "\n");
            assertThat(running).as("the batch still runs: h hangs").isNotDone();

            JsonNode status =
                    Batch.JSON.readTree(Batch.cli(env, repo.dir, "status", "--json", "--state-dir", state)[1]);
            JsonNode a = task(status, "a");
            assertThat(a.path("attempt").asInt()).isEqualTo(2);
            assertThat(a.path("status").asText()).isEqualTo("completed");
            assertThat(a.path("session_id").asText())
                    .isEqualTo(a1.path("session_id").asText());
            Path worktree = Path.of(a.path("workspace").path("worktree").asText());
            assertThat(worktree)
                    .isEqualTo(Path.of(a1.path("workspace").path("worktree").asText()));
            assertThat(Files.readString(worktree.resolve("one.txt"))).contains("one");
            assertThat(Files.readString(worktree.resolve("two.txt"))).contains("two");
            assertThat(api.requests().stream().map(FakeMessagesApi.Request::body))
                    .anySatisfy(body ->
                            assertThat(body).contains("write the first file").contains(ContinueEndToEndTest.SECOND));
            double conversation = Batch.resultCost(
                    tmp.resolve("state/runs").resolve(runId).resolve("sessions/a/attempt-2/output.jsonl"));
            assertThat(a.path("cost_usd").asDouble())
                    .isCloseTo(conversation - a1.path("cost_usd").asDouble(), within(1e-6));
            assertThat(ProcCount.liveWithPrefix(runId + "/a/")).isEmpty();
        } finally {
            Batch.cli(env, repo.dir, "stop-all", "--state-dir", state);
        }
        Batch.Outcome end = running.get(120, TimeUnit.SECONDS);
        assertThat(end.task("a").path("attempt").asInt()).as(end.printed()).isEqualTo(2);
        assertThat(end.task("a").path("status").asText()).isEqualTo("completed");
        assertThat(end.task("h").path("status").asText()).isEqualTo("stopped");
        ProcCount.assertNoneLeft(runId + "/", Duration.ofSeconds(10));
    }

    private static JsonNode task(JsonNode status, String id) {
        for (JsonNode t : status.path("tasks")) {
            if (id.equals(t.path("id").asText())) {
                return t;
            }
        }
        throw new AssertionError("no task " + id + " in " + status);
    }

    /** Waits until {@code status --json} shows the task in {@code state}; returns that status. */
    private static JsonNode await(Map<String, String> env, GitRepo repo, String state, String id, String wanted)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            String[] out = Batch.cli(env, repo.dir, "status", "--json", "--state-dir", state);
            if (out[0].equals("0") && !out[1].isBlank()) {
                last = Batch.JSON.readTree(out[1]);
                for (JsonNode t : last.path("tasks")) {
                    if (id.equals(t.path("id").asText())
                            && wanted.equals(t.path("status").asText())) {
                        return last;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(id + " never " + wanted + ": " + last);
    }
}
