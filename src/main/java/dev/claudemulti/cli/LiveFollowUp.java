package dev.claudemulti.cli;

import dev.claudemulti.engine.AttachedRun;
import dev.claudemulti.engine.EngineListener;
import dev.claudemulti.engine.FollowUp;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.engine.StopProtocol;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.StoreException;
import java.io.IOException;
import java.time.Duration;

/**
 * {@code continue} on a run whose orchestrator still runs: the follow-up goes to that orchestrator
 * as a request ({@link FollowUp#requestOfOwner}), which queues and runs it; with {@code --wait} this
 * process then follows the session, with headless progress lines, until the follow-up (and any retry
 * of it) has ended.
 *
 * <p>Not guaranteed: that the owner is still alive once asked. If it died before it took the
 * request, nothing was queued and {@link #send} says so (null), so that the caller continues the
 * run itself, as for any run without an orchestrator.
 */
final class LiveFollowUp {
    /** How long the owner has to take the request: it watches its requests directory, so it is at once unless swamped. */
    static final Duration OWNER_WAIT = Duration.ofSeconds(60);

    private static final long POLL_MS = 100;

    private final CliContext ctx;
    private final RecordedRun run;
    private final SessionView ended;

    /** {@code ended}: the task's latest view, which {@link FollowUp#refusal} allows. */
    LiveFollowUp(CliContext ctx, RecordedRun run, SessionView ended) {
        this.ctx = ctx;
        this.run = run;
        this.ended = ended;
    }

    /**
     * Asks the owner to run the follow-up; prints the run id once it is queued and, with
     * {@code follow}, waits for its end. Returns the exit code, or null if the owner is gone and
     * queued nothing.
     */
    Integer send(String prompt, boolean follow, OrchestratorLog log) {
        String runId = run.store().runId();
        String taskId = ended.taskId();
        FollowUp.Delivery delivery;
        try {
            delivery = FollowUp.requestOfOwner(run, ended, prompt, OWNER_WAIT);
        } catch (StoreException e) {
            throw new UserException(e.getMessage());
        }
        switch (delivery) {
            case OWNER_GONE -> {
                return null;
            }
            case REFUSED ->
                throw new UserException("the orchestrator of run " + runId + " did not take the follow-up of '" + taskId
                        + "' (it is ending, or of an earlier release); try again once it has ended ("
                        + Hints.status(runId) + ")");
            case PENDING ->
                throw new UserException(
                        ExitCodes.NOT_ALL_COMPLETED,
                        "the orchestrator of run " + runId + " has not taken the follow-up of '" + taskId + "' within "
                                + OWNER_WAIT.toSeconds() + " s; the request stands (watch it with: "
                                + Hints.dashboard(runId) + ")");
            case QUEUED -> {}
        }
        ctx.out().println(runId);
        ctx.out().flush();
        if (!follow) {
            ctx.err()
                    .println("continuing " + taskId + " in run " + runId + ", whose orchestrator runs it ("
                            + Hints.status(runId) + "; " + Hints.followOutput(taskId, runId) + "; "
                            + Hints.stop(taskId, runId) + ")");
            return ExitCodes.OK;
        }
        return followToEnd(log);
    }

    /** Prints the task's state changes until its follow-up has ended for good; 0 if it completed. */
    private int followToEnd(OrchestratorLog log) {
        AttachedRun attached;
        try {
            attached = new AttachedRun(run.store(), StopProtocol.grace(run, null), log);
        } catch (IOException e) {
            throw new UserException(
                    ExitCodes.NOT_ALL_COMPLETED,
                    "cannot follow run " + run.store().runId() + ": " + e.getMessage());
        }
        try (attached) {
            boolean simulated = run.runInfo() != null && run.runInfo().simulated();
            TaskLines lines = new TaskLines(ended.taskId(), new HeadlessProgress(ctx.out(), simulated, attached));
            attached.subscribe(lines);
            return awaitEnd(attached, lines);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        }
    }

    private int awaitEnd(AttachedRun attached, TaskLines lines) throws InterruptedException {
        String taskId = ended.taskId();
        while (true) {
            RecordedRun now = attached.recorded();
            SessionView v = now.snapshot().session(taskId);
            // The follow-up may have moved on (even ended) before it was followed: its state now is shown too.
            lines.sessionChanged(v, true);
            // A failed attempt that names a retry has not ended for good: the retry follows.
            if (v.attempt() > ended.attempt() && v.state().isFinal() && v.retry() == null) {
                return v.state() == SessionState.COMPLETED ? ExitCodes.OK : ExitCodes.NOT_ALL_COMPLETED;
            }
            if (!now.ownerAlive() && !v.state().isFinal()) {
                String runId = now.store().runId();
                throw new UserException(
                        ExitCodes.NOT_ALL_COMPLETED,
                        "the orchestrator of run " + runId + " ended before the follow-up of '" + taskId + "' did; "
                                + Hints.resume(runId) + " runs it");
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** Hands on the changes of one task, each state of each attempt as a change once only. */
    private static final class TaskLines implements EngineListener {
        private final String taskId;
        private final EngineListener inner;
        /** The attempt and state last handed on as a change; guarded by this. */
        private String shown;

        TaskLines(String taskId, EngineListener inner) {
            this.taskId = taskId;
            this.inner = inner;
        }

        @Override
        public synchronized void sessionChanged(SessionView v, boolean stateChanged) {
            if (!v.taskId().equals(taskId)) {
                return;
            }
            String now = v.attempt() + " " + v.state();
            boolean changed = stateChanged && !now.equals(shown);
            if (changed) {
                shown = now;
            }
            inner.sessionChanged(v, changed);
        }
    }
}
