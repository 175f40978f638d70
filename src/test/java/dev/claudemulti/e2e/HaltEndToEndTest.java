package dev.claudemulti.e2e;

import static dev.claudemulti.testing.FakeMessagesApi.bash;
import static dev.claudemulti.testing.FakeMessagesApi.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudemulti.testing.ClaudeEnv;
import dev.claudemulti.testing.FakeMessagesApi;
import dev.claudemulti.testing.FakeMessagesApi.Scenario;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, {@code --halt now,fail=1}, with the real claude CLI against {@link FakeMessagesApi}:
 * two sessions hang in a tool, a third fails (a 401 after a short tool run, so the others' tools
 * are running by then), two more wait in the queue. The failure stops the hanging sessions (their
 * trees included) long before their timeout, the queued ones never start and end {@code skipped}
 * with the reason, the run exits 1, and no process is left.
 */
class HaltEndToEndTest {
    static final String FAILS_LATE = "FAILS_AFTER_A_TOOL";

    @TempDir
    Path tmp;

    @Test
    void oneFailureStopsTheRunningSessionsAndSkipsTheQueuedOnes() throws Exception {
        Path claude = ClaudeEnv.binary();
        try (FakeMessagesApi api = FakeMessagesApi.start()) {
            api.scenario(FAILS_LATE, Scenario.of(bash("sh -c 'sleep 3'"), failure(401, "authentication_error")));
            Batch batch = new Batch(ClaudeEnv.offline(api, tmp));
            batch.task("hang1", FakeMessagesApi.SCENARIO_HANG_BASH);
            batch.task("hang2", FakeMessagesApi.SCENARIO_HANG_BASH);
            batch.task("fails", FAILS_LATE);
            batch.task("queued1", FakeMessagesApi.SCENARIO_TEXT + " queued1");
            batch.task("queued2", FakeMessagesApi.SCENARIO_TEXT + " queued2");

            Batch.Outcome run;
            try (ProcSampler sampler = ProcSampler.start(tmp.resolve("state"), claude)) {
                run = batch.run(
                        tmp,
                        claude.toString(),
                        "--json",
                        "-j",
                        "3",
                        "--halt",
                        "now,fail=1",
                        "--timeout",
                        "120s",
                        "--grace",
                        "1s");
                ProcCount.assertNoneLeft(run.runId() + "/", Duration.ZERO);
                assertThat(sampler.commandLines())
                        .as("the hanging tools ran before the halt")
                        .anySatisfy(c -> assertThat(c).contains("sleep 300"));
            }
            System.out.println("oneFailureStopsTheRunningSessions: " + run.millis() + " ms\n" + run.printed());

            assertThat(run.exitCode()).as(run.printed()).isEqualTo(1);
            assertThat(run.millis()).as("halted, not timed out").isLessThan(60_000);
            assertThat(run.task("fails").path("status").asText())
                    .as(run.printed())
                    .isEqualTo("failed");
            for (String id : List.of("hang1", "hang2")) {
                JsonNode t = run.task(id);
                assertThat(t.path("status").asText()).as(run.printed()).isEqualTo("stopped");
                assertThat(t.path("reason").asText()).as(run.printed()).contains("halted: 1 failure");
            }
            for (String id : List.of("queued1", "queued2")) {
                JsonNode t = run.task(id);
                assertThat(t.path("status").asText()).as(run.printed()).isEqualTo("skipped");
                assertThat(t.path("reason").asText()).as(run.printed()).isEqualTo("halted: 1 failure");
            }
            assertThat(run.json().path("totals").path("skipped").asInt())
                    .as(run.printed())
                    .isEqualTo(2);
            assertThat(api.requests())
                    .as("the queued sessions never started")
                    .noneSatisfy(r -> assertThat(r.body()).contains("queued1"))
                    .noneSatisfy(r -> assertThat(r.body()).contains("queued2"));

            Batch.Outcome junit = Batch.execute(
                    tmp.resolve("state"),
                    tmp.resolve("project"),
                    "report",
                    "-o",
                    "-",
                    "--format",
                    "xml",
                    "--state-dir",
                    tmp.resolve("state").toString());
            assertThat(junit.out())
                    .as(junit.printed())
                    .contains("skipped=\"2\"")
                    .contains("<skipped");
        }
    }
}
