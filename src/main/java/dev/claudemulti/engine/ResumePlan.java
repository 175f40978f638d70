package dev.claudemulti.engine;

import dev.claudemulti.store.Secrets;
import dev.claudemulti.task.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * How to continue an interrupted run, GNU parallel {@code --resume} style: completed sessions
 * are never run again; sessions that were running when the orchestrator died (or are lost) run
 * again as a new attempt; skipped sessions (never started: a halt, the batch budget or a failed
 * dependency ruled them out) run, keeping their attempt number; with {@code resumeFailed}, failed,
 * timed-out, stopped and killed sessions run again too. Every earlier attempt's files stay where they are, so a new attempt
 * takes a number above any attempt directory already on disk. A lost session that had a
 * conversation continues it ({@code claude --resume}); a retry waiting for its backoff keeps its
 * attempt number and its wait.
 *
 * <p>A plan is pure: building it reads the recorded run and starts, stops or writes nothing.
 * Not part of it: checking that the run may be resumed (its owner gone, its lock held), which the
 * caller does before planning, and stopping what the dead orchestrator left running.
 *
 * @param before  the run as recorded when the resume began
 * @param tasks   the recorded task file's tasks, in order (env secrets still redacted)
 * @param views   the state each recorded task starts from, for {@link Scheduler}: final ones are
 *                kept, queued ones run with the attempt number they carry; a task with no view was
 *                never recorded and starts fresh as attempt 1
 * @param started when the run first started (its wall time counts from there)
 * @param at      when this resume began
 */
public record ResumePlan(
        RunSnapshot before, List<Task> tasks, Map<String, SessionView> views, Instant started, Instant at) {

    private static final Set<SessionState> RERUN_WITH_FAILED =
            Set.of(SessionState.FAILED, SessionState.TIMED_OUT, SessionState.STOPPED, SessionState.KILLED);

    public ResumePlan {
        tasks = List.copyOf(tasks);
        views = Collections.unmodifiableMap(new LinkedHashMap<>(views));
    }

    /**
     * Plans the resume of {@code recorded}, whose task file held {@code tasks}.
     *
     * @param started when the run first started, or null if run.json does not say (then: now)
     */
    public static ResumePlan of(RecordedRun recorded, List<Task> tasks, Instant started, boolean resumeFailed) {
        return of(recorded.snapshot(), tasks, recorded.store()::latestAttempt, started, resumeFailed, Instant.now());
    }

    /**
     * @param attemptsOnDisk the highest attempt number with a directory on disk, per task id (0 if none)
     */
    static ResumePlan of(
            RunSnapshot recorded,
            List<Task> tasks,
            ToIntFunction<String> attemptsOnDisk,
            Instant started,
            boolean resumeFailed,
            Instant now) {
        Map<String, SessionView> views = new LinkedHashMap<>();
        for (Task t : tasks) {
            SessionView v = recorded.session(t.id());
            if (v == null) {
                continue;
            }
            if (!reruns(v, resumeFailed)) {
                views.put(t.id(), v);
                continue;
            }
            int onDisk = attemptsOnDisk.applyAsInt(t.id());
            // A session queued but never launched has no directory of its attempt: reuse its number.
            boolean neverLaunched =
                    (v.state() == SessionState.QUEUED || v.state() == SessionState.SKIPPED) && onDisk < v.attempt();
            int attempt = neverLaunched ? v.attempt() : Math.max(v.attempt(), onDisk) + 1;
            views.put(t.id(), next(v, t, attempt, now));
        }
        return new ResumePlan(recorded, tasks, views, started != null ? started : now, now);
    }

    /**
     * The queued attempt that reruns {@code v}: one waiting for a retry keeps its wait and its
     * conversation (a crash during a backoff changes nothing), and so does a failure whose planned
     * retry the journal did not keep; one that was running when the
     * orchestrator died continues its conversation, in its worktree, if it had one (the scheduler
     * starts it fresh instead under {@code --retry-fresh}: see {@link RetryPlanner}), and so does
     * one a signal to the orchestrator stopped while it ran; any other starts over.
     */
    private static SessionView next(SessionView v, Task t, int attempt, Instant now) {
        SessionView queued = SessionView.queued(t.id(), attempt, v.model());
        if (v.sessionId() == null) {
            return queued;
        }
        if ((v.state() == SessionState.QUEUED || v.state() == SessionState.FAILED) && v.retry() != null) {
            return queued.withSessionId(v.sessionId())
                    .withRetry(v.retry())
                    .withWorkspace(v.workspace())
                    .withCheck(v.check());
        }
        if (v.state() == SessionState.LOST || v.state() == SessionState.RUNNING || interruptedWhileRunning(v)) {
            int maxAttempts = Math.max(attempt, RetryPlanner.maxAttempts(t));
            return queued.withSessionId(v.sessionId())
                    .withRetry(new SessionView.PendingRetry(now, maxAttempts, RetryPlanner.ORCHESTRATOR_GONE))
                    .withWorkspace(v.workspace())
                    .withCheck(v.check()); // cut off during its check: that round runs again
        }
        return queued;
    }

    /** Stopped because the orchestrator got a signal (SIGINT, SIGTERM, SIGHUP) while it ran (rerun by --resume-failed). */
    private static boolean interruptedWhileRunning(SessionView v) {
        return v.state() == SessionState.STOPPED
                && v.startedAt() != null
                && v.reason() != null
                && v.reason().startsWith(SessionMachine.INTERRUPTED);
    }

    private static boolean reruns(SessionView v, boolean resumeFailed) {
        SessionState state = v.state();
        // LOST counts as final for a session, but its attempt never ended properly: always rerun it.
        // So does a failure whose retry was planned (the journal lost the queued retry after it).
        // SKIPPED: its attempt never started (a halt, the batch budget or a dependency ruled it out):
        // this run may start it (a dependency still failed skips it again).
        return !state.isFinal()
                || state == SessionState.LOST
                || state == SessionState.SKIPPED
                || (state == SessionState.FAILED && v.retry() != null)
                || (resumeFailed && RERUN_WITH_FAILED.contains(state));
    }

    /** What the attempts this resume replaces, and those replaced before, already spent. */
    public double earlierAttemptsCostUsd() {
        double replaced = 0;
        for (SessionView earlier : before.sessions()) {
            SessionView now = views.get(earlier.taskId());
            if (now != null && now.attempt() > earlier.attempt() && earlier.costUsd() != null) {
                replaced += earlier.costUsd();
            }
        }
        return before.earlierAttemptsCostUsd() + replaced;
    }

    /** How many tasks keep their recorded final state. */
    public long kept() {
        return views.values().stream().filter(v -> v.state().isFinal()).count();
    }

    /** How many tasks run: the reruns and the tasks never recorded. */
    public long toRun() {
        return tasks.size() - kept();
    }

    /**
     * The tasks with a secret env value run.json never recorded taken from {@code env} (the
     * environment of the resuming process), and the names of those {@code env} lacks: running
     * without one would quietly change the task, so a caller refuses to run when any is missing.
     */
    public SecretsRestored restoreSecrets(Map<String, String> env) {
        List<Task> restored = new ArrayList<>();
        Set<String> missing = new TreeSet<>();
        for (Task t : tasks) {
            if (t.env() == null) {
                restored.add(t);
                continue;
            }
            Map<String, String> taskEnv = new LinkedHashMap<>(t.env());
            taskEnv.replaceAll((name, value) -> {
                if (!Secrets.REDACTED.equals(value)) {
                    return value;
                }
                String now = env.get(name);
                if (now == null) {
                    // Task refuses null env values; the redacted marker stays, and the caller refuses to run.
                    missing.add(name);
                    return value;
                }
                return now;
            });
            restored.add(t.toBuilder().env(taskEnv).build());
        }
        return new SecretsRestored(restored, missing);
    }

    /**
     * @param tasks   the tasks with their secrets restored; a missing one still reads "***", so these
     *                tasks must not run unless {@code missing} is empty
     * @param missing names of recorded secrets the environment does not have, sorted
     */
    public record SecretsRestored(List<Task> tasks, Set<String> missing) {}
}
