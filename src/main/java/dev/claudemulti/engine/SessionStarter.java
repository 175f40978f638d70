package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.AttemptPlan;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.display.Text;
import dev.claudemulti.launch.LaunchSpec;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.launch.SessionLauncher;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.store.StoreException;
import dev.claudemulti.task.Task;
import dev.claudemulti.workspace.DependencyMerge;
import dev.claudemulti.workspace.Git;
import dev.claudemulti.workspace.SessionWorkspace;
import dev.claudemulti.workspace.Worktrees;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prepares an attempt's files and launches it on a pool of its own: forking is the costliest
 * thing a session asks of the orchestrator, and on the scheduler thread it would delay every other
 * session's state change behind it. In an isolated run it also makes (or resets) the session's
 * worktree, runs the task's setup there first, and commits the session's work once it ended: git
 * and setup commands are slow for the same reason.
 */
final class SessionStarter implements AutoCloseable {
    /**
     * A launched attempt: its files, its handle, its workspace (null: runs in place) and the time
     * its setup took, which its timeout already covered.
     */
    record Launched(SessionFiles files, SessionHandle process, SessionWorkspace workspace, Duration setupTook) {}

    /** The attempt ended before its agent started (its setup failed or timed out, or a stop came first). */
    static final class NotStarted extends Exception {
        private static final long serialVersionUID = 1L;
        final transient SessionState state;
        final transient SessionWorkspace workspace;

        NotStarted(SessionState state, String reason, SessionWorkspace workspace) {
            super(reason);
            this.state = state;
            this.workspace = workspace;
        }
    }

    private final RunStore store;
    private final Agent agent;
    private final RunOptions options;
    private final SessionLauncher launcher;
    private final ExecutorService pool;
    private final OrchestratorLog log;
    private final SetupStep setup;
    private final SessionPorts ports;
    /** Null when the project is in no git repository. */
    private final Worktrees worktrees;

    SessionStarter(RunStore store, Agent agent, RunOptions options, SessionLauncher launcher, OrchestratorLog log) {
        this.store = store;
        this.log = log;
        this.agent = agent;
        this.options = options;
        this.launcher = launcher;
        this.setup = new SetupStep(launcher);
        this.ports = new SessionPorts(store.runId());
        this.worktrees = options.workspaces() == null ? null : new Worktrees(options.workspaces());
        AtomicInteger count = new AtomicInteger();
        // One thread per slot: a session's setup may take minutes and must not hold up another's start.
        this.pool = Executors.newFixedThreadPool(options.parallel(), r -> {
            Thread t = new Thread(r, "session-launcher-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the attempt; the future fails (with the cause inside a CompletionException) if it could
     * not. An attempt that continues a conversation ({@code plan.resume()}) gets the agent's
     * continuation prompt, saying it was cut off by {@code cause}, instead of the task's prompt; a
     * follow-up ({@code followUp} not null) gets that prompt instead. An isolated session with
     * {@code dependencyCommits} starts its worktree from them (merged, when several); if they
     * conflict it ends SKIPPED, naming the files, before anything is made.
     */
    CompletableFuture<Launched> start(
            Task task,
            int attempt,
            String marker,
            AttemptPlan plan,
            String cause,
            String followUp,
            List<String> dependencyCommits) {
        return CompletableFuture.supplyAsync(
                () -> {
                    SessionWorkspace ws = null;
                    try {
                        SessionFiles files =
                                store.prepareSession(task.id(), attempt, prompt(task, plan, cause, followUp));
                        ws = isolated(task)
                                ? worktrees.prepare(task.id(), attempt, baseOf(task, dependencyCommits), plan.resume())
                                : null;
                        Path root = ws == null ? options.projectDir() : projectDirIn(ws);
                        Map<String, String> env = environment(task);
                        Duration setupTook = Duration.ZERO;
                        if (task.setup() != null) {
                            setupTook = setup.run(
                                    task.setup(), root, env, files.dir(), marker, task.timeout(), options.grace());
                        }
                        Duration left =
                                task.timeout() == null ? null : task.timeout().minus(setupTook);
                        Path cwd = workingDir(task, ws);
                        // The timeout goes with the session too: the launcher keeps it if this orchestrator dies.
                        LaunchSpec spec = new LaunchSpec(
                                agent.command(task, plan),
                                cwd,
                                env,
                                files.prompt(),
                                files.stderr(),
                                marker,
                                left,
                                options.grace());
                        return new Launched(files, launcher.launch(spec), ws, setupTook);
                    } catch (NotStarted e) {
                        throw new CompletionException(e);
                    } catch (SetupStep.Failed e) {
                        // What the setup changed is committed too: however a session ends, its worktree is.
                        throw new CompletionException(new NotStarted(
                                e.state, e.getMessage(), ws == null ? null : committed(ws, task.id(), e.getMessage())));
                    } catch (IOException | StoreException e) {
                        throw new CompletionException(e);
                    }
                },
                pool);
    }

    /** Stops the setup of a session still being started, if it runs one: a stop must not wait for it. */
    void stopSetup(String marker) {
        setup.stop(marker);
    }

    /** The session of {@code marker} is started (or failed to): a stop no longer goes to its setup. */
    void startSettled(String marker) {
        setup.forget(marker);
    }

    /**
     * Commits the ended session's work on its branch (see {@link Worktrees#commit}); completes with
     * the workspace carrying the commit and its changes; null when {@code ws} is null (not
     * isolated), and {@code ws} as it was when git failed (logged: the work stays in the worktree,
     * uncommitted).
     */
    CompletableFuture<SessionWorkspace> commitEnded(SessionWorkspace ws, String taskId, SessionEvent.Result result) {
        if (ws == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.supplyAsync(
                () -> committed(ws, taskId, result == null ? null : result.result()), pool);
    }

    private SessionWorkspace committed(SessionWorkspace ws, String taskId, String result) {
        try {
            return worktrees.commit(ws, taskId, result);
        } catch (IOException e) {
            log.log(taskId + ": cannot commit its work on " + ws.branch(), e);
            return ws;
        }
    }

    private String prompt(Task task, AttemptPlan plan, String cause, String followUp) {
        if (followUp != null && plan.resume()) {
            return followUp;
        }
        return plan.resume() ? agent.continuationPrompt(cause) : task.prompt();
    }

    /**
     * {@code started}, ended because its start failed with {@code cause}: when its setup ended it,
     * as a stop requested meanwhile asked or else as the setup ended; otherwise failed with the
     * cause as reason, as before setups existed.
     */
    static SessionView notStarted(
            SessionView started, Throwable cause, SessionState requested, String requestedReason) {
        SessionWorkspace ws = cause instanceof NotStarted n ? n.workspace : null;
        SessionView ended;
        if (cause instanceof NotStarted setupEnd) {
            // A stop that ended the setup wins over the setup's own exit.
            ended = requested != null
                    ? started.withState(requested, requestedReason + ", before its agent started")
                    : started.withState(setupEnd.state, Text.oneLine(setupEnd.getMessage(), 300));
        } else {
            String message = cause.getMessage() == null ? "unknown error" : Text.oneLine(cause.getMessage(), 300);
            ended = started.withState(SessionState.FAILED, "could not start: " + message);
        }
        return ended.withEndedAt(Instant.now()).withWorkspace(ws);
    }

    private boolean isolated(Task task) {
        return worktrees != null && "worktree".equals(task.isolation());
    }

    private String baseOf(Task task, List<String> dependencyCommits) throws IOException, NotStarted {
        if (!dependencyCommits.isEmpty()) {
            try {
                return DependencyMerge.base(
                        new Git(options.workspaces().repo()),
                        dependencyCommits,
                        task.id() + ": its dependencies merged");
            } catch (DependencyMerge.Conflict e) {
                throw new NotStarted(SessionState.SKIPPED, e.getMessage(), null);
            }
        }
        return task.base() != null ? task.base() : options.workspaces().base();
    }

    /** Where an attempt of {@code task} in {@code ws} (null: not isolated) runs: its task's cwd in its root. */
    Path workingDir(Task task, SessionWorkspace ws) throws IOException {
        Path root = ws == null ? options.projectDir() : projectDirIn(ws);
        return task.cwd() == null ? root : root.resolve(task.cwd());
    }

    /** The project directory's place in the session's worktree (the project may be a subdirectory of its repository). */
    private Path projectDirIn(SessionWorkspace ws) throws IOException {
        // git names the repository with symbolic links resolved, so the project directory must be too.
        Path inRepo =
                options.workspaces().repo().relativize(options.projectDir().toRealPath());
        return Path.of(ws.worktree()).resolve(inRepo.toString());
    }

    /** The variables an attempt of {@code task} runs with, besides its marker: its port, its env, the agent's. */
    Map<String, String> environment(Task task) {
        Map<String, String> env = new HashMap<>();
        env.put(SessionPorts.VARIABLE, Integer.toString(ports.firstPort(task.id())));
        if (task.env() != null) {
            env.putAll(task.env());
        }
        env.putAll(agent.environment(task));
        return env;
    }

    /** Lets launches under way finish (bounded), so that no session starts unsupervised. */
    @Override
    public void close() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
