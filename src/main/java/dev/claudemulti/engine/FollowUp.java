package dev.claudemulti.engine;

import dev.claudemulti.record.JournalEntries;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.record.OwnerRequest;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StoreException;
import dev.claudemulti.task.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A follow-up prompt ({@code claude-multi continue}, the dashboard's {@code c}): a new attempt of
 * an ended session that continues its conversation, in its working directory (its worktree, when
 * it has one), with the user's prompt instead of the task's.
 *
 * <p>It is a queued attempt: a pending retry that is due at once and carries the prompt
 * ({@link SessionView.PendingRetry#prompt}), with the conversation's cost so far as its cost base,
 * so that its own cost is what it adds and totals count each dollar once. Who queues it depends on
 * the run: with no live orchestrator, {@link #queue} journals it under the run lock and the resume
 * that follows runs it; with one, {@link #requestOfOwner} leaves it a {@code continue} request and
 * the owner queues it ({@link Scheduler#followUp}). Not guaranteed: that the conversation still
 * exists on the agent's side (the attempt then fails like any other); that a transient failure's
 * retry of the follow-up repeats its prompt (it gets the agent's continuation prompt, as any retry
 * does).
 */
public final class FollowUp {
    /** What the queued attempt shows as its cause ("retrying now (2/3, follow-up)"). */
    public static final String CAUSE = "follow-up";

    /** The request action, as {@link RequestInbox} reads it. */
    static final String ACTION = "continue";

    private static final long POLL_MS = 50;

    /** What became of a follow-up left for a live orchestrator ({@link #requestOfOwner}). */
    public enum Delivery {
        /** The owner journaled the follow-up's queued attempt. */
        QUEUED,
        /** The owner took the request and queued nothing: it is ending, or of a release without {@code continue}. */
        REFUSED,
        /** The owner is gone and queued nothing; the request was withdrawn: the run can be resumed with it. */
        OWNER_GONE,
        /** The owner has not taken the request within the wait: it stands, and may still be acted on. */
        PENDING
    }

    private FollowUp() {}

    /**
     * Why {@code ended} (the task's latest view) cannot be followed up, or null if it can: it must
     * have ended and have a conversation to continue.
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
        if (ended.startedAt() == null) {
            // A session stopped or skipped while queued has the id chosen for it, but no conversation.
            return "task '" + ended.taskId() + "' never started, so there is no conversation to continue";
        }
        return null;
    }

    /**
     * The queued view of the follow-up of {@code ended} as attempt {@code attempt}, due at
     * {@code now}: the same conversation and workspace, the prompt in its pending retry.
     *
     * @param task the task as its run has it (its retries bound the attempt's own retries)
     */
    static SessionView next(SessionView ended, Task task, String prompt, int attempt, Instant now) {
        return SessionView.queued(task.id(), attempt, ended.model())
                .withSessionId(ended.sessionId())
                .withWorkspace(ended.workspace())
                .withRetry(
                        new SessionView.PendingRetry(now, attempt - 1 + RetryPlanner.maxAttempts(task), CAUSE, prompt));
    }

    /**
     * What a conversation had cost after {@code ended}, whose base was {@code base}: the base of the
     * attempt that continues it. The same sum as {@link RecordedRun#conversationCosts} makes of the journal.
     */
    static double conversationCost(double base, SessionView ended) {
        return base + (ended.costUsd() == null ? 0 : ended.costUsd());
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
        SessionView queued = next(ended, task, prompt, attempt, now);
        double base = RecordedRun.conversationCosts(recorded.store()).getOrDefault(task.id(), 0.0);
        JournalRecorder.appendOwnerlessQueued(recorded.store(), queued, base);
        return queued;
    }

    /**
     * Leaves the follow-up of {@code ended} (the task's latest view, which {@link #refusal} allows)
     * for the run's live orchestrator and waits, at most {@code wait}, for what it makes of it.
     *
     * <p>The owner journals the queued attempt before the entry that says it took the request, so
     * a taken request with no new attempt before it was refused, never just slow. An owner that dies
     * before it took the request leaves it behind: it is withdrawn here, and nothing was queued.
     * Not guaranteed: the attempt's start (the owner may hold it back, e.g. for the parallel limit).
     */
    public static Delivery requestOfOwner(RecordedRun run, SessionView ended, String prompt, Duration wait)
            throws StoreException {
        RunStore store = run.store();
        long self = Launchers.ownerLiveness().self().pid();
        // Only what the owner journals from now on answers this request (this process may have asked before).
        int earlier = JournalEntries.replay(store.journalFile()).size();
        Path request = new OwnerRequest(ACTION, ended.taskId(), self, prompt, null).writeTo(store);
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            boolean ownerAlive = RecordedRun.ownerAlive(run.runInfo());
            Delivery seen = delivery(store, earlier, ended, self);
            if (seen != null) {
                return seen;
            }
            if (!ownerAlive) {
                withdraw(request);
                // It may have been taken and journaled just before the owner went.
                Delivery last = delivery(store, earlier, ended, self);
                return last == Delivery.QUEUED ? last : Delivery.OWNER_GONE;
            }
            if (Instant.now().isAfter(deadline)) {
                return Delivery.PENDING;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Delivery.PENDING;
            }
        }
    }

    /** QUEUED or REFUSED as the journal after its first {@code earlier} entries shows it, or null while the request is not taken. */
    private static Delivery delivery(RunStore store, int earlier, SessionView ended, long requester) {
        boolean queued = false;
        List<JournalEntry.Recorded> entries = JournalEntries.replay(store.journalFile());
        for (JournalEntry.Recorded recorded : entries.subList(Math.min(earlier, entries.size()), entries.size())) {
            JournalEntry e = recorded.entry();
            if (e instanceof JournalEntry.SessionChanged changed
                    && changed.session().task().equals(ended.taskId())
                    && changed.session().attempt() > ended.attempt()) {
                queued = true;
            } else if (e instanceof JournalEntry.RequestTaken taken
                    && ACTION.equals(taken.action())
                    && ended.taskId().equals(taken.task())
                    && taken.fromPid() == requester) {
                return queued ? Delivery.QUEUED : Delivery.REFUSED;
            }
        }
        return queued ? Delivery.QUEUED : null;
    }

    private static void withdraw(Path request) {
        try {
            Files.deleteIfExists(request);
        } catch (IOException e) {
            // not ours to delete any more: a later owner drops requests older than its start
        }
    }
}
