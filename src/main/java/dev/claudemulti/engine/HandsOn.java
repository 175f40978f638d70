package dev.claudemulti.engine;

import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.workspace.SessionWorkspace;
import dev.claudemulti.workspace.WorkspacePlan;
import dev.claudemulti.workspace.Worktrees;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.DoubleConsumer;

/**
 * Sessions taken over by hand ({@link SessionState#ATTACHED}): the rules every process applies (what
 * can be taken over, the views of the begin and the end, where the session works) and the scheduler's
 * side of it, for a run this process owns (see {@link TakeOver} for the contract with other processes).
 *
 * <p>The instance methods run on the scheduler thread only. While a session is taken over the run does
 * not end ({@link #active}), so its orchestrator is there to record the end; the batch's other sessions
 * go on. A signal to the orchestrator ends the run without waiting; the process that took the session
 * over then records the end itself, the owner being gone. Not guaranteed: that a take-over's end comes
 * (one whose process died without its {@code attach_end} stays begun, and keeps the run open, until the
 * orchestrator gets a signal).
 */
final class HandsOn {
    /** The request that asks a live orchestrator to record a take-over's begin. */
    static final String BEGIN = "attach_begin";
    /** The request that asks it to commit the session's work and record the end, with the exit code. */
    static final String END = "attach_end";
    /** What a taken-over session is doing, on its row while claude runs by hand. */
    static final String ACTIVITY = "taken over by hand";
    /** The prompt file of a taken-over attempt: it has no prompt of its own. */
    static final String PROMPT_NOTE = "(taken over by hand: an interactive claude on this conversation)\n";

    private final Map<String, Session> sessions;
    private final StateBoard board;
    private final SessionStarter starter;
    private final OrchestratorLog log;
    /** The scheduler thread. */
    private final Executor loop;
    /** Task id to the attempt being taken over. */
    private final Map<String, Integer> open = new HashMap<>();

    HandsOn(
            Map<String, Session> sessions,
            StateBoard board,
            SessionStarter starter,
            Executor loop,
            OrchestratorLog log) {
        this.sessions = sessions;
        this.loop = loop;
        this.board = board;
        this.starter = starter;
        this.log = log;
    }

    /**
     * Why {@code v} (a task's latest view) cannot be taken over now, or null: it must have ended (stop
     * it first; a lost one too) and have had a conversation.
     */
    static String refusal(SessionView v) {
        if (!v.state().isFinal() || v.state() == SessionState.LOST) {
            return "task '" + v.taskId() + "' is " + v.state().label() + "; stop it first: " + Hints.stop(v.taskId());
        }
        if (v.sessionId() == null || (v.startedAt() == null && v.attempt() == 1)) {
            return "task '" + v.taskId() + "' has no session id (it never started), so there is no conversation"
                    + " to take over";
        }
        if (v.state() == SessionState.ATTACHED && v.endedAt() == null) {
            return "task '" + v.taskId() + "' is already taken over by hand";
        }
        return null;
    }

    /**
     * The begin of the take-over of {@code ended} as attempt {@code attempt}, with the task's
     * {@code model} (null: claude's default), which the interactive claude is given.
     */
    static SessionView begun(SessionView ended, int attempt, Instant at, String model) {
        return SessionView.started(ended.taskId(), attempt, null, at, model)
                .withState(SessionState.ATTACHED, null)
                .withSessionId(ended.sessionId())
                .withWorkspace(ended.workspace())
                .withActivity(ACTIVITY);
    }

    /** The end of the take-over {@code begun}: claude exited with {@code exitCode} (-1: it could not start). */
    static SessionView ended(SessionView begun, int exitCode, SessionWorkspace committed, Instant at) {
        String reason =
                exitCode == 0 ? null : exitCode < 0 ? "claude could not start" : "claude exited with code " + exitCode;
        return begun.withState(SessionState.ATTACHED, reason)
                .withActivity(null)
                .withEndedAt(at)
                .withExitCode(exitCode < 0 ? null : exitCode)
                .withWorkspace(committed);
    }

    /**
     * Where the session works: its worktree (at the project directory's place in it) when it has
     * one, else the run's project directory. Not guaranteed: a task's own {@code cwd} is not applied.
     */
    static Path workingDirectory(Path projectDir, SessionView v) {
        SessionWorkspace ws = v.workspace();
        if (ws == null) {
            return projectDir;
        }
        Path worktree = Path.of(ws.worktree());
        if (projectDir == null) {
            return worktree;
        }
        try {
            Path repo = Path.of(ws.repo());
            Path real = projectDir.toRealPath();
            return real.startsWith(repo)
                    ? worktree.resolve(repo.relativize(real).toString())
                    : worktree;
        } catch (IOException e) {
            return worktree;
        }
    }

    /**
     * Commits the work in {@code v}'s worktree on its branch as after any attempt, from a process that
     * does not own the run; {@code v}'s workspace as it was when git failed (or null: not isolated).
     */
    static SessionWorkspace commit(String runId, SessionView v) {
        SessionWorkspace ws = v.workspace();
        if (ws == null) {
            return null;
        }
        String suffix = runId + "/" + v.taskId();
        String prefix = ws.branch().endsWith(suffix)
                ? ws.branch().substring(0, ws.branch().length() - suffix.length())
                : WorkspacePlan.DEFAULT_BRANCH_PREFIX;
        WorkspacePlan plan = new WorkspacePlan(
                Path.of(ws.repo()), ws.base(), prefix, Path.of(ws.worktree()).getParent(), runId);
        try {
            return new Worktrees(plan).commit(ws, v.taskId(), null);
        } catch (IOException e) {
            return ws;
        }
    }

    /** True while {@code taskId} is taken over: no retry may start under the user's hands. */
    boolean holds(String taskId) {
        return open.containsKey(taskId);
    }

    /** True while some session is taken over: the run must not end. */
    boolean active() {
        return !open.isEmpty();
    }

    /**
     * Begins the take-over of {@code taskId} as a new attempt; returns why not, or null.
     * {@code replaced} is told what the attempt it replaces cost (spent, though its row moves on).
     */
    String begin(String taskId, RunEnd end, boolean interrupted, DoubleConsumer replaced) {
        Session s = sessions.get(taskId);
        if (s == null) {
            return "no task '" + taskId + "' in this run";
        }
        SessionView prev = s.view();
        String why = open.containsKey(taskId) ? "task '" + taskId + "' is already taken over by hand" : refusal(prev);
        if (why == null && (end.closing() || interrupted)) {
            why = "the run is " + (interrupted ? "interrupted" : "ending") + "; nothing new starts in it";
        }
        if (why != null) {
            log.log(taskId + ": take-over refused: " + why);
            return why;
        }
        end.reopen();
        if (prev.costUsd() != null) {
            replaced.accept(prev.costUsd());
            if (!prev.costEstimated()) {
                s.costBaseUsd += prev.costUsd(); // the conversation's cost so far
            }
        }
        SessionView begun = begun(prev, prev.attempt() + 1, Instant.now(), s.task.model());
        open.put(taskId, begun.attempt());
        log.log(taskId + ": taken over by hand as attempt " + begun.attempt());
        board.publish(s, begun);
        return null;
    }

    /**
     * Ends the take-over of {@code taskId}: commits its work (off this thread), then records the end
     * and hands {@code recorded} back to this thread. A task not taken over is ignored.
     */
    void end(String taskId, int exitCode, Runnable recorded) {
        Session s = sessions.get(taskId);
        Integer attempt = open.get(taskId);
        if (s == null || attempt == null) {
            return;
        }
        SessionView begun = s.view();
        CompletableFuture<SessionWorkspace> committed = starter.commitEnded(begun.workspace(), taskId, null);
        committed.whenCompleteAsync(
                (ws, e) -> {
                    open.remove(taskId);
                    board.publish(s, ended(begun, exitCode, e == null ? ws : begun.workspace(), Instant.now()));
                    log.log(taskId + ": take-over ended, claude exit " + exitCode);
                    recorded.run();
                },
                loop);
    }
}
