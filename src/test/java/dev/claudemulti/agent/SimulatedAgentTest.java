package dev.claudemulti.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.agent.SessionEvent.Init;
import dev.claudemulti.agent.SessionEvent.Result;
import dev.claudemulti.agent.SessionEvent.Unparsed;
import dev.claudemulti.task.Task;
import dev.claudemulti.testing.ClaudeRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedAgentTest {
    @TempDir
    Path tmp;

    private static Task task() {
        return Task.builder()
                .id("t")
                .prompt("p")
                .model("sonnet")
                .budgetUsd(2.5)
                .permissionMode("bypassPermissions")
                .build();
    }

    private ClaudeRun run(String prompt) throws Exception {
        var agent = new SimulatedAgent();
        agent.checkAvailable();
        Path cwd = Files.createDirectories(tmp.resolve("w"));
        return ClaudeRun.run(
                agent.command(task()),
                Map.of(SimulatedAgent.SPEED_VARIABLE, "0.05"),
                cwd,
                prompt,
                Duration.ofSeconds(60));
    }

    @Test
    void commandLine() {
        var agent = new SimulatedAgent("/j/bin/java", "a.jar");
        assertThat(agent.command(task()))
                .containsExactly(
                        "/j/bin/java",
                        "-Xshare:auto",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Xmx32m",
                        "-cp",
                        "a.jar",
                        "dev.claudemulti.agent.SimulatedAgentMain",
                        "--model",
                        "sonnet",
                        "--budget",
                        "2.5");
        assertThat(agent.simulated()).isTrue();
        assertThat(agent.name()).isEqualTo("simulated");
    }

    @Test
    void writesASessionThatEndsInSuccess() throws Exception {
        long start = System.nanoTime();
        ClaudeRun r = run("Refactor src/app/Main.java and update README.md for the parser");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        List<SessionEvent> events = Captured.parse(r.stdout().getBytes(StandardCharsets.UTF_8), 100);
        assertThat(events).noneMatch(e -> e instanceof Unparsed);
        assertThat(events.get(0))
                .isInstanceOfSatisfying(Init.class, i -> assertThat(i.model()).isEqualTo("simulated-sonnet"));
        assertThat(Captured.only(events, SessionEvent.ToolUse.class))
                .isNotEmpty()
                .anySatisfy(u -> assertThat(u.summary()).isIn("src/app/Main.java", "README.md"));
        assertThat(Captured.only(events, SessionEvent.ToolResult.class)).isNotEmpty();

        var progress = new SessionProgress();
        events.forEach(progress::accept);
        Result res = progress.result();
        assertThat(res.subtype()).isEqualTo("success");
        assertThat(res.isError()).isFalse();
        assertThat(res.costUsd()).isPositive().isLessThanOrEqualTo(2.5);
        assertThat(res.numTurns()).isGreaterThanOrEqualTo(3);
        assertThat(res.tokens().input()).isPositive();
        // Per-message usage summed by SessionProgress agrees with the result's usage.
        var partial = new SessionProgress();
        events.stream().filter(e -> !(e instanceof Result)).forEach(partial::accept);
        assertThat(partial.tokens()).isEqualTo(res.tokens());
        assertThat(partial.turns()).isEqualTo(res.numTurns());
    }

    @Test
    void promptWithFailEndsOverBudget() throws Exception {
        ClaudeRun r = run("This task should fail");
        assertThat(r.exitCode()).isEqualTo(1);
        List<SessionEvent> events = Captured.parse(r.stdout().getBytes(StandardCharsets.UTF_8), 4096);
        Result res = (Result) events.get(events.size() - 1);
        assertThat(res.subtype()).isEqualTo("error_max_budget_usd");
        assertThat(res.isError()).isTrue();
        assertThat(res.errors()).containsExactly("Reached maximum budget ($2.5)");
        assertThat(res.costUsd()).isGreaterThan(2.5);
    }
}
