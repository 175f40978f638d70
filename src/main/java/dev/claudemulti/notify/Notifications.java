package dev.claudemulti.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.engine.EngineListener;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.report.JsonReport;
import dev.claudemulti.report.RunTotals;
import dev.claudemulti.report.Status;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StoreException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Tells the outside world when a session reaches a final state and when the batch ends: the
 * on-session-end and on-finish hooks ({@link HookRunner}) and the {@code --notify-url} POSTs
 * ({@link WebhookPoster}). An {@link EngineListener}: it only queues work on its own threads
 * (two for hooks, one for POSTs, so that POSTs keep their order), never on the scheduler's.
 *
 * <p>Contract: one session event per task, attempt and final state; a failure that is retried (the
 * engine shows it with its {@link SessionView#retry()}) is not final and not told of; one finish event per time the batch ends
 * (again after a retry from the dashboard), whose hook runs after every session hook queued before it. The JSON report is written to the run's
 * {@code report.json} before the on-finish hook runs and its POST is sent. {@link #close} waits,
 * bounded, for what is queued or running, then stops what is left, so no hook outlives the
 * orchestrator. Not guaranteed: the order of hooks relative to each other (two run at once), or
 * any event after {@link #close}.
 */
public final class Notifications implements EngineListener, AutoCloseable {
    /** How long a hook may run before it is stopped. */
    public static final Duration HOOK_TIMEOUT = Duration.ofSeconds(60);
    /** Between SIGTERM and SIGKILL of a hook that timed out. */
    public static final Duration HOOK_GRACE = Duration.ofSeconds(5);
    /** Each POST's connect and answer timeout. */
    public static final Duration POST_TIMEOUT = Duration.ofSeconds(10);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** How long hooks and POSTs take at most, and the first pause between POST tries. */
    record Timing(Duration hookTimeout, Duration hookGrace, Duration postTimeout, Duration postPause) {
        static final Timing DEFAULT = new Timing(HOOK_TIMEOUT, HOOK_GRACE, POST_TIMEOUT, Duration.ofMillis(500));

        /** The longest {@link #close} waits: a queued hook behind a running one, and a POST's tries. */
        Duration closeWait() {
            Duration hooks = hookTimeout.plus(hookGrace).plusSeconds(3).multipliedBy(2);
            Duration posts = postTimeout.multipliedBy(WebhookPoster.TRIES).plus(postPause.multipliedBy(4));
            return hooks.compareTo(posts) > 0 ? hooks : posts;
        }
    }

    private final NotifySettings settings;
    private final RunStore run;
    private final Path projectDir;
    private final OrchestratorLog log;
    private final Timing timing;
    private final HookRunner hooks;
    private final WebhookPoster poster;
    private final ExecutorService hookThreads = Executors.newFixedThreadPool(2, daemon("claude-multi-hook"));
    private final ExecutorService postThread = Executors.newSingleThreadExecutor(daemon("claude-multi-notify"));
    private final Set<String> told = ConcurrentHashMap.newKeySet();
    /** On-session-end hooks queued or running: the on-finish hook waits for them (two hook threads). */
    private final Object sessionHooksLock = new Object();

    private int sessionHooksInFlight;

    /**
     * @param env        the command's environment, which hooks inherit (its secrets are cut out of the logs)
     * @param projectDir where hooks run
     */
    public Notifications(
            NotifySettings settings, RunStore run, Path projectDir, Map<String, String> env, OrchestratorLog log) {
        this(settings, run, projectDir, env, log, Timing.DEFAULT);
    }

    Notifications(
            NotifySettings settings,
            RunStore run,
            Path projectDir,
            Map<String, String> env,
            OrchestratorLog log,
            Timing timing) {
        this.settings = settings;
        this.run = run;
        this.projectDir = projectDir;
        this.log = log;
        this.timing = timing;
        this.hooks = new HookRunner(
                run.runId(), projectDir, env, run.hooksLog(), log, timing.hookTimeout(), timing.hookGrace());
        this.poster = settings.notifyUrl() == null
                ? null
                : new WebhookPoster(settings.notifyUrl(), timing.postTimeout(), timing.postPause(), log);
    }

    @Override
    public void sessionChanged(SessionView view, boolean stateChanged) {
        if (!stateChanged) {
            return;
        }
        if (!view.state().isFinal() || view.retry() != null) {
            return; // running, queued, or a failure the engine retries: not an end to tell of
        }
        if (view.state() == SessionState.ATTACHED && view.endedAt() == null) {
            return; // a take-over by hand that has begun: its end is told
        }
        if (told.add(attemptKey(view.taskId(), view.attempt()) + "\0" + view.state())) {
            tell(view);
        }
    }

    private static String attemptKey(String taskId, int attempt) {
        return taskId + "\0" + attempt;
    }

    private void tell(SessionView view) {
        String what = "on-session-end " + view.taskId();
        if (settings.onSessionEnd() != null) {
            Map<String, String> vars = sessionVariables(view);
            synchronized (sessionHooksLock) {
                sessionHooksInFlight++;
            }
            boolean queued = submit(hookThreads, () -> {
                try {
                    hooks.run(what, settings.onSessionEnd(), vars);
                } finally {
                    sessionHookDone();
                }
            });
            if (!queued) {
                sessionHookDone();
            }
        }
        if (poster != null) {
            ObjectNode body = event("session_end");
            body.set("task", sessionObject(view));
            submit(postThread, () -> poster.post("session_end " + view.taskId(), body.toString()));
        }
    }

    @Override
    public void runFinished(RunSnapshot snapshot) {
        // The report is written on the hook thread, before the hook that reads it: no file work here.
        submit(hookThreads, () -> {
            ObjectNode report = JsonReport.toJson(snapshot);
            try {
                run.writeReport(report);
            } catch (StoreException e) {
                log.log("cannot write the run's report " + run.reportFile() + ": " + e.getMessage());
            }
            if (settings.onFinish() != null) {
                awaitSessionHooks(); // the other hook thread may still run one: the finish comes after them all
                hooks.run("on-finish", settings.onFinish(), finishVariables(snapshot));
            }
            if (poster != null) {
                ObjectNode body = event("run_finished");
                body.set("report", report);
                submit(postThread, () -> poster.post("run_finished", body.toString()));
            }
        });
    }

    /**
     * Waits for the hooks and POSTs queued or running, at most {@link Timing#closeWait()}, then
     * interrupts what is left (a hook still running is stopped whole). Call it once the batch has
     * ended, before the orchestrator exits.
     */
    @Override
    public void close() {
        closeWithin(timing.closeWait());
    }

    /** {@link #close} with another bound on the wait. */
    void closeWithin(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        // Hooks first: the finish task queues its POST from the hook thread.
        hookThreads.shutdown();
        await(hookThreads, deadline, "hooks");
        postThread.shutdown();
        await(postThread, deadline, "--notify-url POSTs");
    }

    private void await(ExecutorService threads, long deadline, String what) {
        try {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!threads.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                log.log(what + " still running as the run ends; stopping them");
                threads.shutdownNow();
                threads.awaitTermination(timing.hookGrace().plusSeconds(3).toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void sessionHookDone() {
        synchronized (sessionHooksLock) {
            sessionHooksInFlight--;
            sessionHooksLock.notifyAll();
        }
    }

    /** Waits, bounded by {@link Timing#closeWait()}, until no on-session-end hook is queued or running. */
    private void awaitSessionHooks() {
        long deadline = System.nanoTime() + timing.closeWait().toNanos();
        synchronized (sessionHooksLock) {
            while (sessionHooksInFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.log("on-finish runs while on-session-end hooks still run");
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(sessionHooksLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Runs {@code work} on {@code threads}; false when they no longer take work (closed). */
    private boolean submit(ExecutorService threads, Runnable work) {
        try {
            threads.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.log("a notification failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.log("an event came after the run's notifications closed; not sent");
            return false;
        }
        return true;
    }

    private Map<String, String> sessionVariables(SessionView view) {
        Map<String, String> vars = commonVariables("session_end");
        vars.put("CLAUDE_MULTI_TASK", view.taskId());
        vars.put("CLAUDE_MULTI_ATTEMPT", Integer.toString(view.attempt()));
        vars.put("CLAUDE_MULTI_STATUS", Status.of(view).label());
        vars.put("CLAUDE_MULTI_REASON", view.reason() == null ? "" : view.reason());
        vars.put("CLAUDE_MULTI_COST_USD", usd(view.costUsd()));
        if (view.workspace() != null && view.workspace().branch() != null) {
            vars.put("CLAUDE_MULTI_BRANCH", view.workspace().branch());
        }
        return vars;
    }

    private Map<String, String> finishVariables(RunSnapshot snapshot) {
        Map<String, String> vars = commonVariables("run_finished");
        List<SessionView> sessions = snapshot.sessions();
        boolean allCompleted = sessions.stream().allMatch(s -> Status.of(s).completed());
        vars.put("CLAUDE_MULTI_TASK", "");
        vars.put("CLAUDE_MULTI_STATUS", allCompleted ? "completed" : "failed");
        String halt = snapshot.batch().haltReason();
        String counts = RunTotals.of(snapshot).countsText();
        vars.put("CLAUDE_MULTI_REASON", halt == null ? counts : halt + "; " + counts);
        vars.put("CLAUDE_MULTI_COST_USD", usd(snapshot.totalCostUsd()));
        return vars;
    }

    /** Set for every event, so that a value the command's environment had never leaks into a hook. */
    private Map<String, String> commonVariables(String event) {
        Map<String, String> vars = new HashMap<>();
        vars.put("CLAUDE_MULTI_EVENT", event);
        vars.put("CLAUDE_MULTI_RUN", run.runId());
        vars.put("CLAUDE_MULTI_REPORT", run.reportFile().toString());
        vars.put("CLAUDE_MULTI_BRANCH", null);
        vars.put("CLAUDE_MULTI_ATTEMPT", null);
        return vars;
    }

    private ObjectNode event(String name) {
        ObjectNode body = JSON.objectNode();
        body.put("event", name);
        body.put("run", run.runId());
        body.put("report_file", run.reportFile().toString());
        return body;
    }

    /** The session as the JSON report shows a task (one of its "tasks"). */
    private JsonNode sessionObject(SessionView view) {
        RunSnapshot alone = new RunSnapshot(
                run.runId(), projectDir, view.model(), 1, false, view.startedAt(), view.endedAt(), List.of(view));
        return JsonReport.toJson(alone).get("tasks").get(0);
    }

    private static String usd(Double usd) {
        return usd == null
                ? ""
                : BigDecimal.valueOf(usd)
                        .setScale(6, RoundingMode.HALF_UP)
                        .stripTrailingZeros()
                        .toPlainString();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
