package dev.claudemulti.engine;

import dev.claudemulti.store.StoreException;
import dev.claudemulti.task.Task;
import java.time.Instant;

/**
 * A follow-up prompt ({@code claude-multi continue}): a new attempt of an ended session that
 * continues its conversation, in its working directory (its worktree, when it has one), with the
 * user's prompt instead of the task's.
 *
 * <p>It is journaled as a queued attempt before any orchestrator takes it: a pending retry that
 * is due at once and carries the prompt ({@link SessionView.PendingRetry#prompt}), with the
 * conversation's cost so far as its cost base. The resume that {@code continue} then runs under
 * the same lock (in its own process with {@code --wait}, else in a background orchestrator) runs
 * exactly that attempt, and a crash in between loses nothing: the next {@code run --resume} runs
 * it. Not guaranteed: that the conversation still exists on the agent's side (the attempt then
 * fails like any other); that a transient failure's retry of the follow-up repeats its prompt
 * (it gets the agent's continuation prompt, as any retry does).
 */
public final class FollowUp {
    /** What the queued attempt shows as its cause ("retrying now (2/3, follow-up)"). */
    public static final String CAUSE = "follow-up";

    private FollowUp() {}

    /**
     * Why {@code ended} (the task's latest recorded view) cannot be followed up, or null if it can:
     * it must have ended and have a conversation to continue.
     */
    public static String refusal(SessionView ended) {
        if (!ended.state().isFinal()) {
            return "task '" + ended.taskId() + "' is " + ended.state().label() + "; stop it first: "
                    + Hints.stop(ended.taskId());
        }
        if (ended.sessionId() == null) {
            return "task '" + ended.taskId() + "' has no session id (it never started), so there is no conversation"
                    + " to continue";
        }
        return null;
    }

    /**
     * Journals the follow-up of {@code task} in {@code recorded} and returns its queued view. The
     * caller holds the run lock (so no orchestrator runs the run's sessions) and has checked that
     * {@link #refusal} is null.
     *
     * @param task the task as the run's task file has it (its retries bound the attempt's own retries)
     */
    public static SessionView queue(RecordedRun recorded, Task task, String prompt, Instant now) throws StoreException {
        SessionView ended = recorded.snapshot().session(task.id());
        // Every earlier attempt's files stay: the follow-up takes a number above any on disk.
        int attempt = Math.max(ended.attempt(), recorded.store().latestAttempt(task.id())) + 1;
        SessionView queued = SessionView.queued(task.id(), attempt, ended.model())
                .withSessionId(ended.sessionId())
                .withWorkspace(ended.workspace())
                .withRetry(
                        new SessionView.PendingRetry(now, attempt - 1 + RetryPlanner.maxAttempts(task), CAUSE, prompt));
        double base = RecordedRun.conversationCosts(recorded.store()).getOrDefault(task.id(), 0.0);
        JournalRecorder.appendOwnerlessQueued(recorded.store(), queued, base);
        return queued;
    }
}
