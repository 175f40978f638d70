package dev.claudemulti.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudemulti.testing.ClaudeEnv;
import dev.claudemulti.testing.FakeMessagesApi;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code claude-multi run} end to end: the real claude CLI against {@link FakeMessagesApi} on
 * loopback. Each real claude start costs about a second of CPU, so independent outcomes share one
 * batch and are asserted from its {@code --json} summary.
 */
class RealClaudeRunTest {
    /** One server for the class: scenarios are picked per request, so the tests do not disturb each other. */
    static final FakeMessagesApi api = FakeMessagesApi.start();

    @TempDir
    Path tmp;

    @AfterAll
    static void stopApi() {
        api.close();
    }

    private Batch batch() {
        return new Batch(ClaudeEnv.offline(api, tmp));
    }

    @Test
    void oneBatchOfOutcomes() {
        Path claude = ClaudeEnv.binary();
        Batch batch = batch();
        batch.task("write", "SCENARIO_WRITE_FILE made.txt");
        batch.task("budget", "SCENARIO_BUDGET").put("budget", 1);
        batch.task("overloaded", "SCENARIO_529");
        batch.task("background", "SCENARIO_BACKGROUND");

        Batch.Outcome run = batch.run(tmp, claude.toString(), "--json", "-j", "4");
        String runId = run.runId();
        // Counted at once: leftovers must be gone when run returns, not a moment later.
        ProcCount.assertNoneLeft(runId + "/", Duration.ZERO);
        System.out.println("oneBatchOfOutcomes: " + run.millis() + " ms\n" + run.printed());

        assertThat(run.exitCode()).as(run.printed()).isEqualTo(1);

        JsonNode write = run.task("write");
        assertThat(write.path("status").asText()).as(run.printed()).isEqualTo("completed");
        assertThat(tmp.resolve("project/made.txt")).hasContent("written by the fake Messages API");
        assertThat(write.path("cost_usd").asDouble()).isPositive();
        assertThat(write.path("turns").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(write.path("tokens").path("input").asLong()).isPositive();
        assertThat(write.path("tokens").path("output").asLong()).isPositive();
        assertThat(write.path("session_id").asText("")).isNotBlank();
        assertThat(write.path("result").asText()).isEqualTo("done");
        assertThat(lastLine(run.output("write"))).contains("\"type\":\"result\"");

        JsonNode budget = run.task("budget");
        assertThat(budget.path("status").asText()).as(run.printed()).isEqualTo("failed");
        assertThat(budget.path("reason").asText()).startsWith("error_max_budget_usd");
        assertThat(budget.path("cost_usd").asDouble()).isGreaterThan(1.0);

        JsonNode overloaded = run.task("overloaded");
        assertThat(overloaded.path("status").asText()).as(run.printed()).isEqualTo("failed");
        // The CLI reports an API error as subtype "success" with is_error: the reason must not say "success".
        assertThat(overloaded.path("reason").asText())
                .startsWith("api_error: API Error: 529")
                .contains("(HTTP 529)");

        JsonNode background = run.task("background");
        assertThat(background.path("status").asText()).as(run.printed()).isEqualTo("completed");

        JsonNode totals = run.json().path("totals");
        assertThat(totals.path("completed").asInt()).isEqualTo(2);
        assertThat(totals.path("failed").asInt()).isEqualTo(2);
    }

    @Test
    void hangingToolIsTimedOutAndLeavesNothing() throws Exception {
        Path claude = ClaudeEnv.binary();
        Batch batch = batch();
        batch.task("hang", "SCENARIO_HANG_BASH");

        Batch.Outcome run;
        try (ProcSampler sampler = ProcSampler.start(tmp.resolve("state"), claude)) {
            run = batch.run(tmp, claude.toString(), "--no-tui", "--timeout", "5s", "--grace", "1s");
            ProcCount.assertNoneLeft(run.runId() + "/", Duration.ZERO);
            // The timeout must have caught the tool itself, not a claude still starting.
            assertThat(sampler.commandLines())
                    .as("processes seen during the run")
                    .anySatisfy(c -> assertThat(c).contains("sleep 300"));
        }
        System.out.println("hangingToolIsTimedOutAndLeavesNothing: " + run.millis() + " ms\n" + run.printed());

        assertThat(run.exitCode()).as(run.printed()).isEqualTo(1);
        assertThat(run.millis()).as("timeout 5s + grace 1s, then done").isLessThan(20_000);
        // Headless, without --json: header, progress lines and the summary on stdout.
        assertThat(run.out())
                .as(run.printed())
                .contains("claude-multi run " + run.runId() + ": 1 task, parallel 4")
                .containsPattern("\\d\\d:\\d\\d:\\d\\d ▶ hang started \\(pid \\d+\\)")
                .containsPattern("hang timed_out: timed out after 5s")
                .containsPattern("(?m)^\\S+ hang +timed_out +\\S+ +\\S+ +1 turn +timed out after 5s$");
        assertThat(run.err()).as(run.printed()).isEmpty();
        String session = Files.readString(run.runDir().resolve("sessions/hang/session.json"));
        assertThat(Batch.JSON.readTree(session).path("state").asText())
                .as(session)
                .isEqualTo("timed_out");
    }

    @Test
    void neverMoreThanParallelClaudeProcesses() throws Exception {
        Path claude = ClaudeEnv.binary();
        Batch batch = batch();
        for (int i = 1; i <= 6; i++) {
            batch.task("t" + i, "SCENARIO_BASH sh -c 'sleep 2'");
        }

        Batch.Outcome run;
        int max;
        int samples;
        try (ProcSampler sampler = ProcSampler.start(tmp.resolve("state"), claude)) {
            run = batch.run(tmp, claude.toString(), "--json", "-j", "2");
            max = sampler.maxClaude();
            samples = sampler.samples();
        }
        System.out.println("neverMoreThanParallelClaudeProcesses: " + run.millis() + " ms, " + samples
                + " samples, at most " + max + " claude at once\n" + run.err());

        assertThat(run.exitCode()).as(run.printed()).isZero();
        assertThat(run.json().path("tasks"))
                .hasSize(6)
                .allSatisfy(t -> assertThat(t.path("status").asText()).isEqualTo("completed"));
        assertThat(samples).as("samples taken").isGreaterThan(20);
        assertThat(max).as("most claude processes of the run alive at once").isEqualTo(2);
        ProcCount.assertNoneLeft(run.runId() + "/", Duration.ZERO);
    }

    @Test
    void missingClaudeIsBadInputAndCreatesNoRun() {
        Batch batch = batch();
        batch.task("a", "SCENARIO_TEXT");
        Batch.Outcome run = batch.run(tmp, "/nonexistent/claude", "--json");

        assertThat(run.exitCode()).as(run.printed()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList())
                .as(run.printed())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("claude-multi: ")
                .contains("/nonexistent/claude");
        assertThat(tmp.resolve("state")).doesNotExist();
        assertThat(tmp.resolve("project")).isEmptyDirectory();
    }

    @Test
    void badTaskFileIsBadInputAndWritesNothing() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Path tasks =
                Files.writeString(tmp.resolve("tasks.json"), "{\"tasks\": [\n  {\"id\": \"a\", \"prompt\": }\n]}\n");
        Batch.Outcome run = Batch.execute(
                tmp.resolve("state"),
                project,
                "run",
                tasks.toString(),
                "--state-dir",
                tmp.resolve("state").toString(),
                "--claude",
                "/bin/true");

        assertThat(run.exitCode()).as(run.printed()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .as(run.printed())
                .startsWith("claude-multi: " + tasks + ":2:")
                .doesNotContain("Exception");
        assertThat(tmp.resolve("state")).doesNotExist();
        assertThat(project).isEmptyDirectory();
    }

    private static String lastLine(Path file) {
        try {
            var lines = Files.readAllLines(file);
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
