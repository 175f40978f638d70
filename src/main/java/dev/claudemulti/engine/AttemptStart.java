package dev.claudemulti.engine;

import dev.claudemulti.agent.AttemptPlan;
import dev.claudemulti.display.Durations;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.task.Task;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How the {@link SessionMachine} starts one attempt: it chooses the attempt's conversation and
 * records it before any process exists (so {@code status} and a resume know the session id from
 * the first second), starts it on the {@link SessionStarter}'s pool (a slow fork must not delay
 * every other session's state change), and, back on the scheduler thread, records it running,
 * arms its timeout and follows its output. Scheduler thread only.
 */
final class AttemptStart {
    private final SessionMachine machine;
    private final String runId;
    private final SessionStarter starter;
    private final StateBoard board;
    private final RetryPlanner retries;
    private final AttemptOutput output;
    private final ScheduledExecutorService loop;
    private final OrchestratorLog log;

    AttemptStart(
            SessionMachine machine,
            String runId,
            SessionStarter starter,
            StateBoard board,
            RetryPlanner retries,
            AttemptOutput output,
            ScheduledExecutorService loop,
            OrchestratorLog log) {
        this.machine = machine;
        this.runId = runId;
        this.starter = starter;
        this.board = board;
        this.retries = retries;
        this.output = output;
        this.loop = loop;
        this.log = log;
    }

    /**
     * Launches the queued session {@code s}, which already holds a slot.
     *
     * @param budgetUsd the attempt's budget: its own, capped by what is left of the batch's
     * @param dependencyCommits what its dependencies' worktrees ended at, for its own to start from
     */
    void launch(Session s, Double budgetUsd, List<String> dependencyCommits) {
        Task task = budgetUsd == null || budgetUsd.equals(s.task.budgetUsd())
                ? s.task
                : s.task.toBuilder().budgetUsd(budgetUsd).build();
        SessionView queued = s.view();
        int attempt = queued.attempt();
        AttemptPlan plan = retries.planFor(queued);
        s.attemptLimit = RetryPlanner.attemptLimit(queued, task);
        s.beginLaunch(runId + "/" + task.id() + "/" + attempt, plan.resume());
        Instant now = Instant.now();
        // The id must be on disk before the process exists: recorded with the queued view, or now.
        CompletableFuture<Void> recorded = plan.sessionId().equals(queued.sessionId())
                ? s.recorded()
                : board.publish(s, queued.withSessionId(plan.sessionId()));
        recorded.thenCompose(onDisk -> starter.start(
                        task,
                        attempt,
                        s.marker,
                        plan,
                        RetryPlanner.cause(queued),
                        RetryPlanner.followUpPrompt(queued),
                        dependencyCommits))
                .whenCompleteAsync(
                        (launched, error) -> machine.guarded(s, () -> {
                            s.launching = false;
                            starter.startSettled(s.marker);
                            if (error != null) {
                                notStarted(s, task, attempt, plan, now, error);
                            } else {
                                started(s, task, attempt, plan, now, launched);
                            }
                        }),
                        loop);
    }

    private void notStarted(Session s, Task task, int attempt, AttemptPlan plan, Instant now, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        log.log(task.id() + ": could not start", cause);
        machine.launchEnded(
                s,
                SessionStarter.notStarted(
                        SessionView.started(task.id(), attempt, null, now, task.model())
                                .withFigures(0, null, s.view().tokens(), plan.sessionId(), null),
                        cause,
                        s.requestedEnd,
                        s.requestedReason));
    }

    private void started(
            Session s, Task task, int attempt, AttemptPlan plan, Instant now, SessionStarter.Launched launched) {
        SessionHandle process = launched.process();
        s.files = launched.files();
        s.process = process;
        board.publish(
                s,
                SessionView.started(task.id(), attempt, process.pid() < 0 ? null : process.pid(), now, task.model())
                        .withSessionId(plan.sessionId())
                        .withWorkspace(launched.workspace())
                        .withCheck(s.view().check())); // a fix round counts on from the check before it
        log.log(task.id() + ": started attempt " + attempt + " pid " + process.pid()
                + (plan.resume() ? ", continuing session " : ", session ") + plan.sessionId());
        if (s.requestedEnd != null) {
            // Stopped or killed while it was being started: carry the request out now.
            SessionState end = s.requestedEnd;
            s.requestedEnd = null;
            machine.requestEnd(task.id(), end, s.requestedReason);
        } else if (task.timeout() != null) {
            // The setup, if any, already used part of the timeout.
            s.timeout = loop.schedule(
                    () -> machine.requestEnd(
                            task.id(),
                            SessionState.TIMED_OUT,
                            "timed out after " + Durations.wholeUnit(task.timeout())),
                    task.timeout().minus(launched.setupTook()).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        output.follow(s, process, s.files, task.budgetUsd(), s.costBaseUsd, new RunningAttempt(machine, s, process));
    }
}
