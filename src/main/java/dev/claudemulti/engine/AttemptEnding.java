package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.AttemptEnd;
import dev.claudemulti.agent.Outcome;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.agent.SessionProgress;
import dev.claudemulti.store.SessionFiles;
import java.time.Instant;

/**
 * How an attempt that has ended is recorded: the agent's outcome, weighed by the {@link EndPolicy}
 * against any end that was asked for, and the session's view with its final figures. Pure apart
 * from reading the attempt's last stderr line when the agent asks for it.
 *
 * <p>The cost recorded is the attempt's own: claude's {@code total_cost_usd} is a running total
 * over a resumed conversation, so what the conversation had cost before ({@link Session#costBaseUsd})
 * is taken off it.
 */
record AttemptEnding(SessionView view, Outcome outcome, EndPolicy.Ending ending) {

    static AttemptEnding judge(Session s, AttemptOutput.Ended ended, Agent agent, EndPolicy policy) {
        SessionProgress progress = ended.pump().progress();
        SessionEvent.Result result = progress.result();
        SessionFiles files = s.files;
        // Stopped because it lingered after its result line: that line, not the stop's exit, says how it went.
        Outcome outcome = agent.classify(new AttemptEnd(
                s.stoppedAfterResult && result != null ? 0 : ended.exitCode(),
                result,
                ended.pump().lastUnparsed(),
                () -> StderrTail.lastLine(files == null ? null : files.stderr()),
                progress.lastRejectedRateLimit()));
        EndPolicy.Ending ending = policy.classify(s.requestedEnd, s.requestedReason, outcome);
        SessionView done = s.view()
                .withState(ending.state(), ending.reason())
                .withEndedAt(Instant.now())
                .withFigures(
                        progress.turns(),
                        null,
                        progress.tokens(),
                        s.view().sessionId() == null ? progress.sessionId() : null,
                        null)
                .withResult(result == null ? null : result.result(), result == null ? null : result.permissionDenials())
                .withExitCode(ended.exitCode())
                .withWorkspace(ended.workspace());
        done = withOwnCost(done, result, s.view(), s.costBaseUsd);
        if (ended.workspace() != null
                && ended.workspace().changes() != null
                && ended.workspace().changes().isEmpty()) {
            done = done.withActivity("no changes"); // its state stays what the agent's end made it
        }
        return new AttemptEnding(done, outcome, ending);
    }

    /** {@code v} ended by a bug in the engine: failed, so that its slot is freed and the batch goes on. */
    static SessionView internalError(SessionView v, Throwable e) {
        return v.withState(SessionState.FAILED, "internal error: " + e)
                .withRetry(null)
                .withEndedAt(Instant.now())
                .withExitCode(null);
    }

    /**
     * {@code done} with the attempt's own cost: claude's total less {@code base}; without a result
     * line, the live estimate if it saw any usage (money spent all the same), else unknown.
     */
    private static SessionView withOwnCost(
            SessionView done, SessionEvent.Result result, SessionView live, double base) {
        if (result != null && result.costUsd() != null) {
            return done.withCost(Math.max(0, result.costUsd() - base), false);
        }
        boolean spent = live.costEstimated() && live.costUsd() != null && live.costUsd() > 0;
        return done.withCost(spent ? live.costUsd() : null, true);
    }
}
