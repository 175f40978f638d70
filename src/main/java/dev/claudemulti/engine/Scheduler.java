package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.launch.SessionLauncher;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.task.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a batch as a state machine: keeps the sessions its {@link BatchControl} allows running,
 * times them out, and records every state change through its {@link RunRecorder} before anyone
 * sees it.
 *
 * <p>Event-driven: all decisions happen on one scheduler thread, woken by session exits, timeout
 * deadlines and control requests. Nothing polls. This class is the {@link Engine} API and owns the
 * threads; the transitions are the {@link SessionMachine}'s, run on that thread. The other jobs are
 * other classes': starting and stopping sessions the {@link SessionLauncher}'s, reading their
 * output an {@link OutputPump}'s, cross-process requests the {@link RequestInbox}'s, secrets the
 * {@link Redactor}'s, what an ending means and what follows it the {@link EndPolicy}'s.
 */
public final class Scheduler implements Engine, AutoCloseable {

    /**
     * The parts a scheduler is made of, so that tests can run the state machine against fakes.
     *
     * @param launcher starts the sessions
     * @param recorder the only writer of the journal and session.json
     * @param batch    the rate-limit gate, halt policy and batch budget: which queued session starts, and when
     *                 the batch stops early
     */
    record Parts(
            SessionLauncher launcher,
            RunRecorder recorder,
            Redactor redactor,
            EndPolicy endPolicy,
            BatchControl batch) {}

    private final RunStore store;
    private final Agent agent;
    private final RunOptions options;
    private final Parts parts;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final ScheduledExecutorService loop;
    private final ExecutorService pumps;
    private final StateBoard board;
    private final RequestInbox inbox;
    private final SessionMachine machine;
    private final OrchestratorLog log;
    private final Instant startedAt;
    private final boolean resuming;

    /**
     * @param tasks tasks in file order; unset fields are filled from {@code options.taskDefaults()}
     */
    public Scheduler(
            RunStore store, Journal journal, Agent agent, RunOptions options, List<Task> tasks, OrchestratorLog log) {
        this(store, journal, agent, options, tasks, log, Map.of(), Instant.now(), 0);
    }

    /**
     * A scheduler that resumes a run: a task with a view in {@code resumed} starts from it. A final
     * view is kept as it is (never run again); a queued one runs, with the attempt number it carries.
     *
     * @param runStartedAt          when the run first started (the wall time counts from there)
     * @param earlierAttemptsCostUsd what the run's earlier attempts already spent
     */
    public Scheduler(
            RunStore store,
            Journal journal,
            Agent agent,
            RunOptions options,
            List<Task> tasks,
            OrchestratorLog log,
            Map<String, SessionView> resumed,
            Instant runStartedAt,
            double earlierAttemptsCostUsd) {
        this(
                store,
                agent,
                options,
                tasks,
                log,
                resumed,
                runStartedAt,
                earlierAttemptsCostUsd,
                new Parts(
                        Launchers.registry().primary(),
                        new JournalRecorder(store, journal, log),
                        Redactor.ofSecrets(options.environment(), tasks),
                        EndPolicy.standard(),
                        new BatchControl(options.parallel(), options.policy())));
    }

    Scheduler(
            RunStore store,
            Agent agent,
            RunOptions options,
            List<Task> tasks,
            OrchestratorLog log,
            Map<String, SessionView> resumed,
            Instant runStartedAt,
            double earlierAttemptsCostUsd,
            Parts parts) {
        this.startedAt = runStartedAt;
        this.store = store;
        this.agent = agent;
        this.options = options;
        this.log = log;
        this.parts = parts;
        this.resuming = !resumed.isEmpty();
        this.inbox = new RequestInbox(store, log);
        // A resumed attempt that continues its conversation counts only what it adds to the conversation's cost.
        Map<String, Double> conversationCosts = resuming ? RecordedRun.conversationCosts(store) : Map.of();
        for (Task t : tasks) {
            Task resolved = t.orElse(options.taskDefaults());
            SessionView initial = resumed.getOrDefault(
                    t.id(), SessionView.queued(t.id(), 1, resolved.model()).withSessionId(RetryPlanner.newSessionId()));
            Session session = new Session(resolved, initial);
            double conversation = conversationCosts.getOrDefault(t.id(), 0.0);
            // An ended attempt's base is what its conversation cost before it, as for one that ended here.
            session.costBaseUsd = initial.state().isFinal() && initial.costUsd() != null
                    ? Math.max(0, conversation - initial.costUsd())
                    : conversation;
            sessions.put(t.id(), session);
        }
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "scheduler"));
        AtomicInteger pumpCount = new AtomicInteger();
        this.pumps = Executors.newCachedThreadPool(r -> daemon(r, "session-pump-" + pumpCount.incrementAndGet()));
        this.board = new StateBoard(parts.recorder(), parts.redactor(), loop, log);
        this.machine = new SessionMachine(
                store,
                agent,
                options,
                log,
                parts,
                sessions,
                loop,
                pumps,
                board,
                earlierAttemptsCostUsd,
                this::snapshot);
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
            long pid = Launchers.ownerLiveness().self().pid();
            List<String> ids = List.copyOf(sessions.keySet());
            List<JournalEntry> entries = new ArrayList<>();
            entries.add(
                    resuming
                            ? new JournalEntry.RunResumed(pid, agent.name(), ids)
                            : new JournalEntry.RunStarted(pid, agent.name(), ids));
            for (Session s : sessions.values()) {
                if (!resuming || !s.state().isFinal()) {
                    entries.add(StateBoard.sessionEntry(s, s.view()));
                }
            }
            board.record(entries)
                    .whenCompleteAsync(
                            (ok, e) -> {
                                machine.fillSlots();
                                applyRequests();
                                machine.checkFinished();
                            },
                            loop);
        });
    }

    /** Completes, with the final snapshot, the first time every session has reached a final state. */
    public CompletableFuture<RunSnapshot> finished() {
        return machine.runEnd().finished();
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
        return new RunSnapshot(
                store.runId(),
                options.projectDir(),
                options.taskDefaults().model(),
                options.parallel(),
                agent.simulated(),
                startedAt,
                machine.runEnd().endedAt(),
                views,
                machine.earlierAttemptsCostUsd(),
                machine.batchStatus());
    }

    @Override
    public RunSnapshot.BatchStatus batchStatus() {
        return machine.batchStatus();
    }

    @Override
    public AutoCloseable subscribe(EngineListener listener) {
        return board.subscribe(listener);
    }

    @Override
    public void stop(String taskId) {
        loop.execute(() -> machine.requestEnd(taskId, SessionState.STOPPED, "stopped by user"));
    }

    @Override
    public void kill(String taskId) {
        loop.execute(() -> machine.requestEnd(taskId, SessionState.KILLED, "killed by user"));
    }

    @Override
    public void retry(String taskId) {
        loop.execute(() -> machine.queueAgain(taskId, null));
    }

    /**
     * Queues a follow-up of the ended session {@code taskId} ({@link FollowUp}), run like a retry;
     * ignored (and logged) for a session that has not ended or never started, or once the run is closing.
     */
    @Override
    public void followUp(String taskId, String prompt) {
        loop.execute(() -> machine.queueAgain(taskId, prompt));
    }

    @Override
    public void stopAll() {
        loop.execute(() -> machine.stopEverything("stopped by user (stop-all)"));
    }

    @Override
    public String attachRefusal(String taskId) {
        Session s = sessions.get(taskId);
        return s == null ? "no task '" + taskId + "' in this run" : TakeOver.refusal(s.view(), agent);
    }

    /** Asks the scheduler thread to record the begin, and waits (bounded) for its answer. */
    @Override
    public Handover attachBegin(String taskId) {
        String refused = attachRefusal(taskId);
        if (refused != null) {
            return Handover.refused(refused);
        }
        CompletableFuture<String> begun = new CompletableFuture<>();
        loop.execute(() -> begun.complete(machine.attachBegin(taskId)));
        try {
            String why = begun.get(TakeOver.WAIT.toSeconds(), TimeUnit.SECONDS);
            if (why != null) {
                return Handover.refused(why);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Handover.refused("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return Handover.refused("the scheduler did not answer: " + e);
        }
        SessionView v = sessions.get(taskId).view();
        return new Handover(
                agent.interactiveCommand(v.sessionId(), v.model()).orElseThrow(),
                HandsOn.workingDirectory(options.projectDir(), v),
                null);
    }

    @Override
    public void attachEnd(String taskId, int exitCode) {
        try {
            loop.execute(() -> machine.attachEnd(taskId, exitCode));
        } catch (RejectedExecutionException e) {
            log.log(taskId + ": the take-over by hand ended after the scheduler closed; its end is not recorded", e);
        }
    }

    /** The orchestrator got a signal (or its dashboard's user quit): record it, stop everything, and let the run finish. */
    @Override
    public void interrupt(String signal) {
        loop.execute(() -> machine.interrupt(signal));
    }

    /** Acts on requests other processes (claude-multi stop, an attached dashboard) left in the run directory. */
    private void applyRequests() {
        for (RequestInbox.Request request : inbox.take()) {
            if (FollowUp.ACTION.equals(request.action())) {
                log.log("request from pid " + request.fromPid() + ": " + request.action() + " " + request.task());
                if (request.prompt() == null || request.prompt().isBlank()) {
                    log.log("ignored a continue request without a prompt"); // never a retry in disguise
                } else {
                    machine.queueAgain(request.task(), request.prompt());
                }
                // Journaled after the queued attempt: a taken follow-up with no new attempt before it was refused.
                board.record(request.journalEntry());
                continue;
            }
            board.record(request.journalEntry());
            log.log("request from pid " + request.fromPid() + ": " + request.action()
                    + (request.task() == null ? "" : " " + request.task()));
            switch (request.action()) {
                case "stop" -> machine.requestEnd(request.task(), SessionState.STOPPED, "stopped by user");
                case "kill" -> machine.requestEnd(request.task(), SessionState.KILLED, "killed by user");
                case "stop_all" -> machine.stopEverything("stopped by user (stop-all)");
                case "retry" -> retry(request.task());
                case HandsOn.BEGIN -> machine.attachBegin(request.task());
                case HandsOn.END ->
                    machine.attachEnd(request.task(), request.exitCode() == null ? -1 : request.exitCode());
                default -> log.log("ignored unknown request action '" + request.action() + "'");
            }
        }
    }

    /**
     * Completes when every session has reached a final state, now or later: unlike
     * {@link #finished()}, it also waits for sessions retried after the run first finished.
     * From then on the scheduler starts nothing (a late retry is refused): call it when closing.
     */
    public CompletableFuture<RunSnapshot> idle() {
        CompletableFuture<RunSnapshot> idle = new CompletableFuture<>();
        loop.execute(() -> machine.idle(idle));
        return idle;
    }

    /** Stops the engine's threads. Call after {@link #finished()} completed. */
    @Override
    public void close() {
        inbox.close();
        loop.shutdown();
        pumps.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
            machine.killLeftovers();
            parts.launcher().releaseIdle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        parts.recorder().close();
    }
}
