package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.agent.AttemptPlan;
import dev.claudemulti.task.Task;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The rules of a follow-up ({@code continue}): what may be followed up, and that it always continues its conversation. */
class FollowUpTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static SessionView ended(SessionState state, String sessionId) {
        return SessionView.started("a", 1, 1L, T0, "sonnet")
                .withState(state, null)
                .withFigures(1, 0.5, null, sessionId, null);
    }

    @Test
    void onlyAnEndedSessionWithAConversationCanBeFollowedUp() {
        assertThat(FollowUp.refusal(ended(SessionState.COMPLETED, "s-1"))).isNull();
        assertThat(FollowUp.refusal(ended(SessionState.FAILED, "s-1"))).isNull();
        assertThat(FollowUp.refusal(
                        SessionView.started("a", 1, 1L, T0, "sonnet").withSessionId("s-1")))
                .isEqualTo("task 'a' is running; stop it first: " + Hints.stop("a"));
        assertThat(FollowUp.refusal(ended(SessionState.SKIPPED, null)))
                .startsWith("task 'a' has no session id (it never started)");
    }

    @Test
    void aFollowUpContinuesItsConversationWithItsOwnPromptEvenUnderRetryFresh() {
        RunPolicy fresh = new RunPolicy(null, true, null, null, null, true, null);
        RetryPlanner planner = new RetryPlanner(fresh, new Random(1));
        SessionView followUp = SessionView.queued("a", 2, "sonnet")
                .withSessionId("s-1")
                .withRetry(new SessionView.PendingRetry(T0, 4, FollowUp.CAUSE, "now add tests"));
        AttemptPlan plan = planner.planFor(followUp);
        assertThat(plan.resume()).isTrue();
        assertThat(plan.sessionId()).isEqualTo("s-1");
        assertThat(RetryPlanner.followUpPrompt(followUp)).isEqualTo("now add tests");

        SessionView retry = followUp.withRetry(new SessionView.PendingRetry(T0, 4, "HTTP 529"));
        assertThat(planner.planFor(retry).resume()).isFalse();
        assertThat(RetryPlanner.followUpPrompt(retry)).isNull();
    }

    @Test
    void aResumeKeepsAQueuedFollowUpWithItsPromptConversationAndNumber() {
        SessionView followUp = SessionView.queued("a", 2, "sonnet")
                .withSessionId("s-1")
                .withRetry(new SessionView.PendingRetry(T0, 4, FollowUp.CAUSE, "now add tests"));
        SessionView b = SessionView.started("b", 1, 2L, T0, "sonnet").withState(SessionState.COMPLETED, null);
        RunSnapshot before = new RunSnapshot("r", null, "sonnet", 2, false, T0, null, List.of(followUp, b), 0);
        ResumePlan plan = ResumePlan.of(
                before, List.of(Task.of("a", "p"), Task.of("b", "p")), id -> 1, T0, false, T0.plusSeconds(5));

        assertThat(plan.views().get("b")).isEqualTo(b);
        assertThat(plan.toRun()).isEqualTo(1);
        SessionView a = plan.views().get("a");
        assertThat(a.attempt()).isEqualTo(2);
        assertThat(a.sessionId()).isEqualTo("s-1");
        assertThat(a.retry().prompt()).isEqualTo("now add tests");
        assertThat(SessionRecords.toView(SessionRecords.toRecord(a, null, 0.5)).retry())
                .isEqualTo(a.retry());
    }
}
