package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.AgentUnavailableException;
import dev.claudemulti.record.RunInfo;
import dev.claudemulti.store.RunLock;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StoreException;
import dev.claudemulti.task.Task;
import dev.claudemulti.task.TaskFile;
import dev.claudemulti.task.TaskFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Taking a session over by hand ({@code claude-multi attach}, the dashboard's {@code a} on an
 * observed run), seen from a process that does not own the run: the user runs claude
 * interactively on the session's conversation, and the run records that as an attempt of its own.
 *
 * <p>The contract, whoever writes the journal:
 * <ul>
 *   <li>the take-over is a new attempt of the task (its number above every attempt on disk) with the
 *       conversation's session id; its {@link SessionState#ATTACHED} view is recorded when it begins
 *       (no end yet, activity {@link HandsOn#ACTIVITY}) and again when it ends (its end, the interactive
 *       program's exit code, and its workspace with the work committed on the session's branch as after
 *       any attempt);
 *   <li>while the run's orchestrator lives, this process never writes the run's journal: it leaves
 *       {@code attach_begin TASK} and, once claude exited, {@code attach_end TASK} with the exit code as
 *       requests, and the orchestrator records both and commits (it does not end the run in between);
 *       this process waits, bounded, for each entry;
 *   <li>with no orchestrator (or once it is gone), this process holds the run lock from the begin to the
 *       end, so no resume runs the run meanwhile, and writes both entries itself through
 *       {@link JournalRecorder}, then the run's end if every session is final again.
 * </ul>
 *
 * <p>Not guaranteed: what the interactive session cost (claude does not report it: the attempt's cost
 * stays unknown, and a later follow-up's own cost, computed from claude's running total, includes it);
 * that an orchestrator acts within the wait (then {@link Refused} says so, and its request stands).
 */
public final class TakeOver implements AutoCloseable {
    /** How long to wait for a live orchestrator to record a begin or an end. */
    public static final Duration WAIT = Duration.ofSeconds(15);

    private static final long POLL_MS = 100;

    /** The take-over cannot begin or end as asked; the message is one line for the user. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    private final RunStore store;
    private final String taskId;
    private SessionView begun;
    /** Held from the begin to the end when this process writes the journal; null while an orchestrator does. */
    private RunLock lock;

    private TakeOver(RunStore store, SessionView begun, RunLock lock) {
        this.store = store;
        this.taskId = begun.taskId();
        this.begun = begun;
        this.lock = lock;
    }

    /** The recorded begin: the attempt, the conversation, the model and the workspace to work in. */
    public SessionView begun() {
        return begun;
    }

    /**
     * Why {@code v} (a task's latest view) cannot be taken over by {@code agent} once it has ended, or
     * null: as {@link HandsOn#refusal} (a session still running counts as ended here: the caller stops
     * it first), and the agent must have an interactive form whose executable is found.
     */
    public static String refusal(SessionView v, Agent agent) {
        boolean running = !v.state().isFinal() || v.state() == SessionState.LOST;
        String why = HandsOn.refusal(running ? v.withState(SessionState.STOPPED, null) : v);
        if (why != null) {
            return why;
        }
        if (agent == null || agent.interactiveCommand(v.sessionId(), null).isEmpty()) {
            return "the " + (agent == null ? "run's" : agent.name()) + " agent cannot be taken over by hand";
        }
        try {
            agent.checkAvailable();
        } catch (AgentUnavailableException e) {
            return e.getMessage();
        }
        return null;
    }

    /**
     * Where {@code v}'s session works: its worktree (at the project directory's place in it) when it has
     * one, else the run's project directory ({@code projectDir}). A task's own {@code cwd} is not applied.
     */
    public static Path workingDirectory(Path projectDir, SessionView v) {
        return HandsOn.workingDirectory(projectDir, v);
    }

    /** What to run for this take-over with {@code agent}, and where ({@code projectDir}: the run's). */
    public Handover handover(Agent agent, Path projectDir) {
        return new Handover(
                agent.interactiveCommand(begun.sessionId(), begun.model()).orElseThrow(),
                HandsOn.workingDirectory(projectDir, begun),
                null);
    }

    /**
     * Records the begin of a take-over of {@code taskId}, whose latest attempt must have ended (stop
     * it first) and have a conversation ({@link HandsOn#refusal}).
     *
     * @throws Refused the session cannot be taken over, the run is in use by another process, or its
     *                 orchestrator did not record the begin in time
     */
    public static TakeOver begin(RecordedRun run, String taskId) throws Refused, StoreException {
        RunStore store = run.store();
        SessionView before = session(run, taskId);
        if (liveOwner(run)) {
            run.request(HandsOn.BEGIN, taskId);
            SessionView begun =
                    await(store, taskId, v -> v.attempt() > before.attempt() && v.state() == SessionState.ATTACHED);
            if (begun != null) {
                return new TakeOver(store, begun, null);
            }
            if (liveOwner(RecordedRun.loadStates(store))) {
                throw new Refused("the orchestrator of run " + store.runId() + " did not take '" + taskId
                        + "' over within " + WAIT.toSeconds() + " s (is it finishing?); try again");
            }
            // It is gone: the request is dropped by any later owner, as older than its start.
        }
        RunLock lock = lockOrRefuse(store);
        try {
            RecordedRun now = RecordedRun.loadStates(store);
            if (liveOwner(now)) {
                throw new Refused("run " + store.runId() + " was resumed meanwhile; try again");
            }
            SessionView ended = session(now, taskId);
            String why = HandsOn.refusal(ended);
            if (why != null) {
                throw new Refused(why);
            }
            int attempt = Math.max(ended.attempt(), store.latestAttempt(taskId)) + 1;
            SessionView begun = HandsOn.begun(ended, attempt, Instant.now(), taskModel(now, taskId));
            store.prepareSession(taskId, attempt, HandsOn.PROMPT_NOTE);
            double base = RecordedRun.conversationCosts(store).getOrDefault(taskId, 0.0);
            JournalRecorder.appendOwnerless(store, begun, base, false);
            return new TakeOver(store, begun, lock);
        } catch (Refused | StoreException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Records the end of the take-over: the interactive program exited with {@code exitCode} (-1: it
     * could not start). Returns the recorded view (its workspace with the work committed).
     *
     * @throws Refused a live orchestrator did not record the end in time (its request stands)
     */
    public SessionView end(int exitCode) throws Refused, StoreException {
        int attempt = begun.attempt();
        if (lock == null) {
            RecordedRun run = RecordedRun.loadStates(store);
            if (liveOwner(run)) {
                run.request(HandsOn.END, taskId, exitCode);
                SessionView ended = await(
                        store, taskId, v -> v.attempt() > attempt || (v.attempt() == attempt && v.endedAt() != null));
                if (ended != null) {
                    begun = ended;
                    return ended;
                }
                if (liveOwner(RecordedRun.loadStates(store))) {
                    throw new Refused("the orchestrator of run " + store.runId() + " has not recorded the end of '"
                            + taskId + "' yet; it will when it takes the request");
                }
            }
            lock = lockOrRefuse(store); // the orchestrator died meanwhile: nobody else will record it
        }
        SessionView ended = HandsOn.ended(begun, exitCode, HandsOn.commit(store.runId(), begun), Instant.now());
        RecordedRun before = RecordedRun.loadStates(store);
        double base = RecordedRun.conversationCosts(store).getOrDefault(taskId, 0.0);
        boolean allFinal = before.snapshot().sessions().stream()
                .allMatch(v -> v.taskId().equals(taskId) || (v.state().isFinal() && v.state() != SessionState.LOST));
        JournalRecorder.appendOwnerless(store, ended, base, allFinal);
        begun = ended;
        return ended;
    }

    /** Releases the run lock, if this process holds it. */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    /**
     * The model of {@code taskId} as the run's task file (in run.json) gives it, else the run's; null
     * when neither names one (claude's default) or the copy cannot be read.
     */
    private static String taskModel(RecordedRun run, String taskId) {
        RunInfo info = run.runInfo();
        if (info == null) {
            return null;
        }
        String model = info.optionsOrEmpty().model();
        if (info.taskFileText() == null) {
            return model;
        }
        try {
            TaskFile file = TaskFile.parse("run.json", info.taskFileText().getBytes(StandardCharsets.UTF_8));
            for (Task t : file.tasks()) {
                if (t.id().equals(taskId) && t.model() != null) {
                    return t.model();
                }
            }
        } catch (TaskFileException e) {
            // the run could not be resumed either; the run's model is the best guess left
        }
        return model;
    }

    /**
     * Whether an orchestrator still runs the run and takes its requests: its process lives and has not
     * recorded the run's end in run.json (which it does once it stopped taking requests).
     */
    private static boolean liveOwner(RecordedRun run) {
        return run.ownerAlive() && (run.runInfo() == null || run.runInfo().ended() == null);
    }

    private static RunLock lockOrRefuse(RunStore store) throws StoreException, Refused {
        RunLock lock = store.tryLock();
        if (lock == null) {
            throw new Refused("run " + store.runId()
                    + " is in use by another claude-multi process (being resumed?); try again when it is done");
        }
        return lock;
    }

    private static SessionView session(RecordedRun run, String taskId) throws Refused {
        SessionView v = run.snapshot().session(taskId);
        if (v == null) {
            throw new Refused("no task '" + taskId + "' in run " + run.store().runId());
        }
        return v;
    }

    /** Waits until the journal shows {@code taskId} as {@code wanted}, or the bound passed, or the owner is gone. */
    private static SessionView await(RunStore store, String taskId, Predicate<SessionView> wanted) {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            RecordedRun now = RecordedRun.loadStates(store);
            SessionView v = now.snapshot().session(taskId);
            if (v != null && wanted.test(v)) {
                return v;
            }
            if (!liveOwner(now) || Instant.now().isAfter(deadline)) {
                return null;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
