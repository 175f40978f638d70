package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several live runs at once (each start makes one): status shows them all; a task id live in two is ambiguous. */
class LiveRunsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void twoStartsOfOneTaskId() throws Exception {
        CliHarness cli = new CliHarness(dir);
        String ended = cli.batch("[{\"id\":\"old\",\"prompt\":\"hello\"}]");
        CliHarness.Result firstStart = cli.run("start", "dup", "sleep one");
        String first = firstStart.out().strip();
        CliHarness.Result secondStart = cli.run("start", "dup", "sleep two");
        String second = secondStart.out().strip();
        String other = cli.run("start", "solo", "sleep three").out().strip();
        try {
            awaitRunning(cli, first, "dup");
            awaitRunning(cli, second, "dup");
            awaitRunning(cli, other, "solo");

            CliHarness.Result status = cli.run("status");
            assertThat(status.code()).isZero();
            // Every live run, oldest first, then the latest run that has ended.
            assertThat(status.out())
                    .containsSubsequence(
                            "run " + first + " (running)",
                            "run " + second + " (running)",
                            "run " + other + " (running)",
                            "run " + ended + " (finished)");

            for (String command : new String[] {"stop", "kill", "result", "output"}) {
                CliHarness.Result r = cli.run(command, "dup");
                assertThat(r.code()).as(command).isEqualTo(2);
                assertThat(r.err().strip())
                        .as(command)
                        .isEqualTo("claude-multi: task 'dup' is live in 2 runs: " + first + ", " + second
                                + "; name one with --run RUN");
            }
            assertThat(cli.run("stop", "solo").out().strip()).isEqualTo("solo stopped");

            // start's hints name their run, so they work while the id is ambiguous.
            assertThat(secondStart.err().strip())
                    .isEqualTo("started dup in the background: run " + second
                            + " (claude-multi status; claude-multi output dup -f --run " + second
                            + "; claude-multi stop dup --run "
                            + second + ")");
            String stopHint = firstStart.err().strip().replaceAll(".*; claude-multi (stop [^)]*)\\)$", "$1");
            CliHarness.Result one = cli.run(stopHint.split(" "));
            assertThat(one.code()).as(one.err()).isZero();
            assertThat(one.out().strip()).isEqualTo("dup stopped");

            // Only one left live: no longer ambiguous, and stop-all says which run each session was in.
            CliHarness.Result all = cli.run("stop-all");
            assertThat(all.code()).as(all.err()).isZero();
            assertThat(all.out().strip()).isEqualTo("dup stopped (run " + second + ")");
        } finally {
            cli.run("stop-all");
            for (String run : new String[] {first, second, other}) {
                ProcCount.assertNoneLeft(run + "/", Duration.ofSeconds(10));
                cli.awaitOrchestratorGone(run);
            }
        }
    }

    @Test
    void outputOfAQueuedTaskHintsAtFollowingItInItsOwnRun() throws Exception {
        CliHarness cli = new CliHarness(dir);
        String run = cli.run(
                        "run",
                        "[{\"id\":\"busy\",\"prompt\":\"sleep\"},{\"id\":\"later\",\"prompt\":\"hello\"}]",
                        "--detach",
                        "-j",
                        "1")
                .out()
                .strip();
        try {
            awaitRunning(cli, run, "busy");
            // The same id live in another run: a hint without --run would be refused as ambiguous.
            String other = cli.run("start", "later", "sleep too").out().strip();
            awaitRunning(cli, other, "later");
            CliHarness.Result r = cli.run("output", "later", "--run", run);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip())
                    .isEqualTo(
                            "claude-multi: task 'later' has no output yet (queued); claude-multi output later -f --run "
                                    + run + " waits for it");
            cli.run("stop-all");
            // Stopped before it started: nothing to wait for, and no hint that says to.
            CliHarness.Result never = cli.run("output", "later", "--run", run);
            assertThat(never.code()).isEqualTo(2);
            assertThat(never.err().strip())
                    .isEqualTo("claude-multi: task 'later' has no output: it ended (stopped) without writing any");
            ProcCount.assertNoneLeft(other + "/", Duration.ofSeconds(10));
            cli.awaitOrchestratorGone(other);
        } finally {
            cli.run("stop-all");
            ProcCount.assertNoneLeft(run + "/", Duration.ofSeconds(10));
            cli.awaitOrchestratorGone(run);
        }
    }

    private static void awaitRunning(CliHarness cli, String runId, String task) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode t : JSON.readTree(
                            cli.run("status", "--json", "--run", runId).out())
                    .path("tasks")) {
                if (t.path("id").asText().equals(task)
                        && t.path("status").asText().equals("running")) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(task + " of run " + runId + " never ran");
    }
}
