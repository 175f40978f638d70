package dev.claudemulti.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudemulti.testing.ClaudeEnv;
import dev.claudemulti.testing.FakeMessagesApi;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, the batch budget, with the real claude CLI against {@link FakeMessagesApi}: sessions
 * of {@link FakeMessagesApi#SCENARIO_BUDGET} spend $1.40 a response (200k input and 100k output
 * tokens at claude's sonnet prices) and go on past their own $2 budget. With {@code --max-cost 5},
 * one at a time, the run spends at most the cap plus one response (what one session can spend
 * between two usage lines), and the sessions that could not start are {@code skipped} with the
 * budget as their reason.
 */
class BatchBudgetEndToEndTest {
    static final double PER_RESPONSE = 1.40;
    static final double CAP = 5.0;

    @TempDir
    Path tmp;

    @Test
    void runSpendsAtMostTheCapPlusOneResponseAndSkipsTheRest() throws Exception {
        Path claude = ClaudeEnv.binary();
        try (FakeMessagesApi api = FakeMessagesApi.start()) {
            Batch batch = new Batch(ClaudeEnv.offline(api, tmp));
            List<String> ids = List.of("spend1", "spend2", "spend3", "spend4");
            for (String id : ids) {
                batch.task(id, FakeMessagesApi.SCENARIO_BUDGET + " " + id).put("budget", 2);
            }
            Batch.Outcome run = batch.run(
                    tmp,
                    claude.toString(),
                    "--json",
                    "-j",
                    "1",
                    "--model",
                    "sonnet",
                    "--max-cost",
                    "5",
                    "--grace",
                    "2s",
                    "--retry-delay",
                    "1s");
            ProcCount.assertNoneLeft(run.runId() + "/", Duration.ZERO);
            int responses = api.messageRequestCount();
            System.out.println(
                    "runSpendsAtMostTheCap: " + run.millis() + " ms, " + responses + " responses\n" + run.printed());

            assertThat(run.exitCode()).as(run.printed()).isEqualTo(1);
            double total = run.json().path("totals").path("cost_usd").asDouble();
            assertThat(total).as(run.printed()).isPositive().isLessThanOrEqualTo(CAP + PER_RESPONSE + 1e-6);
            // What the API billed, counted at its end: never more responses than the cap plus one pays for.
            assertThat(responses * PER_RESPONSE).as(run.printed()).isLessThanOrEqualTo(CAP + PER_RESPONSE + 1e-6);

            long skipped = 0;
            for (String id : ids) {
                JsonNode t = run.task(id);
                if (t.path("status").asText().equals("skipped")) {
                    skipped++;
                    assertThat(t.path("reason").asText())
                            .as(run.printed())
                            .matches("budget: \\$\\d+\\.\\d\\d of \\$5\\.00 spent");
                    assertThat(api.requests())
                            .as("%s never started", id)
                            .noneSatisfy(r -> assertThat(r.body()).contains(id));
                } else {
                    assertThat(t.path("status").asText()).as(run.printed()).isNotEqualTo("completed");
                }
            }
            assertThat(skipped)
                    .as("the sessions the budget left no room for: " + run.printed())
                    .isGreaterThanOrEqualTo(2);
            assertThat(run.task("spend4").path("status").asText())
                    .as(run.printed())
                    .isEqualTo("skipped");
            assertThat(run.json().path("totals").path("skipped").asInt()).isEqualTo((int) skipped);
        }
    }
}
