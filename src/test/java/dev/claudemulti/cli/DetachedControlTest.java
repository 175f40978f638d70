package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background runs controlled from other processes: start, status, output -f, stop, kill, stop-all, clean. */
class DetachedControlTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void startThenStatusThenStopEachInItsOwnProcess() throws Exception {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result started = cli.runProcess("start", "slow", "sleep for a while");
        assertThat(started.code()).as(started.err()).isZero();
        String runId = started.out().strip();
        assertThat(runId).matches("\\d{8}-\\d{6}-[0-9a-f]{4}");
        try {
            awaitRunning(cli, runId, "slow");
            // setsid: the orchestrator leads a session of its own, with no terminal to send it SIGHUP.
            long owner = JSON.readTree(cli.state
                            .resolve("runs")
                            .resolve(runId)
                            .resolve("run.json")
                            .toFile())
                    .path("pid")
                    .asLong();
            String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(owner), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            assertThat(Long.parseLong(fields[3])).as("session id").isEqualTo(owner);
            assertThat(Long.parseLong(fields[4])).as("controlling terminal").isZero();
            CliHarness.Result status = cli.runProcess("status");
            assertThat(status.code()).isZero();
            assertThat(status.out()).contains("(running)").containsPattern("slow\\s+running");

            CliHarness.Result stop = cli.runProcess("stop", "slow");
            assertThat(stop.code()).as(stop.err()).isZero();
            assertThat(stop.out().strip()).isEqualTo("slow stopped");
            assertThat(state(cli, runId, 0)).isEqualTo("stopped");
            assertThat(ProcCount.liveWithPrefix(runId + "/")).isEmpty();
            assertThat(cli.runProcess("stop", "slow").code()).isEqualTo(1);
        } finally {
            cli.run("stop-all", "--run", runId);
            ProcCount.assertNoneLeft(runId + "/", Duration.ofSeconds(10));
            cli.awaitOrchestratorGone(runId);
        }
    }

    @Test
    void killStopAllAndFollowOnADetachedBatch() throws Exception {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result started = cli.run(
                "run",
                "--detach",
                "[{\"id\":\"k\",\"prompt\":\"sleep 1\"},"
                        + "{\"id\":\"s\",\"prompt\":\"sleep 2\"},{\"id\":\"q\",\"prompt\":\"hello\"}]",
                "-j",
                "2");
        assertThat(started.code()).as(started.err()).isZero();
        String runId = started.out().strip();
        try {
            awaitRunning(cli, runId, "k");
            awaitRunning(cli, runId, "s");
            CompletableFuture<CliHarness.Result> follow =
                    CompletableFuture.supplyAsync(() -> cli.run("output", "s", "-f", "--events"));

            CliHarness.Result clean = cli.run("clean");
            assertThat(clean.out()).contains("kept    " + runId);
            assertThat(cli.state.resolve("runs").resolve(runId)).exists();
            assertThat(cli.run("result", "s").err())
                    .contains("task 's' is still running; see claude-multi output s -f");
            assertThat(cli.run("kill", "nope").code()).isEqualTo(2);

            CliHarness.Result kill = cli.run("kill", "k");
            assertThat(kill.code()).as(kill.err()).isZero();
            assertThat(kill.out().strip()).isEqualTo("k killed");
            // The freed slot starts q, which completes on its own.
            CliHarness.Result stopAll = cli.run("stop-all");
            assertThat(stopAll.code()).as(stopAll.err()).isZero();
            assertThat(stopAll.out()).contains("s stopped");

            CliHarness.Result followed = follow.get(30, TimeUnit.SECONDS);
            assertThat(followed.out()).contains("working on it");
            assertThat(state(cli, runId, 0)).isEqualTo("killed");
            assertThat(state(cli, runId, 1)).isEqualTo("stopped");
            ProcCount.assertNoneLeft(runId + "/", Duration.ofSeconds(10));
            assertThat(cli.run("stop-all").out()).contains("nothing to stop");
        } finally {
            cli.run("stop-all", "--run", runId);
            // The orchestrator writes the run's end after its last session: the temp dir goes after it.
            cli.awaitOrchestratorGone(runId);
        }
    }

    /**
     * The race behind "stop-all exited 1" in killStopAllAndFollowOnADetachedBatch: stop-all reads the
     * run, a session then completes on its own, and only then does the orchestrator act on the
     * request. Replayed deterministically: the run as stop-all saw it is read before q is released.
     */
    @Test
    void stopAllSucceedsWhenASessionEndsOnItsOwnBeforeTheRequestTakesEffect() throws Exception {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result started = cli.run(
                "run",
                "--detach",
                "[{\"id\":\"s\",\"prompt\":\"sleep 1\"}," + "{\"id\":\"q\",\"prompt\":\"until-released\"}]",
                "-j",
                "2");
        assertThat(started.code()).as(started.err()).isZero();
        String runId = started.out().strip();
        try {
            awaitRunning(cli, runId, "s");
            awaitRunning(cli, runId, "q");
            RecordedRun seenByStopAll =
                    RecordedRun.load(StateDir.existing(cli.state).openRun(runId));
            java.nio.file.Files.createFile(dir.resolve("release"));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!state(cli, runId, 1).equals("completed")) {
                assertThat(System.nanoTime()).as("q never completed").isLessThan(deadline);
                Thread.sleep(50);
            }

            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int code;
            try (java.io.PrintStream o = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8)) {
                CliContext ctx =
                        new CliContext(o, o, java.io.InputStream.nullInputStream(), Map.copyOf(cli.env), dir, false);
                code = new SessionControl(ctx).stopAll(seenByStopAll, Duration.ofSeconds(2));
            }
            String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(code).as(printed).isZero();
            assertThat(printed).contains("s stopped").contains("q completed");
            assertThat(state(cli, runId, 0)).isEqualTo("stopped");
            ProcCount.assertNoneLeft(runId + "/", Duration.ofSeconds(10));
        } finally {
            cli.run("stop-all", "--run", runId);
            // The orchestrator writes the run's end after its last session: the temp dir goes after it.
            cli.awaitOrchestratorGone(runId);
        }
    }

    @Test
    void sessionsOfADeadOrchestratorAreLostAndStopStopsThemItself() throws Exception {
        CliHarness cli = new CliHarness(dir);
        String runId = cli.run("start", "orphan", "sleep long").out().strip();
        try {
            awaitRunning(cli, runId, "orphan");
            JsonNode info = JSON.readTree(
                    cli.state.resolve("runs").resolve(runId).resolve("run.json").toFile());
            ProcessHandle owner = ProcessHandle.of(info.path("pid").asLong()).orElseThrow();
            owner.destroyForcibly();
            owner.onExit().get(10, TimeUnit.SECONDS);
            assertThat(ProcCount.liveWithPrefix(runId + "/")).isNotEmpty();

            assertThat(cli.run("status").out())
                    .containsPattern("orphan\\s+lost")
                    .contains("(lost owner)");
            assertThat(cli.run("clean").out()).contains("kept    " + runId).contains("has live session processes");

            CliHarness.Result stop = cli.run("stop", "orphan", "--grace", "1s");
            assertThat(stop.code()).as(stop.err()).isZero();
            assertThat(stop.out().strip()).isEqualTo("orphan stopped");
            assertThat(ProcCount.liveWithPrefix(runId + "/")).isEmpty();
            assertThat(state(cli, runId, 0)).isEqualTo("stopped");

            assertThat(cli.run("clean").out()).contains("removed " + runId);
            assertThat(cli.state.resolve("runs").resolve(runId)).doesNotExist();
        } finally {
            ProcCount.assertNoneLeft(runId + "/", Duration.ofSeconds(10));
        }
    }

    private static String state(CliHarness cli, String runId, int task) throws Exception {
        return JSON.readTree(cli.run("status", "--json", "--run", runId).out())
                .path("tasks")
                .get(task)
                .path("status")
                .asText();
    }

    private static void awaitRunning(CliHarness cli, String runId, String task) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode t : JSON.readTree(
                            cli.run("status", "--json", "--run", runId).out())
                    .path("tasks")) {
                // Running and past the assistant line: a stop now tests a session at work.
                if (t.path("id").asText().equals(task)
                        && t.path("status").asText().equals("running")
                        && t.path("output_bytes").asLong() > 100) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(task + " of run " + runId + " never ran");
    }
}
