package dev.claudemulti.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.Pricing;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.agent.SessionProgress;
import dev.claudemulti.launch.HandleRecordJson;
import dev.claudemulti.launch.LaunchSpec;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.launch.SessionLauncher;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.store.StoreException;
import dev.claudemulti.task.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a batch as a state machine: keeps the sessions its {@link StartPolicy} allows running,
 * times them out, and records every state change through its {@link RunRecorder} before anyone
 * sees it.
 *
 * <p>Event-driven: all decisions happen on one scheduler thread, woken by session exits, timeout
 * deadlines and control requests. Nothing polls. The other jobs are other classes': starting and
 * stopping sessions the {@link SessionLauncher}'s, reading their output an {@link OutputPump}'s,
 * cross-process requests the {@link RequestInbox}'s, secrets the {@link Redactor}'s, what an end
 * means the {@link EndPolicy}'s.
 */
public final class Scheduler implements Engine, AutoCloseable {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * The parts a scheduler is made of, so that tests can run the state machine against fakes.
     *
     * @param launcher starts the sessions
     * @param recorder the only writer of the journal and session.json
     */
    record Parts(SessionLauncher launcher, RunRecorder recorder, Redactor redactor, StartPolicy startPolicy,
                 EndPolicy endPolicy) {
    }

    private final RunStore store;
    private final Agent agent;
    private final RunOptions options;
    private final OrchestratorLog log;
    private final Parts parts;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final ScheduledExecutorService loop;
    private final ExecutorService pumps;
    /** Forks sessions, away from the scheduler thread: forking is the costliest thing a session asks. */
    private final ExecutorService launchPool;
    private final RequestInbox inbox;
    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
    /** Stops a session whose live cost estimate passes its budget; null for the simulated agent, which keeps its own. */
    private final BudgetGuard.Factory budgets;
    private final CompletableFuture<RunSnapshot> finished = new CompletableFuture<>();
    private final Instant startedAt;
    /** What attempts replaced by a retry or a resume cost; written on the scheduler thread only. */
    private volatile double earlierAttemptsCostUsd;
    private final boolean resuming;
    private volatile Instant endedAt;
    private int running;
    private boolean stopping;
    /** A signal stopped the run: nothing starts any more, not even a retry. */
    private boolean interrupted;
    /** {@link #idle()} completed: the owner is closing the scheduler, so nothing may start. */
    private boolean closing;
    /** The end of the run (endedAt) is on disk and was announced; scheduler thread only. */
    private boolean endShown;
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
     *
     * @param runStartedAt          when the run first started (the wall time counts from there)
     * @param earlierAttemptsCostUsd what the run's earlier attempts already spent
     */
    public Scheduler(RunStore store, Journal journal, Agent agent, RunOptions options, List<Task> tasks,
                     OrchestratorLog log, Map<String, SessionView> resumed, Instant runStartedAt,
                     double earlierAttemptsCostUsd) {
        this(store, agent, options, tasks, log, resumed, runStartedAt, earlierAttemptsCostUsd,
                new Parts(Launchers.registry().primary(), new JournalRecorder(store, journal, log),
                        Redactor.ofSecrets(System.getenv(), tasks), StartPolicy.fileOrder(options.parallel()),
                        EndPolicy.standard()));
    }

    Scheduler(RunStore store, Agent agent, RunOptions options, List<Task> tasks, OrchestratorLog log,
              Map<String, SessionView> resumed, Instant runStartedAt, double earlierAttemptsCostUsd, Parts parts) {
        this.startedAt = runStartedAt;
        this.earlierAttemptsCostUsd = earlierAttemptsCostUsd;
        this.store = store;
        this.agent = agent;
        this.options = options;
        this.log = log;
        this.parts = parts;
        this.resuming = !resumed.isEmpty();
        this.inbox = new RequestInbox(store, log);
        this.budgets = agent.simulated() ? null : new BudgetGuard.Factory(Pricing.builtIn(), log::log);
        for (Task t : tasks) {
            Task resolved = t.orElse(options.taskDefaults());
            SessionView initial = resumed.getOrDefault(t.id(), SessionView.queued(t.id(), 1, resolved.model()));
            sessions.put(t.id(), new Session(resolved, initial));
        }
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "scheduler"));
        AtomicInteger launcherCount = new AtomicInteger();
        this.launchPool = Executors.newFixedThreadPool(Math.min(options.parallel(), 4),
                r -> daemon(r, "session-launcher-" + launcherCount.incrementAndGet()));
        AtomicInteger pumpCount = new AtomicInteger();
        this.pumps = Executors.newCachedThreadPool(r -> daemon(r, "session-pump-" + pumpCount.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Records the run start and launches the first sessions. Returns at once. */
    public void start() {
        inbox.open(startedAt, () -> loop.execute(this::applyRequests));
        loop.execute(() -> {
            ObjectNode entry = JSON.objectNode().put("event", resuming ? "resumed" : "run_started");
            entry.put("pid", Launchers.ownerLiveness().self().pid());
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
            parts.recorder().append(entries).whenCompleteAsync((ok, e) -> {
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
        return new RunSnapshot(store.runId(), options.projectDir(), options.taskDefaults().model(), options.parallel(),
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
        loop.execute(() -> queueAgain(taskId));
    }

    private void queueAgain(String taskId) {
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
            parts.recorder().append(List.of(JSON.objectNode().put("event", "interrupted").put("signal", signal)));
            log.log("interrupted by SIG" + signal + ": stopping all sessions");
            stopEverything("interrupted (SIG" + signal + ")");
        });
    }

    /** Acts on requests other processes (claude-multi stop, an attached dashboard) left in the run directory. */
    private void applyRequests() {
        for (RequestInbox.Request request : inbox.take()) {
            parts.recorder().append(List.of(request.journalEntry()));
            log.log("request from pid " + request.fromPid() + ": " + request.action()
                    + (request.task() == null ? "" : " " + request.task()));
            switch (request.action()) {
                case "stop" -> requestEnd(request.task(), SessionState.STOPPED, "stopped by user");
                case "kill" -> requestEnd(request.task(), SessionState.KILLED, "killed by user");
                case "stop_all" -> stopEverything("stopped by user (stop-all)");
                case "retry" -> retry(request.task());
                default -> log.log("ignored unknown request action '" + request.action() + "'");
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
            // It is being started: remember the request, started() carries it out.
            if (s.requestedEnd == null || end == SessionState.KILLED) {
                s.requestedEnd = end;
                s.requestedReason = reason;
            }
            return;
        }
        if (s.state() == SessionState.QUEUED) {
            // Nothing runs yet, so nothing to stop: it ends here, never started.
            publish(s, s.view().withState(SessionState.STOPPED, reason + ", before it started")
                    .withEndedAt(Instant.now()).withExitCode(null));
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
        List<SessionView> queued = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (s.state() == SessionState.QUEUED && !s.launching) {
                queued.add(s.view());
            }
        }
        for (SessionView v : parts.startPolicy().pick(queued, running)) {
            launch(sessions.get(v.taskId()));
        }
    }

    /**
     * Takes a slot and starts the session on the launch pool, so that a slow fork does not delay
     * every other session's state change behind it. {@link #started} continues on this thread.
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
                return new Launched(files, parts.launcher().launch(specFor(task, files, marker)));
            } catch (IOException | StoreException e) {
                throw new CompletionException(e);
            }
        }, launchPool).whenCompleteAsync((launched, error) -> guarded(s, () -> started(s, attempt, now, launched, error)), loop);
    }

    private LaunchSpec specFor(Task task, SessionFiles files, String marker) {
        Map<String, String> env = new HashMap<>();
        if (task.env() != null) {
            env.putAll(task.env());
        }
        env.putAll(agent.environment(task));
        Path cwd = task.cwd() == null ? options.projectDir() : options.projectDir().resolve(task.cwd());
        // The timeout goes with the session too: the launcher keeps it if this orchestrator dies.
        return new LaunchSpec(agent.command(task), cwd, env, files.prompt(), files.stderr(), marker, task.timeout(),
                options.grace());
    }

    private record Launched(SessionFiles files, SessionHandle process) {
    }

    private void started(Session s, int attempt, Instant now, Launched launched, Throwable error) {
        Task task = s.task;
        s.launching = false;
        if (error != null) {
            running--;
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            log.log(task.id() + ": could not start", cause);
            publish(s, SessionView.started(task.id(), attempt, null, now, task.model())
                    .withFigures(0, null, s.view().tokens(), null, null)
                    .withState(SessionState.FAILED, "could not start: " + FailureReason.oneLine(cause.getMessage()))
                    .withEndedAt(Instant.now()));
            fillSlots();
            checkFinished();
            return;
        }
        SessionHandle process = launched.process();
        s.files = launched.files();
        s.process = process;
        publish(s, SessionView.started(task.id(), attempt, process.pid() < 0 ? null : process.pid(), now, task.model()));
        log.log(task.id() + ": started attempt " + attempt + " pid " + process.pid());
        if (s.requestedEnd != null) {
            // Stopped or killed while it was being started: carry the request out now.
            SessionState end = s.requestedEnd;
            s.requestedEnd = null;
            requestEnd(task.id(), end, s.requestedReason);
        } else if (task.timeout() != null) {
            s.timeout = loop.schedule(() -> requestEnd(task.id(), SessionState.TIMED_OUT,
                    "timed out after " + describe(task.timeout())), task.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        pump(s, process, s.files);
    }

    /** Reads the session's output until it ends; {@link #finish} then continues on this thread. */
    private void pump(Session s, SessionHandle process, SessionFiles files) {
        int attempt = files.attempt();
        BudgetGuard guard = budgets == null ? null : budgets.forSession(s.task.budgetUsd(), s.task.model());
        Consumer<SessionEvent> events = guard == null ? event -> { } : guard::accept;
        OutputPump pump = new OutputPump(s.id(), process, files.output(), events, (progress, bytes, last) -> {
            publishProgress(s, attempt, progress, bytes);
            String overBudget = last || guard == null ? null : guard.check();
            if (overBudget != null) {
                loop.execute(() -> {
                    if (s.process == process) {
                        requestEnd(s.id(), SessionState.FAILED, overBudget);
                    }
                });
            }
        }, pumps, log);
        pump.ended().whenCompleteAsync((code, error) -> guarded(s,
                () -> finish(s, process, code == null ? -1 : code, pump)), loop);
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
                    publish(s, s.view().withState(SessionState.FAILED, "internal error: " + e)
                            .withEndedAt(Instant.now()).withExitCode(null));
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
        String activity = parts.redactor().cut(p.activity());
        // Live figures are not state changes; they show once the session's start is on disk.
        SessionView v = s.progress(old -> old.state() != SessionState.RUNNING || old.attempt() != attempt ? old
                : old.withOutputBytes(bytes).withFigures(p.turns(), p.costUsd(), p.tokens(), p.sessionId(), p.model())
                        .withActivity(activity));
        if (v.attempt() == attempt && v.state() == SessionState.RUNNING) {
            notifyListeners(l -> l.sessionChanged(v, false));
        }
    }

    private void finish(Session s, SessionHandle process, int exitCode, OutputPump pump) {
        if (s.process != process) {
            return;
        }
        running--;
        s.process = null;
        if (s.timeout != null) {
            s.timeout.cancel(false);
        }
        SessionProgress progress = pump.progress();
        SessionEvent.Result result = progress.result();
        EndPolicy.Ending ending = parts.endPolicy().classify(s.requestedEnd, s.requestedReason, exitCode, result,
                () -> FailureReason.of(result, exitCode, s.files, pump.lastUnparsed()));
        SessionView done = s.view().withState(ending.state(), ending.reason()).withEndedAt(Instant.now())
                .withFigures(progress.turns(), progress.costUsd(), progress.tokens(), progress.sessionId(), null)
                .withResult(result == null ? null : result.result(), result == null ? null : result.permissionDenials())
                .withExitCode(exitCode);
        publish(s, done);
        log.log(s.id() + ": " + ending.state().label() + (ending.reason() == null ? "" : " (" + ending.reason() + ")")
                + ", exit " + exitCode);
        if (parts.endPolicy().retryAfter(done) && !stopping && !interrupted) {
            queueAgain(s.id());
        }
        fillSlots();
        checkFinished();
    }

    /**
     * Records a state change, then makes it visible once it is on disk: the order the journal
     * promises. The scheduler itself goes on at once (its own view changes now), so state changes
     * that come close together share one fsync (group commit).
     */
    private void publish(Session s, SessionView raw) {
        // Agent text (stderr lines, results) can quote a key: cut secrets out before it is recorded or shown.
        SessionView v = parts.redactor().redact(raw);
        ObjectNode entry = sessionEntry(s, v);
        s.update(old -> v);
        SessionFiles files = s.files;
        String marker = s.marker;
        // Durable futures complete in journal order, so states are shown in the order they happened.
        parts.recorder().append(List.of(entry)).whenCompleteAsync((ok, e) -> show(s, v, files, marker), loop);
    }

    private void show(Session s, SessionView durable, SessionFiles files, String marker) {
        SessionView v = s.show(durable);
        if (files != null && v.attempt() == files.attempt()) {
            ObjectNode info = SessionRecords.toJson(v);
            info.put("marker", marker);
            parts.recorder().writeSessionInfo(files, info);
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

    /** A session's journal entry; a running one also carries its handle, so another process can find it again. */
    private static ObjectNode sessionEntry(Session s, SessionView v) {
        ObjectNode entry = JSON.objectNode().put("event", "session");
        entry.setAll(SessionRecords.toJson(v));
        if (v.state() == SessionState.RUNNING && s.process != null) {
            HandleRecordJson.write(entry, s.process.record());
        }
        return entry;
    }

    private void checkFinished() {
        if (running > 0 || endedAt != null) {
            return;
        }
        for (Session s : sessions.values()) {
            if (!s.state().isFinal()) {
                return;
            }
        }
        Instant ended = Instant.now();
        endedAt = ended;
        // Announced after every state change before it is on disk (and shown), with its own entry.
        parts.recorder().append(List.of(JSON.objectNode().put("event", "run_finished"))).whenCompleteAsync((ok, e) -> {
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

    /** Stops the engine's threads. Call after {@link #finished()} completed. */
    @Override
    public void close() {
        inbox.close();
        loop.shutdown();
        pumps.shutdown();
        launchPool.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
            launchPool.awaitTermination(5, TimeUnit.SECONDS);
            // Normally nothing runs by now; if something does (a bug, a close before idle()), it must
            // not outlive its supervisor.
            for (Session s : sessions.values()) {
                SessionHandle p = s.process;
                if (p != null) {
                    log.log(s.id() + ": still running when the scheduler closed; killing it");
                    p.kill().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        parts.recorder().close();
    }
}
