package dev.claudemulti.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.agent.SessionEvent.Result;
import dev.claudemulti.task.Task;
import dev.claudemulti.testing.ClaudeEnv;
import dev.claudemulti.testing.ClaudeRun;
import dev.claudemulti.testing.FakeMessagesApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real claude CLI with {@link ClaudeAgent#command(Task, AttemptPlan)} against the fake API's
 * error scenarios: how an attempt ends ({@link ClaudeAgent#classify}), and that an attempt whose
 * first request failed still left a conversation, which the next attempt resumes under the same id.
 * Skipped when the CLI is absent (unless {@code CLAUDE_MULTI_REQUIRE_E2E=1}).
 */
class ClaudeCliAttemptsTest {
    static FakeMessagesApi api;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startApi() {
        api = FakeMessagesApi.start();
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    private static Task task(String prompt) {
        return Task.builder()
                .id("t")
                .prompt(prompt)
                .model("sonnet")
                .budgetUsd(5.0)
                .permissionMode("bypassPermissions")
                .build();
    }

    /** One attempt of {@code task} in {@code cwd}, HOME {@code home} (where claude keeps its conversations). */
    private static Attempt attempt(
            ClaudeAgent agent,
            Task task,
            AttemptPlan plan,
            String prompt,
            Path home,
            Path cwd,
            Map<String, String> extraEnv)
            throws Exception {
        var env = new HashMap<>(ClaudeEnv.offline(api.baseUrl(), home));
        env.putAll(extraEnv);
        ClaudeRun run = ClaudeRun.run(agent.command(task, plan), env, cwd, prompt, Duration.ofSeconds(90));
        List<SessionEvent> events = Captured.parse(run.stdout().getBytes(StandardCharsets.UTF_8), 1000);
        var progress = new SessionProgress();
        events.forEach(progress::accept);
        Outcome outcome = agent.classify(
                new AttemptEnd(run.exitCode(), progress.result(), null, () -> null, progress.lastRejectedRateLimit()));
        return new Attempt(run, events, progress, outcome);
    }

    record Attempt(ClaudeRun run, List<SessionEvent> events, SessionProgress progress, Outcome outcome) {
        Result result() {
            return progress.result();
        }
    }

    @Test
    void aConversationWhoseFirstRequestFailedCanBeResumedUnderItsId() throws Exception {
        var agent = new ClaudeAgent(ClaudeEnv.binary().toString(), System.getenv("PATH"));
        agent.checkAvailable();
        Path home = ClaudeEnv.freshHome(tmp);
        Path cwd = Files.createDirectories(tmp.resolve("work"));
        String id = UUID.randomUUID().toString();
        String tag = "resume" + System.nanoTime();
        Task task = task(FakeMessagesApi.SCENARIO_529_ONCE + " " + tag);

        Attempt failed = attempt(agent, task, AttemptPlan.fresh(id), task.prompt(), home, cwd, Map.of());
        assertThat(failed.run().exitCode()).as(failed.run().stderr()).isEqualTo(1);
        assertThat(failed.result()).isNotNull();
        assertThat(failed.result().isError()).isTrue();
        assertThat(failed.result().apiErrorStatus()).isEqualTo(529);
        assertThat(failed.result().sessionId()).isEqualTo(id);
        assertThat(failed.progress().sessionId()).isEqualTo(id);
        assertThat(failed.outcome()).isInstanceOfSatisfying(Outcome.Transient.class, t -> {
            assertThat(t.httpStatus()).isEqualTo(529);
            assertThat(t.rateLimited()).isFalse();
        });

        int before = api.messageRequestCount();
        String continuation = agent.continuationPrompt(((Outcome.Transient) failed.outcome()).cause());
        Attempt resumed = attempt(agent, task, AttemptPlan.resuming(id), continuation, home, cwd, Map.of());
        assertThat(resumed.run().exitCode()).as(resumed.run().stderr()).isZero();
        assertThat(resumed.outcome()).isEqualTo(Outcome.completed());
        assertThat(resumed.result().sessionId()).isEqualTo(id);
        assertThat(resumed.result().result()).isEqualTo(FakeMessagesApi.RECOVERED_TEXT);
        assertThat(api.messageRequestCount() - before).isEqualTo(1);
        // The resumed request holds the first prompt (so the scenario knew its tag) and the continuation.
        assertThat(api.requests().get(api.requests().size() - 1).body()).contains(tag, "was cut off by an error");

        System.out.printf(
                "ClaudeCliAttemptsTest: 529 attempt exit %d cost %s status %s; resumed attempt exit %d cost %s turns %s%n",
                failed.run().exitCode(),
                failed.result().costUsd(),
                failed.result().apiErrorStatus(),
                resumed.run().exitCode(),
                resumed.result().costUsd(),
                resumed.result().numTurns());
    }

    @Test
    void aResumedConversationReportsTheCostOfTheWholeSession() throws Exception {
        var agent = new ClaudeAgent(ClaudeEnv.binary().toString(), System.getenv("PATH"));
        agent.checkAvailable();
        String keyword = "SCENARIO_E2E_WRITE_THEN_529";
        FakeMessagesApi.Turn failOnceThenText = api.failingFirst(
                        keyword,
                        FakeMessagesApi.failure(529, "overloaded_error"),
                        FakeMessagesApi.text(FakeMessagesApi.RECOVERED_TEXT))
                .turns()
                .get(0);
        api.scenario(
                keyword,
                FakeMessagesApi.Scenario.of(
                        FakeMessagesApi.tool("Write", Map.of("file_path", "first.txt", "content", "x")),
                        failOnceThenText));
        Path home = ClaudeEnv.freshHome(tmp);
        Path cwd = Files.createDirectories(tmp.resolve("paid"));
        String id = UUID.randomUUID().toString();
        Task task = task(keyword + " paid" + System.nanoTime());

        Attempt failed = attempt(agent, task, AttemptPlan.fresh(id), task.prompt(), home, cwd, Map.of());
        assertThat(cwd.resolve("first.txt")).exists();
        assertThat(failed.result().apiErrorStatus()).isEqualTo(529);
        assertThat(failed.result().costUsd()).isPositive();
        Attempt resumed = attempt(
                agent, task, AttemptPlan.resuming(id), agent.continuationPrompt("HTTP 529"), home, cwd, Map.of());
        assertThat(resumed.outcome()).isEqualTo(Outcome.completed());
        assertThat(resumed.result().sessionId()).isEqualTo(id);
        // total_cost_usd after --resume counts the earlier run too: the attempt's own cost is the difference.
        assertThat(resumed.result().costUsd()).isGreaterThan(failed.result().costUsd());
        System.out.printf(
                "ClaudeCliAttemptsTest: Write then 529: cost %s; resumed: cost %s%n",
                failed.result().costUsd(), resumed.result().costUsd());
    }

    @Test
    void errorsOnEveryRequestAreTransientOrFinalAsTheRulesSay() throws Exception {
        var agent = new ClaudeAgent(ClaudeEnv.binary().toString(), System.getenv("PATH"));
        agent.checkAvailable();
        Map<String, Outcome> outcomes = new java.util.LinkedHashMap<>();
        for (String scenario : List.of(
                FakeMessagesApi.SCENARIO_500,
                FakeMessagesApi.SCENARIO_429,
                FakeMessagesApi.SCENARIO_529,
                FakeMessagesApi.SCENARIO_401)) {
            Path cwd = Files.createDirectories(tmp.resolve(scenario));
            Task task = task(scenario);
            Attempt a = attempt(
                    agent,
                    task,
                    AttemptPlan.fresh(UUID.randomUUID().toString()),
                    task.prompt(),
                    ClaudeEnv.freshHome(tmp),
                    cwd,
                    Map.of());
            assertThat(a.run().exitCode())
                    .as(scenario + ": " + a.run().stderr())
                    .isEqualTo(1);
            outcomes.put(scenario, a.outcome());
        }
        assertThat(outcomes.get(FakeMessagesApi.SCENARIO_500))
                .isInstanceOfSatisfying(
                        Outcome.Transient.class, t -> assertThat(t.cause()).isEqualTo("HTTP 500"));
        assertThat(outcomes.get(FakeMessagesApi.SCENARIO_529))
                .isInstanceOfSatisfying(
                        Outcome.Transient.class,
                        t -> assertThat(t.rateLimited()).isFalse());
        assertThat(outcomes.get(FakeMessagesApi.SCENARIO_429)).isInstanceOfSatisfying(Outcome.Transient.class, t -> {
            assertThat(t.httpStatus()).isEqualTo(429);
            assertThat(t.rateLimited()).isTrue();
        });
        assertThat(outcomes.get(FakeMessagesApi.SCENARIO_401))
                .isInstanceOfSatisfying(
                        Outcome.Failed.class, f -> assertThat(f.reason()).endsWith("(HTTP 401)"));
    }

    @Test
    void claudesOwnRetriesShowAsApiRetryEvents() throws Exception {
        var agent = new ClaudeAgent(ClaudeEnv.binary().toString(), System.getenv("PATH"));
        agent.checkAvailable();
        Path cwd = Files.createDirectories(tmp.resolve("retry"));
        Task task = task(FakeMessagesApi.SCENARIO_529_ONCE + " retry" + System.nanoTime());

        Attempt a = attempt(
                agent,
                task,
                AttemptPlan.fresh(UUID.randomUUID().toString()),
                task.prompt(),
                ClaudeEnv.freshHome(tmp),
                cwd,
                Map.of("CLAUDE_CODE_MAX_RETRIES", "2"));
        assertThat(a.run().exitCode()).as(a.run().stderr()).isZero();
        assertThat(a.outcome()).isEqualTo(Outcome.completed());
        assertThat(Captured.only(a.events(), SessionEvent.ApiRetry.class))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.attempt()).isEqualTo(1);
                    assertThat(r.maxRetries()).isEqualTo(2);
                    assertThat(r.errorStatus()).isEqualTo(529);
                    assertThat(r.retryDelayMs()).isNotNull();
                });
        assertThat(a.progress().lastApiRetry()).isNotNull();
    }
}
