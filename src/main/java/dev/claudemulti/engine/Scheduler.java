package dev.claudemulti.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.PermissionDenial;
import dev.claudemulti.agent.Pricing;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.agent.SessionProgress;
import dev.claudemulti.agent.StreamJsonParser;
import dev.claudemulti.agent.Text;
import dev.claudemulti.process.LaunchSpec;
import dev.claudemulti.process.SessionProcess;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.store.StoreException;
import dev.claudemulti.task.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Runs a batch: keeps at most {@code parallel} sessions running, times them out, parses their
 * output as it arrives and records every state change in the journal before anyone sees it.
 *
 * <p>Event-driven: all decisions happen on one scheduler thread, woken by process exits,
 * timeout deadlines and control requests. Nothing polls. Each running session has one pump
 * thread that copies its standard output to {@code output.jsonl} and parses it on the way.
 */
public final class Scheduler implements Engine, AutoCloseable {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int PUMP_BUFFER = 64 * 1024;
    /** After a session's last process is gone, how long its output pipe may stay open (held by a process that shed its marker). */
    private static final Duration PIPE_DRAIN_LIMIT = Duration.ofSeconds(2);

    private final RunStore store;
    private final Journal journal;
    private final Agent agent;
    private final RunOptions options;
    private final OrchestratorLog log;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final ScheduledExecutorService loop;
    private final ExecutorService pumps;
    /** Forks session processes, away from the scheduler thread. */
    private final ExecutorService launcher;
    /** Writes session.json files, away from the scheduler thread. */
    private final SessionInfoWriter stateFiles;
    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
    /** Stops a session whose live cost estimate passes its budget; null for the simulated agent, which keeps its own. */
    private final BudgetGuard.Factory budgets;
    private final CompletableFuture<RunSnapshot> finished = new CompletableFuture<>();
    private final Instant startedAt;
    /** What attempts replaced by a retry or a resume cost; written on the scheduler thread only. */
    private volatile double earlierAttemptsCostUsd;
    private final boolean resuming;
    /** Cuts the secret values of the orchestrator's environment ({@link RunOptions#environment()}) and of every task's env out of text. */
    private final UnaryOperator<String> redact;
    private volatile Instant endedAt;
    private int running;
    private boolean stopping;
    /** A signal stopped the run: nothing starts any more, not even a retry. */
    private boolean interrupted;
    /** {@link #idle()} completed: the owner is closing the scheduler, so nothing may start. */
    private boolean closing;
    private final AtomicBoolean journalBroken = new AtomicBoolean();
    /** The end of the run (endedAt) is on disk and was announced; scheduler thread only. */
    private boolean endShown;
    private RequestWatcher requestWatcher;
    /** Callers of {@link #idle()} waiting for the run to end (again); scheduler thread only. */
    private final List<CompletableFuture<RunSnapshot>> idleWaiters = new ArrayList<>();

    /**
     * @param tasks tasks in file order; unset fields are filled from {@code options.taskDefaults()}
     */
    public Scheduler(RunStore store, Journal journal, Agent agent, RunOptions options, List<Task> tasks, OrchestratorLog log) {
        this(store, journal, agent, options, tasks, log, Map.of(), Instant.now(), 0);
    }

    /**
     * A scheduler that resumes a run: a task with a view in {@code resumed} starts from it. A final
     * view is kept as it is (never run again); a queued one runs, with the attempt number it carries.
     */
    /**
     * @param runStartedAt          when the run first started (the wall time counts from there)
     * @param earlierAttemptsCostUsd what the run's earlier attempts already spent
     */
    public Scheduler(RunStore store, Journal journal, Agent agent, RunOptions options, List<Task> tasks,
                     OrchestratorLog log, Map<String, SessionView> resumed, Instant runStartedAt,
                     double earlierAttemptsCostUsd) {
        this.startedAt = runStartedAt;
        this.earlierAttemptsCostUsd = earlierAttemptsCostUsd;
        this.store = store;
        this.journal = journal;
        this.agent = agent;
        this.options = options;
        this.log = log;
        this.resuming = !resumed.isEmpty();
        this.redact = secretRedactor(options.environment(), tasks);
        this.budgets = agent.simulated() ? null : new BudgetGuard.Factory(Pricing.builtIn(), log::log);
        for (Task t : tasks) {
            Task resolved = t.orElse(options.taskDefaults());
            SessionView initial = resumed.getOrDefault(t.id(), SessionView.queued(t.id(), 1, resolved.model()));
            sessions.put(t.id(), new Session(resolved, initial));
        }
        AtomicInteger pumpCount = new AtomicInteger();
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "scheduler"));
        this.stateFiles = new SessionInfoWriter(store, log);
        AtomicInteger launcherCount = new AtomicInteger();
        this.launcher = Executors.newFixedThreadPool(Math.min(options.parallel(), 4),
                r -> daemon(r, "session-launcher-" + launcherCount.incrementAndGet()));
        this.pumps = Executors.newCachedThreadPool(r -> daemon(r, "session-pump-" + pumpCount.incrementAndGet()));
    }

    private static UnaryOperator<String> secretRedactor(Map<String, String> processEnv, List<Task> tasks) {
        Map<String, String> env = new HashMap<>(processEnv);
        int i = 0;
        for (Task t : tasks) {
            if (t.env() != null) {
                for (var e : t.env().entrySet()) {
                    // A prefix keeps names unique across tasks and keeps their secret-looking ending.
                    env.put(i++ + "#" + e.getKey(), e.getValue());
                }
            }
        }
        var redactor = dev.claudemulti.store.Secrets.textRedactor(env);
        return text -> text == null ? null : redactor.apply(text);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Records the run start and launches the first sessions. Returns at once. */
    public void start() {
        // Watch first, then drop what an earlier owner of this run left (not addressed to us); a
        // request made since this scheduler was created is ours, and is applied below.
        requestWatcher = RequestWatcher.start(store.requestsDir(), () -> loop.execute(this::applyRequests), log);
        store.dropRequestsOlderThan(startedAt);
        loop.execute(() -> {
            ObjectNode entry = JSON.objectNode().put("event", resuming ? "resumed" : "run_started");
            entry.put("pid", ProcessHandle.current().pid());
            entry.put("agent", agent.name());
            var ids = entry.putArray("tasks");
            sessions.keySet().forEach(ids::add);
            List<ObjectNode> entries = new ArrayList<>();
            entries.add(entry);
            for (Session s : sessions.values()) {
                if (!resuming || !s.state().isFinal()) {
                    entries.add(sessionEntry(s, s.view()));
                }
            }
            record(entries).whenCompleteAsync((ok, e) -> {
                fillSlots();
                applyRequests();
                checkFinished();
            }, loop);
        });
    }

    /** Completes, with the final snapshot, the first time every session has reached a final state. */
    public CompletableFuture<RunSnapshot> finished() {
        return finished;
    }

    public String runId() {
        return store.runId();
    }

    @Override
    public RunSnapshot snapshot() {
        List<SessionView> views = new ArrayList<>(sessions.size());
        for (Session s : sessions.values()) {
            views.add(s.shown());
        }
        Task d = options.taskDefaults();
        return new RunSnapshot(store.runId(), options.projectDir(), d.model(), options.parallel(),
                agent.simulated(), startedAt, endedAt, views, earlierAttemptsCostUsd);
    }

    @Override
    public AutoCloseable subscribe(EngineListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void stop(String taskId) {
        loop.execute(() -> requestEnd(taskId, SessionState.STOPPED, "stopped by user"));
    }

    @Override
    public void kill(String taskId) {
        loop.execute(() -> requestEnd(taskId, SessionState.KILLED, "killed by user"));
    }

    @Override
    public void retry(String taskId) {
        loop.execute(() -> {
            Session s = sessions.get(taskId);
            if (s == null || !s.state().isFinal()) {
                return;
            }
            if (closing || interrupted) {
                // The orchestrator is on its way out: a new paid attempt would outlive its supervisor.
                log.log(taskId + ": retry ignored: the run is " + (interrupted ? "interrupted" : "ending"));
                return;
            }
            stopping = false;
            endedAt = null;
            endShown = false;
            SessionView prev = s.view();
            if (prev.costUsd() != null) {
                earlierAttemptsCostUsd += prev.costUsd(); // spent, even though the row now shows the new attempt
            }
            s.requestedEnd = null;
            s.requestedReason = null;
            publish(s, SessionView.queued(taskId, prev.attempt() + 1, s.task.model()));
            fillSlots();
        });
    }

    @Override
    public void stopAll() {
        loop.execute(() -> stopEverything("stopped by user (stop-all)"));
    }

    /** The orchestrator got a signal (or its dashboard's user quit): record it, stop everything, and let the run finish. */
    @Override
    public void interrupt(String signal) {
        loop.execute(() -> {
            if (interrupted) {
                return; // a second signal (a closing terminal sends more than one) changes nothing
            }
            interrupted = true;
            record(JSON.objectNode().put("event", "interrupted").put("signal", signal));
            log.log("interrupted by SIG" + signal + ": stopping all sessions");
            stopEverything("interrupted (SIG" + signal + ")");
        });
    }

    /** Acts on requests other processes (claude-multi stop, an attached dashboard) left in the run directory. */
    private void applyRequests() {
        for (var request : store.takeRequests()) {
            String action = request.path("action").asText("");
            String task = request.path("task").asText(null);
            ObjectNode entry = JSON.objectNode().put("event", "request").put("action", action);
            if (task != null) {
                entry.put("task", task);
            }
            entry.put("from_pid", request.path("pid").asLong(0));
            record(entry);
            log.log("request from pid " + request.path("pid").asLong(0) + ": " + action + (task == null ? "" : " " + task));
            switch (action) {
                case "stop" -> requestEnd(task, SessionState.STOPPED, "stopped by user");
                case "kill" -> requestEnd(task, SessionState.KILLED, "killed by user");
                case "stop_all" -> stopEverything("stopped by user (stop-all)");
                case "retry" -> retry(task);
                default -> log.log("ignored unknown request action '" + action + "'");
            }
        }
    }

    private void stopEverything(String reason) {
        stopping = true;
        for (Session s : sessions.values()) {
            requestEnd(s.id(), SessionState.STOPPED, reason);
        }
        checkFinished();
    }

    private void requestEnd(String taskId, SessionState end, String reason) {
        Session s = sessions.get(taskId);
        if (s == null) {
            return;
        }
        if (s.launching) {
            // Its process is being started: remember the request, started() carries it out.
            if (s.requestedEnd == null || end == SessionState.KILLED) {
                s.requestedEnd = end;
                s.requestedReason = reason;
            }
            return;
        }
        if (s.state() == SessionState.QUEUED) {
            // Nothing runs yet, so nothing to signal: it ends here, never started.
            publish(s, ended(s.view(), SessionState.STOPPED, reason + ", before it started", null));
            checkFinished();
            return;
        }
        if (s.state() != SessionState.RUNNING || s.process == null) {
            return;
        }
        boolean escalation = end == SessionState.KILLED && s.requestedEnd != SessionState.KILLED;
        if (s.requestedEnd != null && !escalation) {
            return; // already on its way out; a second stop changes nothing
        }
        s.requestedEnd = end;
        s.requestedReason = reason;
        log.log(taskId + ": " + reason + " (pid " + s.process.pid() + ")");
        if (end == SessionState.KILLED) {
            s.process.kill();
        } else {
            s.process.terminate(options.grace());
        }
    }

    private void fillSlots() {
        if (stopping || closing) {
            return;
        }
        for (Session s : sessions.values()) {
            if (running >= options.parallel()) {
                return;
            }
            if (s.state() == SessionState.QUEUED && !s.launching) {
                launch(s);
            }
        }
    }

    /**
     * Takes a slot and starts the session's process on the launcher pool: forking is the costliest
     * thing a session asks of the orchestrator, and on this thread it would delay every other
     * session's state change behind it. {@link #started} continues on this thread.
     */
    private void launch(Session s) {
        Task task = s.task;
        int attempt = s.view().attempt();
        s.requestedEnd = null;
        s.requestedReason = null;
        s.launching = true;
        s.marker = store.runId() + "/" + task.id() + "/" + attempt;
        running++;
        Instant now = Instant.now();
        String marker = s.marker;
        CompletableFuture.supplyAsync(() -> {
            try {
                SessionFiles files = store.prepareSession(task.id(), attempt, task.prompt());
                Map<String, String> env = new HashMap<>();
                if (task.env() != null) {
                    env.putAll(task.env());
                }
                env.putAll(agent.environment(task));
                Path cwd = task.cwd() == null ? options.projectDir() : options.projectDir().resolve(task.cwd());
                // The timeout goes with the process too: a watchdog keeps it if this orchestrator dies.
                return new Launched(files, SessionProcess.start(new LaunchSpec(agent.command(task), cwd, env,
                        files.prompt(), files.stderr(), marker, task.timeout(), options.grace())));
            } catch (IOException | StoreException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, launcher).whenCompleteAsync((launched, error) -> guarded(s, () -> started(s, attempt, now, launched, error)), loop);
    }

    private record Launched(SessionFiles files, SessionProcess process) {
    }

    private void started(Session s, int attempt, Instant now, Launched launched, Throwable error) {
        Task task = s.task;
        s.launching = false;
        if (error != null) {
            running--;
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            log.log(task.id() + ": could not start", cause);
            SessionView failed = new SessionView(task.id(), attempt, SessionState.FAILED,
                    "could not start: " + oneLine(cause.getMessage()), null, now, Instant.now(), 0, 0, null,
                    s.view().tokens(), null, null, null, null, task.model());
            publish(s, failed);
            fillSlots();
            checkFinished();
            return;
        }
        SessionProcess process = launched.process();
        s.files = launched.files();
        s.process = process;
        SessionView started = new SessionView(task.id(), attempt, SessionState.RUNNING, null, process.pid(),
                now, null, 0, 0, null, dev.claudemulti.agent.Tokens.ZERO, null, null, null, null, task.model());
        publish(s, started);
        log.log(task.id() + ": started attempt " + attempt + " pid " + process.pid());
        if (s.requestedEnd != null) {
            // Stopped or killed while its process was being started: carry the request out now.
            SessionState end = s.requestedEnd;
            s.requestedEnd = null;
            requestEnd(task.id(), end, s.requestedReason);
        } else if (task.timeout() != null) {
            s.timeout = loop.schedule(() -> requestEnd(task.id(), SessionState.TIMED_OUT,
                    "timed out after " + describe(task.timeout())), task.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        startPump(s, process, s.files);
    }

    /**
     * Copies the session's output to its file and parses it as it comes. When the main process
     * has exited, sweeps what it left behind (which also closes the pipe if a leftover held it),
     * then hands the outcome to the scheduler thread.
     */
    private void startPump(Session s, SessionProcess process, SessionFiles files) {
        int attempt = files.attempt();
        SessionProgress progress = new SessionProgress();
        BudgetGuard guard = budgets == null ? null : budgets.forSession(s.task.budgetUsd(), s.task.model());
        AtomicReference<String> lastUnparsed = new AtomicReference<>();
        CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
            StreamJsonParser parser = new StreamJsonParser(event -> {
                if (event instanceof SessionEvent.Unparsed u) {
                    lastUnparsed.set(u.excerpt());
                }
                progress.accept(event);
                if (guard != null) {
                    guard.accept(event);
                }
            });
            long bytes = 0;
            byte[] buf = new byte[PUMP_BUFFER];
            try (InputStream in = process.stdout(); OutputStream out = Files.newOutputStream(files.output())) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    bytes += n;
                    parser.feed(buf, 0, n);
                    publishProgress(s, attempt, progress, bytes);
                    String overBudget = guard == null ? null : guard.check();
                    if (overBudget != null) {
                        loop.execute(() -> {
                            if (s.process == process) {
                                requestEnd(s.id(), SessionState.FAILED, overBudget);
                            }
                        });
                    }
                }
            } catch (IOException e) {
                // The pipe was closed under us after the drain limit; what was read is kept.
                log.log(s.id() + ": output pipe closed: " + e.getMessage());
            }
            parser.finish();
            publishProgress(s, attempt, progress, bytes);
        }, pumps);

        CompletableFuture<Integer> exited = process.onExit().thenApplyAsync(code -> {
            try {
                int swept = process.sweep();
                if (swept > 0) {
                    log.log(s.id() + ": swept " + swept + " leftover process(es)");
                }
            } catch (IllegalStateException e) {
                // e.g. a process stuck in uninterruptible sleep: the session still ends, and says so
                log.log(s.id() + ": leftover processes survived SIGKILL", e);
            }
            try {
                drained.get(PIPE_DRAIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                log.log(s.id() + ": output still open " + PIPE_DRAIN_LIMIT.toSeconds() + "s after exit; ending without it");
                closeQuietly(process.stdout());
            } catch (Exception ignored) {
                // the drain task reports its own problems
            }
            return code;
        }, pumps);

        // Not combined with "drained": a process that shed its marker could hold the pipe open for
        // ever; after the drain limit the session ends with the output read so far.
        exited.whenCompleteAsync((code, error) -> guarded(s,
                () -> finish(s, process, code == null ? -1 : code, progress, lastUnparsed.get())), loop);
    }

    /**
     * Runs a step of a session's life on this thread. A bug in it must not leak the session's slot
     * (the run would never finish): the session ends as failed and the batch goes on.
     */
    private void guarded(Session s, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            log.log(s.id() + ": internal error", e);
            if (s.launching || s.process != null) {
                s.launching = false;
                s.process = null;
                running--;
            }
            if (!s.state().isFinal()) {
                try {
                    publish(s, ended(s.view(), SessionState.FAILED, "internal error: " + e, null));
                } catch (RuntimeException again) {
                    log.log(s.id() + ": cannot record the internal error", again);
                }
            }
            fillSlots();
            checkFinished();
        }
    }

    /** Live figures from the pump of {@code attempt}; a pump that outlived its attempt changes nothing. */
    private void publishProgress(Session s, int attempt, SessionProgress p, long bytes) {
        String activity = redact.apply(p.activity());
        UnaryOperator<SessionView> live = old -> old.state() != SessionState.RUNNING
                || old.attempt() != attempt ? old
                : new SessionView(old.taskId(), old.attempt(), old.state(), old.reason(), old.pid(), old.startedAt(),
                        null, bytes, p.turns(), p.costUsd(), p.tokens(), activity, old.resultText(), p.sessionId(),
                        null, p.model() != null ? p.model() : old.model());
        // Live figures are not state changes; they show once the session's start is on disk.
        SessionView v = s.progress(live);
        if (v.attempt() == attempt && v.state() == SessionState.RUNNING) {
            notifyListeners(l -> l.sessionChanged(v, false));
        }
    }

    private void finish(Session s, SessionProcess process, int exitCode, SessionProgress progress, String lastUnparsed) {
        if (s.process != process) {
            return;
        }
        running--;
        s.process = null;
        if (s.timeout != null) {
            s.timeout.cancel(false);
        }
        SessionEvent.Result result = progress.result();
        SessionState state;
        String reason;
        if (s.requestedEnd != null && !finishedBeforeBudgetStop(s, exitCode, result)) {
            state = s.requestedEnd;
            reason = s.requestedReason;
        } else if (exitCode == 0 && result != null && !result.isError()) {
            state = SessionState.COMPLETED;
            reason = null;
        } else {
            state = SessionState.FAILED;
            reason = failureReason(result, exitCode, s.files, lastUnparsed);
        }
        SessionView cur = s.view();
        SessionView done = new SessionView(cur.taskId(), cur.attempt(), state, reason, cur.pid(), cur.startedAt(),
                Instant.now(), cur.outputBytes(), progress.turns(), progress.costUsd(), progress.tokens(),
                cur.activity(), result == null ? null : result.result(), progress.sessionId(), exitCode, cur.model(),
                result == null ? null : result.permissionDenials());
        publish(s, done);
        log.log(s.id() + ": " + state.label() + (reason == null ? "" : " (" + reason + ")") + ", exit " + exitCode);
        fillSlots();
        checkFinished();
    }

    /** A budget stop that came too late: claude had already completed the task (and the spend is done either way). */
    private static boolean finishedBeforeBudgetStop(Session s, int exitCode, SessionEvent.Result result) {
        return s.requestedEnd == SessionState.FAILED && exitCode == 0 && result != null && !result.isError();
    }

    static String failureReason(SessionEvent.Result result, int exitCode, SessionFiles files, String lastUnparsed) {
        if (result != null && (result.isError() || !"success".equals(result.subtype()))) {
            // An API error ends with subtype "success" and is_error true: "success: API Error ..." would mislead.
            String kind = result.subtype() == null || "success".equals(result.subtype())
                    ? (result.terminalReason() == null ? "error" : result.terminalReason())
                    : result.subtype();
            StringBuilder b = new StringBuilder(kind);
            if (result.errors() != null && !result.errors().isEmpty()) {
                b.append(": ").append(String.join("; ", result.errors()));
            } else if (result.result() != null && !result.result().isBlank()) {
                b.append(": ").append(result.result());
            }
            if (result.apiErrorStatus() != null) {
                b.append(" (HTTP ").append(result.apiErrorStatus()).append(')');
            }
            return oneLine(b.toString());
        }
        String detail = lastLine(files == null ? null : files.stderr());
        if (detail == null) {
            detail = lastUnparsed;
        }
        String base = result == null ? (exitCode == 0 ? "no result line" : "exit code " + exitCode) : "exit code " + exitCode;
        return oneLine(detail == null || detail.isBlank() ? base : base + ": " + detail);
    }

    /** Last non-blank line of a file, reading only its tail: stderr can be large. */
    static String lastLine(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, 4096);
            byte[] tail = new byte[n];
            f.seek(len - n);
            f.readFully(tail);
            String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (!lines[i].isBlank()) {
                    return lines[i].strip();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** A failure reason: one clean line of at most 300 characters. */
    private static String oneLine(String s) {
        return s == null ? "unknown error" : Text.oneLine(s, 300);
    }

    private static SessionView ended(SessionView v, SessionState state, String reason, Integer exitCode) {
        return new SessionView(v.taskId(), v.attempt(), state, reason, v.pid(), v.startedAt(), Instant.now(),
                v.outputBytes(), v.turns(), v.costUsd(), v.tokens(), v.activity(), v.resultText(), v.sessionId(),
                exitCode, v.model());
    }

    /**
     * Journals a state change, then makes it visible once its entry is on disk: the order the
     * journal promises. The scheduler itself goes on at once (its own view changes now), so state
     * changes that come close together share one fsync (group commit).
     */
    private void publish(Session s, SessionView raw) {
        // Agent text (stderr lines, results) can quote a key: cut secrets out before it is recorded or shown.
        SessionView v = new SessionView(raw.taskId(), raw.attempt(), raw.state(), redact.apply(raw.reason()), raw.pid(),
                raw.startedAt(), raw.endedAt(), raw.outputBytes(), raw.turns(), raw.costUsd(), raw.tokens(),
                redact.apply(raw.activity()), redact.apply(raw.resultText()), raw.sessionId(), raw.exitCode(), raw.model(),
                raw.denials().stream().map(d -> new PermissionDenial(d.toolName(), d.toolUseId(),
                        redact.apply(d.target()))).toList());
        ObjectNode entry = sessionEntry(s, v);
        s.update(old -> v);
        SessionFiles files = s.files;
        String marker = s.marker;
        // Durable futures complete in journal order, so states are shown in the order they happened.
        record(List.of(entry)).whenCompleteAsync((ok, e) -> show(s, v, files, marker), loop);
    }

    private void show(Session s, SessionView durable, SessionFiles files, String marker) {
        SessionView v = s.show(durable);
        if (files != null && v.attempt() == files.attempt()) {
            ObjectNode info = SessionRecords.toJson(v);
            info.put("marker", marker);
            stateFiles.write(files, info);
        }
        notifyListeners(l -> l.sessionChanged(v, true));
    }

    /** A failing listener (a dashboard bug) is logged and must never stall the batch or lose a state. */
    private void notifyListeners(Consumer<EngineListener> event) {
        for (EngineListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.log("listener " + l.getClass().getName() + " failed", e);
            }
        }
    }

    private ObjectNode sessionEntry(Session s, SessionView v) {
        ObjectNode entry = JSON.objectNode().put("event", "session");
        entry.setAll(SessionRecords.toJson(v));
        if (v.state() == SessionState.RUNNING && s.process != null) {
            entry.put("marker", s.marker);
            Instant pidStart = s.process.startTime();
            if (pidStart != null) {
                entry.put("pid_start", pidStart.toString());
            }
        }
        return entry;
    }

    private CompletableFuture<Void> record(ObjectNode entry) {
        return record(List.of(entry));
    }

    /**
     * Writes entries to the journal; the future completes when they are on disk. A journal that
     * fails is logged once and the run goes on; the future then still completes after the
     * entries before, so that nothing is shown out of order.
     */
    private CompletableFuture<Void> record(List<ObjectNode> entries) {
        try {
            return journal.appendAsync(entries).exceptionally(e -> journalFailed(e));
        } catch (StoreException | RuntimeException e) {
            journalFailed(e);
            try {
                return journal.appendAsync(List.of()).exceptionally(again -> null);
            } catch (StoreException | RuntimeException again) {
                return CompletableFuture.completedFuture(null);
            }
        }
    }

    private Void journalFailed(Throwable e) {
        if (journalBroken.compareAndSet(false, true)) {
            log.log("journal write failed; the run goes on but cannot be resumed reliably", e);
        }
        return null;
    }

    private void checkFinished() {
        if (running > 0) {
            return;
        }
        for (Session s : sessions.values()) {
            if (!s.state().isFinal()) {
                return;
            }
        }
        if (endedAt != null) {
            return;
        }
        Instant ended = Instant.now();
        endedAt = ended;
        // Announced after every state change before it is on disk (and shown), with its own entry.
        record(JSON.objectNode().put("event", "run_finished")).whenCompleteAsync((ok, e) -> {
            if (endedAt != ended) {
                return; // a retry started the run again meanwhile: its end is announced instead
            }
            endShown = true;
            RunSnapshot snap = snapshot();
            notifyListeners(l -> l.runFinished(snap));
            finished.complete(snap);
            if (!idleWaiters.isEmpty()) {
                closing = true;
                idleWaiters.forEach(w -> w.complete(snap));
                idleWaiters.clear();
            }
        }, loop);
    }

    /**
     * Completes when every session has reached a final state, now or later: unlike
     * {@link #finished()}, it also waits for sessions retried after the run first finished.
     * From then on the scheduler starts nothing (a late retry is refused): call it when closing.
     */
    public CompletableFuture<RunSnapshot> idle() {
        CompletableFuture<RunSnapshot> idle = new CompletableFuture<>();
        loop.execute(() -> {
            if (endedAt != null && endShown) {
                closing = true;
                idle.complete(snapshot());
            } else {
                idleWaiters.add(idle);
            }
        });
        return idle;
    }

    static String describe(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Best effort: on Linux a close does not wake a read already blocked, so the pump may stay
            // until whatever holds the pipe (a process that shed the marker) exits; the session ends anyway.
        }
    }

    /** Stops the engine's threads. Call after {@link #finished()} completed. */
    @Override
    public void close() {
        if (requestWatcher != null) {
            requestWatcher.close();
        }
        loop.shutdown();
        pumps.shutdown();
        launcher.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
            launcher.awaitTermination(5, TimeUnit.SECONDS);
            // Normally nothing runs by now; if something does (a bug, a close before idle()), it must
            // not outlive its supervisor.
            for (Session s : sessions.values()) {
                SessionProcess p = s.process;
                if (p != null) {
                    log.log(s.id() + ": still running when the scheduler closed; killing it");
                    p.kill().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
                }
            }
            stateFiles.close(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
