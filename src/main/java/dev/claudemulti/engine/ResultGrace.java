package dev.claudemulti.engine;

import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.store.OrchestratorLog;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A session that lingers after its result line ({@code claude -p} kept alive by an MCP server or a
 * background shell) is stopped once {@link RunPolicy#resultGrace()} has passed: the usual TERM,
 * grace, KILL of its tree. It is not a requested end: the result line says how the attempt went, so
 * a completed session stays completed. Scheduler thread only.
 */
final class ResultGrace {
    private ResultGrace() {}

    /** {@code s} printed its result line: stops {@code process} after the grace unless it exits first. */
    static void start(
            Session s, SessionHandle process, RunOptions options, ScheduledExecutorService loop, OrchestratorLog log) {
        if (s.resultGrace != null) {
            return;
        }
        long graceMs = options.policy().resultGrace().toMillis();
        s.resultGrace = loop.schedule(
                () -> {
                    if (s.process != process || s.requestedEnd != null) {
                        return; // it ended, or is being stopped for another reason already
                    }
                    log.log(s.id() + ": still running " + graceMs + " ms after its result line; stopping its tree");
                    s.stoppedAfterResult = true;
                    process.terminate(options.grace());
                },
                graceMs,
                TimeUnit.MILLISECONDS);
    }

    /** The attempt ended: its pending stop, if any, is dropped. */
    static void cancel(Session s) {
        if (s.resultGrace != null) {
            s.resultGrace.cancel(false);
            s.resultGrace = null;
        }
    }
}
