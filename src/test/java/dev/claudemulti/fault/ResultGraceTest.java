package dev.claudemulti.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.fixtures.Fixture;
import dev.claudemulti.fixtures.ResultThenHang;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "a session that hangs after its result": an agent that prints a successful result line
 * and then never exits (a child of its own keeps running too) is stopped once {@code --result-grace}
 * has passed, long before its timeout, and recorded as the result line said: completed, with the
 * result's cost. Nothing of its tree is left.
 */
class ResultGraceTest {
    @TempDir
    Path tmp;

    @Test
    void sessionThatLivesOnAfterItsResultIsStoppedAfterTheGraceAndRecordedCompleted() throws Exception {
        Path agent = wrapper(tmp.resolve("fake-claude"));
        Path state = tmp.resolve("state");
        long t0 = System.nanoTime();
        Faults.CliResult run = Faults.cli(
                tmp,
                "run",
                "[{\"id\": \"lingers\", \"prompt\": \"do it\"}]",
                "--json",
                "--state-dir",
                state.toString(),
                "--claude",
                agent.toString(),
                "--timeout",
                "120s",
                "--grace",
                "1s",
                "--result-grace",
                "2s");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        String printed = "exit " + run.exit() + "\n--- stdout\n" + run.out() + "--- stderr\n" + run.err();
        System.out.println("sessionThatLivesOnAfterItsResult: " + millis + " ms\n" + printed);

        assertThat(run.exit()).as(printed).isZero();
        String runId = Faults.latestRun(state).runId();
        // Counted at once: the tree must be gone when run returns, the child that never ends included.
        ProcCount.assertNoneLeft(runId + "/", Duration.ZERO);

        JsonNode task = new ObjectMapper().readTree(run.out()).path("tasks").path(0);
        assertThat(task.path("status").asText()).as(printed).isEqualTo("completed");
        assertThat(task.path("result").asText()).isEqualTo("done, but still here");
        assertThat(task.path("cost_usd").asDouble()).isEqualTo(0.02);
        assertThat(task.path("attempt").asInt())
                .as("a completed session is never retried")
                .isEqualTo(1);
        // Stopped by the result grace (2 s, then the stop's own grace of 1 s), not by the 120 s timeout.
        assertThat(millis).as(printed).isGreaterThanOrEqualTo(2_000).isLessThan(60_000);
    }

    /** An executable that runs the {@link ResultThenHang} fixture with whatever claude-multi passes. */
    private static Path wrapper(Path file) throws Exception {
        String command = Fixture.command(ResultThenHang.class).stream()
                .map(arg -> "'" + arg.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
        Files.writeString(file, "#!/bin/sh\nexec " + command + " \"$@\"\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
