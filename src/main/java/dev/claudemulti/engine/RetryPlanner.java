package dev.claudemulti.engine;

import dev.claudemulti.agent.AttemptPlan;
import dev.claudemulti.agent.Outcome;
import dev.claudemulti.task.Task;
import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Which conversation each attempt talks to, and when the attempt that follows a transient failure
 * may start.
 *
 * <p>The rule lives in the queued view, so that it is journaled and a resume follows it: a queued
 * attempt with a {@link SessionView.PendingRetry} and a session id continues that conversation
 * ({@code --resume}), unless the run starts every retry fresh (a follow-up, whose retry carries
 * its own prompt, always continues it); any other attempt starts a new conversation, with the id
 * its queued view reserved, else a random one. Not guaranteed: that the conversation still exists
 * on the agent's side (a resumed attempt that cannot find it fails like any other attempt).
 */
final class RetryPlanner {
    /** Why an attempt continues a conversation when no retry says so: the run it belonged to was cut off. */
    static final String ORCHESTRATOR_GONE = "the orchestrator stopped";

    private final RunPolicy policy;
    private final RandomGenerator random;

    RetryPlanner(RunPolicy policy, RandomGenerator random) {
        this.policy = policy;
        this.random = random;
    }

    /** The most attempts {@code task} may have in all: its retries (else the default) plus the first. */
    static int maxAttempts(Task task) {
        return (task.retries() != null ? task.retries() : RunPolicy.DEFAULT_RETRIES) + 1;
    }

    /**
     * The last attempt number the chain of transient retries that {@code queued} starts or continues
     * may reach: a transient failure's retry (a pending retry without a prompt of its own) keeps the
     * limit its chain was given; anything else (a first attempt, a retry by hand, a follow-up, a fix
     * round) begins a chain with the task's retries.
     */
    static int attemptLimit(SessionView queued, Task task) {
        SessionView.PendingRetry r = queued.retry();
        return r != null && r.prompt() == null ? r.maxAttempts() : queued.attempt() - 1 + maxAttempts(task);
    }

    /**
     * The queued attempt that follows {@code ended}, which failed with {@code cause}: the same
     * worktree and conversation, not before the backoff (nor before the agent's {@code notBefore}),
     * within its chain's {@code attemptLimit}.
     */
    SessionView next(SessionView ended, Outcome.Transient cause, Task task, int attemptLimit, Instant now) {
        Instant at = Backoff.retryAt(policy.retryDelay(), ended.attempt(), cause.notBefore(), now, random);
        return SessionView.queued(ended.taskId(), ended.attempt() + 1, task.model())
                .withWorkspace(ended.workspace())
                .withSessionId(ended.sessionId())
                .withCheck(ended.check()) // a fix round's retry keeps the rounds used
                .withRetry(new SessionView.PendingRetry(at, attemptLimit, cause.cause()));
    }

    /**
     * The plan of the attempt {@code queued} is about to launch. A queued view's session id without
     * a pending retry is a new conversation's, reserved when it was queued ({@link #newSessionId}).
     */
    AttemptPlan planFor(SessionView queued) {
        if (queued.sessionId() == null) {
            return AttemptPlan.fresh(newSessionId());
        }
        if (queued.retry() == null) {
            return AttemptPlan.fresh(queued.sessionId());
        }
        boolean fresh = policy.retryFresh() && queued.retry().prompt() == null;
        return fresh ? AttemptPlan.fresh(newSessionId()) : AttemptPlan.resuming(queued.sessionId());
    }

    /** A new conversation's id, chosen by the engine so that it is on record before the agent starts. */
    static String newSessionId() {
        return UUID.randomUUID().toString();
    }

    /** Why {@code queued}'s conversation was cut off, for the prompt that continues it. */
    static String cause(SessionView queued) {
        return queued.retry() != null && queued.retry().cause() != null
                ? queued.retry().cause()
                : ORCHESTRATOR_GONE;
    }

    /** The follow-up prompt {@code queued} continues its conversation with, or null (a retry, or a first attempt). */
    static String followUpPrompt(SessionView queued) {
        return queued.retry() == null ? null : queued.retry().prompt();
    }

    /** Whether the wait of {@code queued} is over at {@code now} (true when it waits for no retry). */
    static boolean due(SessionView queued, Instant now) {
        SessionView.PendingRetry r = queued.retry();
        return r == null || r.at() == null || !r.at().isAfter(now);
    }
}
