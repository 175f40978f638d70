package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.launch.LaunchSpec;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.launch.SessionLauncher;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.store.StoreException;
import dev.claudemulti.task.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prepares an attempt's files and launches it on a small pool of its own: forking is the costliest
 * thing a session asks of the orchestrator, and on the scheduler thread it would delay every other
 * session's state change behind it.
 */
final class SessionStarter implements AutoCloseable {
    /** A launched attempt: its files and its handle. */
    record Launched(SessionFiles files, SessionHandle process) {
    }

    private final RunStore store;
    private final Agent agent;
    private final RunOptions options;
    private final SessionLauncher launcher;
    private final ExecutorService pool;

    SessionStarter(RunStore store, Agent agent, RunOptions options, SessionLauncher launcher) {
        this.store = store;
        this.agent = agent;
        this.options = options;
        this.launcher = launcher;
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.min(options.parallel(), 4), r -> {
            Thread t = new Thread(r, "session-launcher-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the attempt; the future fails (with the cause inside a CompletionException) if it could not. */
    CompletableFuture<Launched> start(Task task, int attempt, String marker) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                SessionFiles files = store.prepareSession(task.id(), attempt, task.prompt());
                return new Launched(files, launcher.launch(specFor(task, files, marker)));
            } catch (IOException | StoreException e) {
                throw new CompletionException(e);
            }
        }, pool);
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

    /** Lets launches under way finish (bounded), so that no session starts unsupervised. */
    @Override
    public void close() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
