package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of a check's rounds and the fix prompt, without processes. */
class CheckRoundsTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Task TASK = Task.builder()
            .id("t")
            .prompt("p")
            .check("npm test")
            .fixAttempts(2)
            .timeout(Duration.ofMinutes(10))
            .build();

    @TempDir
    Path tmp;

    @Test
    void roundsCountTheCheckRunsAndACheckCutOffRunsAgainAsTheSameRound() {
        assertThat(CheckRounds.starting(TASK, null)).isEqualTo(new CheckOutcome("npm test", null, false, 1, 3));
        assertThat(CheckRounds.starting(TASK, new CheckOutcome("npm test", 1, false, 1, 3))
                        .rounds())
                .isEqualTo(2);
        assertThat(CheckRounds.starting(TASK, new CheckOutcome("npm test", null, false, 2, 3))
                        .rounds())
                .as("the orchestrator died during round 2: its result is unknown")
                .isEqualTo(2);
        assertThat(CheckRounds.starting(
                                Task.builder().id("u").prompt("p").check("true").build(), null)
                        .maxRounds())
                .as("fixAttempts defaults to 0")
                .isEqualTo(1);
        assertThat(CheckRounds.fixLeft(new CheckOutcome("npm test", 1, false, 2, 3)))
                .isTrue();
        assertThat(CheckRounds.fixLeft(new CheckOutcome("npm test", 1, false, 3, 3)))
                .isFalse();
    }

    @Test
    void reasonsNameTheCommandAndHowItEnded() {
        CheckOutcome running = CheckRounds.starting(TASK, null);
        assertThat(CheckRounds.reason(CheckRounds.ended(running, new CheckRun.Result(2, false, null)), TASK, null))
                .isEqualTo("check failed: npm test exit 2");
        assertThat(CheckRounds.reason(CheckRounds.ended(running, new CheckRun.Result(143, true, null)), TASK, null))
                .isEqualTo("check failed: npm test timed out after 10m");
    }

    @Test
    void aFixRoundContinuesTheConversationWithThePromptThatQuotesTheCheck() {
        CheckOutcome failed = new CheckOutcome("npm test", 1, false, 1, 3);
        String prompt = CheckRounds.fixPrompt(failed, List.of("FAIL src/a.test.ts", "1 failed"));
        assertThat(prompt)
                .contains("npm test")
                .contains("exited with code 1")
                .contains("FAIL src/a.test.ts\n1 failed\n")
                .contains("fix round 1 of 2");
        SessionView ended = SessionView.started("t", 1, 42L, NOW, "sonnet")
                .withSessionId("conv-1")
                .withState(SessionState.FAILED, "check failed: npm test exit 1")
                .withCheck(failed);
        SessionView next = CheckRounds.fixAttempt(ended, TASK, prompt, NOW);
        assertThat(next.state()).isEqualTo(SessionState.QUEUED);
        assertThat(next.attempt()).isEqualTo(2);
        assertThat(next.sessionId()).isEqualTo("conv-1");
        assertThat(next.check()).isEqualTo(failed);
        assertThat(next.retry()).isEqualTo(new SessionView.PendingRetry(NOW, 3, "check failed", prompt));
        assertThat(new RetryPlanner(RunPolicy.defaults(), new java.util.Random(1))
                        .planFor(next)
                        .resume())
                .isTrue();
    }

    @Test
    void aResumeOfASessionCutOffDuringItsCheckContinuesItsConversationAndRunsThatRoundAgain() {
        // The journal's last word: running its check (round 2), the agent's figures kept; the owner died.
        SessionView checking = SessionView.started("t", 2, 42L, NOW, "sonnet")
                .withSessionId("conv-1")
                .withExitCode(0)
                .withFigures(1, 0.02, null, null, null)
                .withActivity(CheckRounds.activity("npm test"))
                .withCheck(new CheckOutcome("npm test", null, false, 2, 3))
                .withState(SessionState.LOST, "its orchestrator died");
        RunSnapshot before = new RunSnapshot("r", null, "sonnet", 1, false, NOW, null, List.of(checking), 0);
        ResumePlan plan = ResumePlan.of(before, List.of(TASK), id -> 2, null, false, NOW);
        SessionView next = plan.views().get("t");
        assertThat(next.state()).isEqualTo(SessionState.QUEUED);
        assertThat(next.attempt()).isEqualTo(3);
        assertThat(next.sessionId()).as("the same conversation").isEqualTo("conv-1");
        assertThat(next.retry().prompt()).as("the agent's continuation prompt").isNull();
        assertThat(CheckRounds.starting(TASK, next.check()).rounds())
                .as("the round cut off runs again: fixAttempts is not used up by a crash")
                .isEqualTo(2);
        assertThat(plan.earlierAttemptsCostUsd())
                .as("the cut-off attempt's cost was kept")
                .isEqualTo(0.02);
    }

    @Test
    void theTailIsTheLastHundredLinesReadFromTheEnd() throws Exception {
        Path log = tmp.resolve("check.log");
        Files.writeString(
                log,
                IntStream.rangeClosed(1, 250).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));
        List<String> tail = CheckRounds.tail(log, 100);
        assertThat(tail).hasSize(100).startsWith("line 151").endsWith("line 250");
        // A log far bigger than what is read: only its end is read, and a line cut at the start is dropped.
        Files.writeString(log, "x".repeat(1_000_000) + "\nlast\n");
        assertThat(CheckRounds.tail(log, 100)).containsExactly("last");
        assertThat(CheckRounds.tail(tmp.resolve("missing.log"), 100)).isEmpty();
    }
}
