package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.store.Secrets;
import dev.claudemulti.task.Task;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which tasks a resume runs again and as which attempt, from a recorded snapshot alone: no files, no processes. */
class ResumePlanTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

    private static SessionView ended(String id, int attempt, SessionState state, Double cost) {
        return SessionView.started(id, attempt, 1L, T0, "sonnet")
                .withState(state, null)
                .withFigures(1, cost, null, null, null);
    }

    private static RunSnapshot snapshot(double earlierCost, SessionView... views) {
        return new RunSnapshot("r", null, "sonnet", 2, false, T0, null, List.of(views), earlierCost);
    }

    private static List<Task> tasks(String... ids) {
        return Arrays.stream(ids).map(id -> Task.of(id, "p")).toList();
    }

    @Test
    void completedAreKeptUnfinishedAndLostRunAgainAboveEveryAttemptOnDisk() {
        RunSnapshot before = snapshot(
                0,
                ended("done", 1, SessionState.COMPLETED, 0.5),
                ended("failed", 1, SessionState.FAILED, 0.25),
                SessionView.started("running", 2, 7L, T0, "opus"),
                ended("lost", 1, SessionState.LOST, null),
                SessionView.queued("queued", 1, null));
        Map<String, Integer> onDisk = Map.of("done", 1, "failed", 1, "running", 3, "lost", 1);
        ResumePlan plan = ResumePlan.of(
                before,
                tasks("done", "failed", "running", "lost", "queued", "new"),
                id -> onDisk.getOrDefault(id, 0),
                null,
                false,
                NOW);

        assertThat(plan.views().get("done").state()).isEqualTo(SessionState.COMPLETED);
        assertThat(plan.views().get("failed").state())
                .as("kept without resumeFailed")
                .isEqualTo(SessionState.FAILED);
        assertThat(plan.views().get("running").state()).isEqualTo(SessionState.QUEUED);
        assertThat(plan.views().get("running").attempt())
                .as("above attempt-3 on disk")
                .isEqualTo(4);
        assertThat(plan.views().get("running").model()).isEqualTo("opus");
        assertThat(plan.views().get("lost").attempt()).isEqualTo(2);
        assertThat(plan.views().get("queued").attempt())
                .as("never launched: its number is free")
                .isEqualTo(1);
        assertThat(plan.views()).doesNotContainKey("new");
        assertThat(plan.kept()).isEqualTo(2);
        assertThat(plan.toRun()).isEqualTo(4);
        assertThat(plan.started()).as("run.json gave no start").isEqualTo(NOW);
        assertThat(plan.at()).isEqualTo(NOW);
    }

    @Test
    void resumeFailedRerunsEndedSessionsAndCountsWhatTheReplacedAttemptsSpent() {
        RunSnapshot before = snapshot(
                1.0,
                ended("done", 1, SessionState.COMPLETED, 0.5),
                ended("failed", 2, SessionState.FAILED, 0.25),
                ended("killed", 1, SessionState.KILLED, null));
        ResumePlan plan = ResumePlan.of(before, tasks("done", "failed", "killed"), id -> 1, T0, true, NOW);

        assertThat(plan.views().get("done").attempt()).isEqualTo(1);
        assertThat(plan.views().get("failed").attempt()).isEqualTo(3);
        assertThat(plan.views().get("killed").attempt()).isEqualTo(2);
        assertThat(plan.earlierAttemptsCostUsd()).isEqualTo(1.25);
        assertThat(plan.started()).isEqualTo(T0);
    }

    @Test
    void secretsComeBackFromTheEnvironmentAndMissingOnesAreNamedNotThrown() {
        Task withSecrets = Task.builder()
                .id("a")
                .prompt("p")
                .env(Map.of("API_TOKEN", Secrets.REDACTED, "DB_PASSWORD", Secrets.REDACTED, "PLAIN", "x"))
                .build();
        ResumePlan plan = ResumePlan.of(snapshot(0), List.of(withSecrets, Task.of("b", "p")), id -> 0, T0, false, NOW);

        ResumePlan.SecretsRestored restored = plan.restoreSecrets(Map.of("API_TOKEN", "tok-123456"));
        assertThat(restored.missing()).containsExactly("DB_PASSWORD");
        assertThat(restored.tasks().get(0).env())
                .containsEntry("API_TOKEN", "tok-123456")
                .containsEntry("PLAIN", "x");

        ResumePlan.SecretsRestored complete = plan.restoreSecrets(Map.of("API_TOKEN", "t1", "DB_PASSWORD", "p1"));
        assertThat(complete.missing()).isEmpty();
        assertThat(complete.tasks().get(0).env()).containsEntry("DB_PASSWORD", "p1");
        assertThat(complete.tasks().get(1).env()).isNull();
    }

    @Test
    void restoringSecretsKeepsEveryOtherFieldOfTheTask() {
        Task isolated = Task.builder()
                .id("a")
                .prompt("p")
                .model("opus")
                .isolation("worktree")
                .base("v1.2")
                .setup("npm ci")
                .env(Map.of("API_TOKEN", Secrets.REDACTED))
                .build();
        ResumePlan plan = ResumePlan.of(snapshot(0), List.of(isolated), id -> 0, T0, false, NOW);
        Task restored = plan.restoreSecrets(Map.of("API_TOKEN", "t1")).tasks().get(0);
        assertThat(restored)
                .isEqualTo(isolated.toBuilder().env(Map.of("API_TOKEN", "t1")).build());
    }

    @Test
    void skippedSessionsRunOnResumeUnderTheAttemptNumberTheyNeverUsed() {
        SessionView skipped =
                SessionView.queued("late", 1, "sonnet").withState(SessionState.SKIPPED, "halted: 1 failure");
        RunSnapshot before = snapshot(0, skipped, ended("done", 1, SessionState.COMPLETED, 0.1));
        ResumePlan plan = ResumePlan.of(before, tasks("late", "done"), id -> 0, null, false, NOW);

        assertThat(plan.views().get("late").state()).isEqualTo(SessionState.QUEUED);
        assertThat(plan.views().get("late").attempt()).isEqualTo(1);
        assertThat(plan.toRun()).isEqualTo(1);
    }

    @Test
    void aFailureWhoseRetryTheJournalLostIsRetriedWithoutResumeFailed() {
        SessionView.PendingRetry planned = new SessionView.PendingRetry(T0.plusSeconds(15), 3, "HTTP 529");
        RunSnapshot before = snapshot(
                0,
                ended("torn", 1, SessionState.FAILED, 0.25)
                        .withSessionId("conv-9")
                        .withRetry(planned),
                ended("final", 1, SessionState.FAILED, 0.5).withSessionId("conv-8"));
        ResumePlan plan = ResumePlan.of(before, tasks("torn", "final"), id -> 1, null, false, NOW);

        SessionView torn = plan.views().get("torn");
        assertThat(torn.state()).isEqualTo(SessionState.QUEUED);
        assertThat(torn.attempt()).isEqualTo(2);
        assertThat(torn.sessionId()).isEqualTo("conv-9");
        assertThat(torn.retry()).isEqualTo(planned);
        assertThat(plan.views().get("final").state())
                .as("a failure with no planned retry stays final")
                .isEqualTo(SessionState.FAILED);
        assertThat(plan.earlierAttemptsCostUsd()).isEqualTo(0.25);
    }

    @Test
    void aLostSessionWithAConversationContinuesItInItsWorktreeUnlessRetriesStartFresh() {
        var ws = new dev.claudemulti.workspace.SessionWorkspace("/repo", "/wt/lost", "b/lost", "abc", null, null);
        RunSnapshot before = snapshot(
                0,
                ended("lost", 1, SessionState.LOST, null)
                        .withSessionId("conv-1")
                        .withWorkspace(ws),
                ended("gone", 1, SessionState.LOST, null),
                ended("failed", 1, SessionState.FAILED, 0.25).withSessionId("conv-2"),
                ended("cut", 1, SessionState.STOPPED, null)
                        .withState(SessionState.STOPPED, "interrupted (SIGINT)")
                        .withSessionId("conv-3"));
        ResumePlan plan = ResumePlan.of(before, tasks("lost", "gone", "failed", "cut"), id -> 1, null, true, NOW);

        SessionView lost = plan.views().get("lost");
        assertThat(lost.attempt()).isEqualTo(2);
        assertThat(lost.sessionId()).isEqualTo("conv-1");
        assertThat(lost.workspace()).isEqualTo(ws);
        assertThat(lost.retry()).isEqualTo(new SessionView.PendingRetry(NOW, 3, RetryPlanner.ORCHESTRATOR_GONE));
        RetryPlanner resuming = new RetryPlanner(RunPolicy.defaults(), new java.util.Random(1));
        assertThat(resuming.planFor(lost)).isEqualTo(dev.claudemulti.agent.AttemptPlan.resuming("conv-1"));
        RunPolicy fresh = new RunPolicy(null, true, null, null, null, true, null);
        assertThat(new RetryPlanner(fresh, new java.util.Random(1)).planFor(lost))
                .satisfies(p -> assertThat(p.resume()).isFalse())
                .satisfies(p -> assertThat(p.sessionId()).isNotEqualTo("conv-1"));

        assertThat(plan.views().get("gone").sessionId())
                .as("no conversation to continue")
                .isNull();
        assertThat(resuming.planFor(plan.views().get("gone")).resume()).isFalse();
        assertThat(plan.views().get("failed").retry())
                .as("a failed session rerun with resumeFailed starts over")
                .isNull();
        assertThat(resuming.planFor(plan.views().get("failed")).resume()).isFalse();
        assertThat(resuming.planFor(plan.views().get("cut")))
                .as("a session a signal stopped while it ran continues, as a lost one")
                .isEqualTo(dev.claudemulti.agent.AttemptPlan.resuming("conv-3"));
    }

    @Test
    void skippedSessionsRunAgainAsTheSameAttemptAndTheirFailedDependencyOnlyWithResumeFailed() {
        SessionView skippedByDependency =
                SessionView.queued("d", 1, "sonnet").withState(SessionState.SKIPPED, "dependency b failed");
        SessionView skippedByHalt =
                SessionView.queued("h", 1, "sonnet").withState(SessionState.SKIPPED, "halted: 1 failure");
        RunSnapshot before = snapshot(0, ended("b", 1, SessionState.FAILED, 0.25), skippedByDependency, skippedByHalt);
        ResumePlan plain = ResumePlan.of(before, tasks("b", "d", "h"), id -> id.equals("b") ? 1 : 0, null, false, NOW);
        assertThat(plain.views().get("b").state())
                .as("kept failed: its dependant is skipped again")
                .isEqualTo(SessionState.FAILED);
        assertThat(plain.views().get("d").state()).isEqualTo(SessionState.QUEUED);
        assertThat(plain.views().get("h").state()).isEqualTo(SessionState.QUEUED);

        ResumePlan plan = ResumePlan.of(before, tasks("b", "d", "h"), id -> id.equals("b") ? 1 : 0, null, true, NOW);
        assertThat(plan.views().get("b").state()).isEqualTo(SessionState.QUEUED);
        assertThat(plan.views().get("d").state()).isEqualTo(SessionState.QUEUED);
        assertThat(plan.views().get("d").attempt()).as("it never started").isEqualTo(1);
        assertThat(plan.views().get("h").attempt()).isEqualTo(1);
    }
}
