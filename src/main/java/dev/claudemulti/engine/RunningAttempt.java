package dev.claudemulti.engine;

import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.store.OrchestratorLog;
import java.time.Duration;

/**
 * One running attempt as the {@link SessionMachine} follows it: what its output tells (handed on
 * only while the attempt is still the session's current one: an output that outlived its attempt
 * changes nothing), and how a stop reaches its process. Scheduler thread only.
 */
final class RunningAttempt implements AttemptOutput.Watcher {
    private final SessionMachine machine;
    private final Session session;
    private final SessionHandle process;

    RunningAttempt(SessionMachine machine, Session session, SessionHandle process) {
        this.machine = machine;
        this.session = session;
        this.process = process;
    }

    private boolean current() {
        return session.process == process;
    }

    @Override
    public void overBudget(String reason) {
        if (current()) {
            machine.requestEnd(session.id(), SessionState.FAILED, reason);
        }
    }

    @Override
    public void event(SessionEvent event) {
        if (current()) {
            machine.observed(session, process, event);
        }
    }

    @Override
    public void costMoved() {
        if (current()) {
            machine.moneyMoved();
        }
    }

    @Override
    public void ended(AttemptOutput.Ended ended) {
        machine.ended(session, process, ended);
    }

    /**
     * Asks the running session {@code s} to end as {@code end}: TERM (the launcher's grace, then
     * KILL) or, for KILLED, KILL now. A second request changes nothing, except a kill after a stop.
     */
    static void stop(Session s, SessionState end, String reason, Duration grace, OrchestratorLog log) {
        boolean escalation = end == SessionState.KILLED && s.requestedEnd != SessionState.KILLED;
        if (s.requestedEnd != null && !escalation) {
            return; // already on its way out
        }
        s.requestedEnd = end;
        s.requestedReason = reason;
        log.log(s.id() + ": " + reason + " (pid " + s.process.pid() + ")");
        if (end == SessionState.KILLED) {
            s.process.kill();
        } else {
            s.process.terminate(grace);
        }
    }
}
