package dev.claudemulti.tui;

import dev.claudemulti.engine.Engine;
import dev.claudemulti.engine.EngineListener;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory engine the test scripts: it records control calls and publishes the views it is given. */
final class ScriptedEngine implements Engine {
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
    private volatile RunSnapshot snapshot;
    volatile boolean owns = true;
    /** When set, stop/stopAll/kill end the sessions at once, as a real engine would soon after. */
    volatile boolean obeys;
    /** What {@link #notice()} says. */
    volatile String notice;

    ScriptedEngine(RunSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    public RunSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public String notice() {
        return notice;
    }

    @Override
    public AutoCloseable subscribe(EngineListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    int listenerCount() {
        return listeners.size();
    }

    @Override
    public void stop(String taskId) {
        calls.add("stop " + taskId);
        if (obeys) {
            end(taskId, SessionState.STOPPED, "stopped by user");
        }
    }

    @Override
    public void kill(String taskId) {
        calls.add("kill " + taskId);
        if (obeys) {
            end(taskId, SessionState.KILLED, "killed by user");
        }
    }

    @Override
    public void retry(String taskId) {
        calls.add("retry " + taskId);
    }

    /** Whether a follow-up can run, as {@link Engine#canFollowUp}. */
    volatile boolean followsUp = true;

    @Override
    public void followUp(String taskId, String prompt) {
        calls.add("followUp " + taskId + " " + prompt);
    }

    @Override
    public boolean canFollowUp() {
        return followsUp;
    }

    @Override
    public void stopAll() {
        calls.add("stopAll");
        if (obeys) {
            for (SessionView v : snapshot.sessions()) {
                if (!v.state().isFinal()) {
                    end(v.taskId(), SessionState.STOPPED, "stopped by user (stop-all)");
                }
            }
        }
    }

    @Override
    public void interrupt(String signal) {
        calls.add("interrupt " + signal);
        if (obeys) {
            for (SessionView v : snapshot.sessions()) {
                if (!v.state().isFinal()) {
                    end(v.taskId(), SessionState.STOPPED, "interrupted (SIG" + signal + ")");
                }
            }
        }
    }

    @Override
    public boolean ownsProcesses() {
        return owns;
    }

    private void end(String taskId, SessionState state, String reason) {
        SessionView v = find(taskId);
        if (v == null || v.state().isFinal()) {
            return;
        }
        put(new SessionView(
                v.taskId(),
                v.attempt(),
                state,
                reason,
                v.pid(),
                v.startedAt(),
                v.startedAt() == null ? null : v.startedAt().plusSeconds(100),
                v.outputBytes(),
                v.turns(),
                v.costUsd(),
                v.tokens(),
                v.activity(),
                v.resultText(),
                v.sessionId(),
                v.exitCode(),
                v.model()));
    }

    SessionView find(String taskId) {
        return snapshot.sessions().stream()
                .filter(s -> s.taskId().equals(taskId))
                .findFirst()
                .orElse(null);
    }

    /** Replaces the session with the same id (or adds it) and tells the listeners. */
    synchronized void put(SessionView view) {
        List<SessionView> list = new ArrayList<>(snapshot.sessions());
        boolean replaced = false;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).taskId().equals(view.taskId())) {
                list.set(i, view);
                replaced = true;
            }
        }
        if (!replaced) {
            list.add(view);
        }
        RunSnapshot s = snapshot;
        boolean done = list.stream().allMatch(v -> v.state().isFinal());
        snapshot = new RunSnapshot(
                s.runId(),
                s.projectDir(),
                s.model(),
                s.parallel(),
                s.simulated(),
                s.startedAt(),
                done ? (s.endedAt() != null ? s.endedAt() : s.startedAt().plusSeconds(300)) : null,
                list,
                s.earlierAttemptsCostUsd(),
                s.batch());
        for (EngineListener l : listeners) {
            l.sessionChanged(view, true);
        }
        if (done) {
            for (EngineListener l : listeners) {
                l.runFinished(snapshot);
            }
        }
    }

    /** Sets the run-wide state of the batch's policies (limit, pause, budget, halt) and tells the listeners. */
    synchronized void batch(RunSnapshot.BatchStatus batch) {
        RunSnapshot s = snapshot;
        snapshot = new RunSnapshot(
                s.runId(),
                s.projectDir(),
                s.model(),
                s.parallel(),
                s.simulated(),
                s.startedAt(),
                s.endedAt(),
                s.sessions(),
                s.earlierAttemptsCostUsd(),
                batch);
        SessionView first = s.sessions().get(0);
        for (EngineListener l : listeners) {
            l.sessionChanged(first, false);
        }
    }

    /** Fires a progress event without changing anything (for coalescing tests). */
    void ping(String taskId) {
        SessionView v = find(taskId);
        for (EngineListener l : listeners) {
            l.sessionChanged(v, false);
        }
    }

    static Instant t0() {
        return DemoRun.T0;
    }
}
