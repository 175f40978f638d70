package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.record.OwnerRequest;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StoreException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An {@link Engine} over a run recorded in the state directory, possibly still being run by
 * another orchestrator process: what {@code claude-multi dashboard} shows.
 *
 * <p>It follows the run through file-change notifications (inotify on Linux) on the run and
 * session directories, re-reading the small journal and only the new bytes of each running
 * session's output. Stop, kill and stop-all follow the {@link StopProtocol}; retry and a follow-up
 * are left as requests for the owning orchestrator (without one, there is nothing to run a new attempt).
 */
public final class AttachedRun implements Engine, AutoCloseable {
    /** Owner liveness and clock-driven changes are checked at least this often. */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final RunStore store;
    private final Duration grace;
    private final OrchestratorLog log;
    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, OutputTail> tails = new HashMap<>();
    private final Set<Path> watched = new HashSet<>();
    private final WatchService watcher;
    private final Thread thread;
    private volatile RecordedRun current;
    /** The lost sessions' live processes, read at each refresh: a /proc scan, too slow for every frame. */
    private volatile String notice;

    private volatile boolean closed;
    /** The agent a take-over by hand runs, or null: this view cannot take sessions over. */
    private final Agent interactive;
    /** Take-overs begun here and not yet ended, by task. */
    private final Map<String, TakeOver> takeOvers = new ConcurrentHashMap<>();

    public AttachedRun(RunStore store, Duration grace, OrchestratorLog log) throws IOException {
        this(store, grace, log, null);
    }

    /** @param interactive the agent a take-over by hand runs (see {@link #attachBegin}); null for none */
    public AttachedRun(RunStore store, Duration grace, OrchestratorLog log, Agent interactive) throws IOException {
        this.interactive = interactive;
        this.store = store;
        this.grace = grace;
        this.log = log;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.current = RecordedRun.loadStates(store); // refresh() below adds the output figures
        refresh(false);
        this.thread = new Thread(this::follow, "attached-run");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public RunSnapshot snapshot() {
        return current.snapshot();
    }

    public RecordedRun recorded() {
        return current;
    }

    @Override
    public AutoCloseable subscribe(EngineListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public boolean ownsProcesses() {
        return false;
    }

    @Override
    public void stop(String taskId) {
        StopProtocol.endInBackground(current, taskId, SessionState.STOPPED, grace, log);
    }

    @Override
    public void kill(String taskId) {
        StopProtocol.endInBackground(current, taskId, SessionState.KILLED, grace, log);
    }

    @Override
    public void stopAll() {
        StopProtocol.endInBackground(current, null, SessionState.STOPPED, grace, log);
    }

    @Override
    public String notice() {
        return notice;
    }

    @Override
    public boolean canRetry() {
        return current.ownerAlive();
    }

    /** Retry needs an orchestrator to run the new attempt: only the owner can; without one, resume the run. */
    @Override
    public void retry(String taskId) {
        if (current.ownerAlive()) {
            try {
                current.request("retry", taskId);
            } catch (StoreException e) {
                log.log("cannot leave a retry request in " + store.requestsDir(), e);
            }
        }
    }

    @Override
    public boolean canFollowUp() {
        return current.ownerAlive();
    }

    /**
     * Leaves the follow-up as a request for the owning orchestrator, which queues it; returns at
     * once (the new attempt shows in a later refresh). Without a live owner there is nothing to run it.
     */
    @Override
    public void followUp(String taskId, String prompt) {
        RecordedRun run = current;
        if (run.ownerAlive() && run.snapshot().session(taskId) != null) {
            try {
                new OwnerRequest(
                                FollowUp.ACTION,
                                taskId,
                                Launchers.ownerLiveness().self().pid(),
                                prompt,
                                null)
                        .writeTo(store);
            } catch (StoreException e) {
                log.log("cannot leave a follow-up request in " + store.requestsDir(), e);
            }
        }
    }

    @Override
    public String attachRefusal(String taskId) {
        SessionView v = current.snapshot().session(taskId);
        if (takeOvers.containsKey(taskId)) {
            return "task '" + taskId + "' is already taken over by hand"; // the snapshot may not show it yet
        }
        return v == null ? "no task '" + taskId + "' in run " + store.runId() : TakeOver.refusal(v, interactive);
    }

    /** Begins the take-over through the {@link TakeOver} protocol: asks the live owner, or records it here. */
    @Override
    public Handover attachBegin(String taskId) {
        String refused = attachRefusal(taskId);
        if (refused != null) {
            return Handover.refused(refused);
        }
        try {
            TakeOver begun = TakeOver.begin(RecordedRun.loadStates(store), taskId);
            takeOvers.put(taskId, begun);
            return begun.handover(interactive, current.snapshot().projectDir());
        } catch (TakeOver.Refused e) {
            return Handover.refused(e.getMessage());
        } catch (StoreException e) {
            log.log("cannot take " + taskId + " over", e);
            return Handover.refused("cannot take " + taskId + " over: " + e.getMessage());
        }
    }

    @Override
    public void attachEnd(String taskId, int exitCode) {
        TakeOver begun = takeOvers.remove(taskId);
        if (begun == null) {
            return;
        }
        try (begun) {
            begun.end(exitCode);
        } catch (TakeOver.Refused | StoreException e) {
            log.log("cannot record the end of the take-over of " + taskId, e);
        }
        refresh(true);
    }

    private void follow() {
        try {
            while (!closed) {
                WatchKey key = watcher.poll(RECHECK.toMillis(), TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                    // Let a burst of writes settle into one refresh.
                    WatchKey more;
                    while ((more = watcher.poll(20, TimeUnit.MILLISECONDS)) != null) {
                        more.pollEvents();
                        more.reset();
                    }
                }
                refresh(true);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** Re-reads the journal and the new output of running sessions; tells listeners what changed. */
    private synchronized void refresh(boolean notify) {
        RecordedRun before = current;
        RecordedRun loaded = RecordedRun.loadStates(store);
        List<SessionView> views = new ArrayList<>();
        for (SessionView v : loaded.snapshot().sessions()) {
            if (v.state() == SessionState.RUNNING || v.state() == SessionState.LOST) {
                Path output = store.session(v.taskId(), v.attempt()).output();
                views.add(tails.computeIfAbsent(
                                v.taskId() + "#" + v.attempt(), k -> new OutputTail(output, loaded.agent()))
                        .apply(v));
            } else {
                views.add(v);
            }
        }
        RunSnapshot s = loaded.snapshot();
        current = new RecordedRun(
                store,
                loaded.runInfo(),
                new RunSnapshot(
                        s.runId(),
                        s.projectDir(),
                        s.model(),
                        s.parallel(),
                        s.simulated(),
                        s.startedAt(),
                        s.endedAt(),
                        views,
                        s.earlierAttemptsCostUsd()),
                loaded.ownerAlive(),
                loaded.running(),
                loaded.interrupted());
        notice = current.lostProcessesNotice(false);
        watchDirectories();
        if (!notify) {
            return;
        }
        Map<String, SessionView> old = new HashMap<>();
        before.snapshot().sessions().forEach(v -> old.put(v.taskId(), v));
        for (SessionView v : views) {
            SessionView prev = old.get(v.taskId());
            if (!Objects.equals(prev, v)) {
                boolean stateChanged = prev == null || prev.state() != v.state() || prev.attempt() != v.attempt();
                listeners.forEach(l -> l.sessionChanged(v, stateChanged));
            }
        }
        if (current.finished() && !before.finished()) {
            listeners.forEach(l -> l.runFinished(current.snapshot()));
        }
    }

    private void watchDirectories() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(store.dir());
        for (SessionView v : current.snapshot().sessions()) {
            if (!v.state().isFinal() || v.state() == SessionState.LOST) {
                dirs.add(store.session(v.taskId(), v.attempt()).dir());
            }
        }
        for (Path d : dirs) {
            if (!watched.contains(d) && Files.isDirectory(d)) {
                try {
                    d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                    watched.add(d);
                } catch (IOException e) {
                    log.log("cannot watch " + d + "; the dashboard will update once a second", e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        takeOvers.values().forEach(TakeOver::close);
        try {
            watcher.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }
}
