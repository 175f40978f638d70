package dev.claudemulti.engine;

import dev.claudemulti.store.OrchestratorLog;
import java.time.Duration;
import java.time.Instant;

/**
 * How a request to end a session (a user's stop or kill, a timeout, a halt, the batch budget)
 * reaches it in whichever phase it is: being launched (remembered, and its setup stopped; the
 * launch carries it out), queued (it ends at once, never started), checking (the check's process
 * tree is stopped) or running (SIGTERM, grace, SIGKILL of the agent's tree). Scheduler thread only.
 */
final class EndRequests {
    private final SessionStarter starter;
    private final StateBoard board;
    private final CheckStep checks;
    private final Duration grace;
    private final OrchestratorLog log;

    EndRequests(SessionStarter starter, StateBoard board, CheckStep checks, Duration grace, OrchestratorLog log) {
        this.starter = starter;
        this.board = board;
        this.checks = checks;
        this.grace = grace;
        this.log = log;
    }

    /**
     * Carries the request to {@code s}; returns true if that ended it here and now (it was queued),
     * so the caller checks whether the run has finished. Otherwise its end arrives later, or never
     * (a session already final ignores the request).
     */
    boolean request(Session s, SessionState end, String reason) {
        if (s.launching) {
            // It is being started: remember the request, started() carries it out.
            if (s.requestedEnd == null || end == SessionState.KILLED) {
                s.requestedEnd = end;
                s.requestedReason = reason;
            }
            starter.stopSetup(s.marker);
            return false;
        }
        if (s.state() == SessionState.QUEUED) {
            // Nothing runs yet, so nothing to stop: it ends here, never started.
            board.publish(
                    s,
                    s.view()
                            .withState(SessionState.STOPPED, reason + ", before it started")
                            .withActivity(null) // no longer waiting for its dependencies
                            .withRetry(null)
                            .withEndedAt(Instant.now())
                            .withExitCode(null));
            return true;
        }
        if (!checks.stop(s, end, reason) && s.state() == SessionState.RUNNING && s.process != null) {
            RunningAttempt.stop(s, end, reason, grace, log);
        }
        return false;
    }
}
