package dev.claudemulti.engine;

import dev.claudemulti.agent.PermissionDenial;
import dev.claudemulti.agent.Tokens;
import dev.claudemulti.record.SessionRecord;
import dev.claudemulti.record.SessionRecord.Denial;
import dev.claudemulti.record.SessionRecord.TokenCounts;
import dev.claudemulti.workspace.Changes;
import dev.claudemulti.workspace.SessionWorkspace;
import java.util.List;

/**
 * Converts session views to and from the {@link SessionRecord} kept in the journal and in
 * session.json, so that a run can be shown or resumed by another process. The record keeps the
 * state as its label; a label this release does not know reads as its {@link SessionState#fromLabel} says.
 */
public final class SessionRecords {

    private SessionRecords() {}

    /** The record of {@code v} in a journal entry, without a marker: the entry of a session not running. */
    public static SessionRecord toRecord(SessionView v) {
        return toRecord(v, null);
    }

    /** The content of the attempt's session.json: {@code v}, its processes' marker and the schema version. */
    public static SessionRecord toSessionFile(SessionView v, String marker) {
        return toRecord(v, marker).versioned();
    }

    /** The record of {@code v} in a journal entry, with the marker of its processes (null if it has none). */
    public static SessionRecord toRecord(SessionView v, String marker) {
        return toRecord(v, marker, null);
    }

    /**
     * The record of {@code v} with the marker of its processes (null if none) and what its conversation
     * had cost before this attempt (null or 0: a fresh conversation).
     */
    static SessionRecord toRecord(SessionView v, String marker, Double costBaseUsd) {
        Tokens t = v.tokens() == null ? Tokens.ZERO : v.tokens();
        List<Denial> denials = v.denials().stream()
                .map(d -> new Denial(d.toolName(), d.toolUseId(), d.target()))
                .toList();
        return new SessionRecord(
                null,
                v.taskId(),
                v.attempt(),
                v.state().label(),
                v.reason(),
                v.pid(),
                v.startedAt(),
                v.endedAt(),
                v.outputBytes(),
                v.turns(),
                v.costUsd(),
                new TokenCounts(t.input(), t.output(), t.cacheRead(), t.cacheWrite()),
                v.activity(),
                v.resultText(),
                v.sessionId(),
                v.exitCode(),
                v.model(),
                denials,
                marker,
                toRecord(v.workspace()),
                v.retry() == null
                        ? null
                        : new SessionRecord.Retry(
                                v.retry().at(),
                                v.retry().maxAttempts(),
                                v.retry().cause(),
                                v.retry().prompt()),
                costBaseUsd == null || costBaseUsd == 0 ? null : costBaseUsd,
                toRecord(v.check()));
    }

    private static SessionRecord.Check toRecord(CheckOutcome c) {
        return c == null
                ? null
                : new SessionRecord.Check(
                        c.command(), c.exitCode(), c.timedOut() ? true : null, c.rounds(), c.maxRounds());
    }

    private static CheckOutcome toView(SessionRecord.Check c) {
        if (c == null || c.command() == null) {
            return null;
        }
        int rounds = c.rounds() == null ? 1 : c.rounds();
        return new CheckOutcome(
                c.command(),
                c.exitCode(),
                Boolean.TRUE.equals(c.timedOut()),
                rounds,
                c.maxRounds() == null ? rounds : c.maxRounds());
    }

    private static SessionRecord.Workspace toRecord(SessionWorkspace w) {
        if (w == null) {
            return null;
        }
        Changes c = w.changes();
        return new SessionRecord.Workspace(
                w.repo(),
                w.worktree(),
                w.branch(),
                w.base(),
                w.commit(),
                c == null ? null : new SessionRecord.ChangeCounts(c.files(), c.insertions(), c.deletions()));
    }

    private static SessionWorkspace toView(SessionRecord.Workspace w) {
        if (w == null) {
            return null;
        }
        SessionRecord.ChangeCounts c = w.changes();
        return new SessionWorkspace(
                w.repo(),
                w.worktree(),
                w.branch(),
                w.base(),
                w.commit(),
                c == null ? null : new Changes(c.files(), c.insertions(), c.deletions()));
    }

    public static SessionView toView(SessionRecord r) {
        TokenCounts t = r.tokens();
        return new SessionView(
                r.task(),
                r.attempt(),
                SessionState.fromLabel(r.state()),
                r.reason(),
                r.pid(),
                r.started(),
                r.ended(),
                r.outputBytes(),
                r.turns(),
                r.costUsd(),
                new Tokens(t.input(), t.output(), t.cacheRead(), t.cacheWrite()),
                r.activity(),
                r.result(),
                r.sessionId(),
                r.exitCode(),
                r.model(),
                r.denialList().stream()
                        .map(d -> new PermissionDenial(d.tool(), d.toolUseId(), d.target()))
                        .toList(),
                toView(r.workspace()),
                false,
                r.retry() == null
                        ? null
                        : new SessionView.PendingRetry(
                                r.retry().at(),
                                r.retry().maxAttempts() == null
                                        ? r.attempt()
                                        : r.retry().maxAttempts(),
                                r.retry().cause(),
                                r.retry().prompt()),
                toView(r.check()));
    }
}
