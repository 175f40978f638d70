package dev.claudemulti.engine;

import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.workspace.SessionWorkspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rule of a task's {@code dependsOn}: a queued session may start only once every task it
 * depends on is COMPLETED (completed with denials counts); once one ends in any other final
 * state, the session is SKIPPED, never started, with the reason "dependency b failed" (the
 * dependency's state word), and so, in turn, are its own dependants.
 *
 * <p>A dependency waiting for a retry is QUEUED, not final: its dependants wait for its last
 * attempt. A session skipped here stays skipped when the user later retries its dependency (the
 * user may retry the dependant too). A queued session that waits shows "waiting for a, b" as its
 * activity, which is journaled, so {@code status} in another process sees it as well.
 *
 * <p>A dependency that is not a session of this run (the task file reader makes sure every id
 * names a task of the file) does not hold anything up. Scheduler thread only.
 */
public final class DependencyGate {
    /** How the activity of a queued session waiting for its dependencies starts. */
    public static final String WAITING_FOR = "waiting for ";

    /** How the reason of a session a dependency ruled out starts ("dependency b failed"). */
    private static final String SKIP_REASON = "dependency ";

    private final Map<String, Session> sessions;
    private final StateBoard board;
    private final OrchestratorLog log;
    /** The sessions with dependencies, in task-file order: only they can wait or be skipped here. */
    private final List<Session> dependants;

    DependencyGate(Map<String, Session> sessions, StateBoard board, OrchestratorLog log) {
        this.sessions = sessions;
        this.board = board;
        this.log = log;
        this.dependants = sessions.values().stream()
                .filter(s -> !s.task.dependencies().isEmpty())
                .toList();
    }

    /** May {@code s} start as far as its dependencies go: all of them completed? */
    boolean ready(Session s) {
        for (String id : s.task.dependencies()) {
            if (!completed(id)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Skips every queued session a dependency ruled out (until none is left, so a skip reaches the
     * dependants' dependants), and brings each waiting session's "waiting for" up to date.
     *
     * @return true if it skipped any session (the run may be over)
     */
    boolean update() {
        boolean skippedAny = false;
        boolean skipped = true;
        while (skipped) {
            skipped = false;
            for (Session s : dependants) {
                if (!waits(s)) {
                    continue;
                }
                Session blocker = failedDependency(s);
                if (blocker != null) {
                    String reason =
                            SKIP_REASON + blocker.id() + " " + blocker.state().label();
                    log.log(s.id() + ": skipped: " + reason);
                    board.publish(
                            s,
                            s.view()
                                    .withState(SessionState.SKIPPED, reason)
                                    .withActivity(null)
                                    .withRetry(null)
                                    .withEndedAt(Instant.now()));
                    skipped = true;
                    skippedAny = true;
                }
            }
        }
        for (Session s : dependants) {
            if (waits(s)) {
                List<String> waiting = waitingFor(s);
                String activity = waiting.isEmpty() ? null : WAITING_FOR + String.join(", ", waiting);
                if (!Objects.equals(activity, s.view().activity())) {
                    board.publish(s, s.view().withActivity(activity));
                }
            }
        }
        return skippedAny;
    }

    /**
     * The commits {@code s}'s worktree starts from: each dependency's commit, or its base when it
     * changed nothing; empty when no dependency had a worktree (the task's own base then applies).
     */
    List<String> commits(Session s) {
        List<String> commits = new ArrayList<>();
        for (String id : s.task.dependencies()) {
            Session dep = sessions.get(id);
            SessionWorkspace ws = dep == null ? null : dep.view().workspace();
            if (ws != null) {
                commits.add(ws.commit() != null ? ws.commit() : ws.base());
            }
        }
        return commits;
    }

    /** A queued session, not being launched, that has dependencies. */
    private static boolean waits(Session s) {
        return s.state() == SessionState.QUEUED
                && !s.launching
                && !s.task.dependencies().isEmpty();
    }

    /** The first dependency of {@code s} that ended other than completed, or null. */
    private Session failedDependency(Session s) {
        for (String id : s.task.dependencies()) {
            Session dep = sessions.get(id);
            if (dep != null && dep.state().isFinal() && dep.state() != SessionState.COMPLETED) {
                return dep;
            }
        }
        return null;
    }

    /** The dependencies of {@code s} not completed yet, in the order the task names them. */
    private List<String> waitingFor(Session s) {
        List<String> waiting = new ArrayList<>();
        for (String id : s.task.dependencies()) {
            if (!completed(id)) {
                waiting.add(id);
            }
        }
        return waiting;
    }

    /** Whether dependency {@code id} holds nothing up: completed, or not a session of this run. */
    private boolean completed(String id) {
        Session dep = sessions.get(id);
        return dep == null || dep.state() == SessionState.COMPLETED;
    }
}
