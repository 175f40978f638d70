package dev.claudemulti.record;

import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.store.StoreException;
import java.time.Instant;
import java.util.List;

/**
 * One session attempt's state as recorded: the content of its {@code session.json} and the
 * session part of the journal's {@link JournalEntry.SessionChanged} entries.
 *
 * <p>{@code state} is the state's label ("running", "timed out"), kept as text so that a state a
 * later release adds still loads. {@code marker} is the environment marker of the attempt's
 * processes; session.json has it always, a journal entry only while the session runs.
 *
 * @param schemaVersion null when read from a file of release 0.1.0 (see {@link SchemaVersion})
 * @param attempt       1 when a record has none
 * @param retry         a queued attempt that follows a transient failure and waits for its backoff, else null
 * @param costBaseUsd   what the attempt's conversation had cost before it ({@code total_cost_usd} is cumulative
 *                      over a resumed conversation, so the attempt's own cost is its total minus this); null: 0
 * @param check         the task's check as it last ran (or runs), carried by the attempts of its fix rounds;
 *                      null when the task has none or it has not run (and in every record written before checks)
 */
public record SessionRecord(
        Integer schemaVersion,
        String task,
        Integer attempt,
        String state,
        String reason,
        Long pid,
        Instant started,
        Instant ended,
        long outputBytes,
        int turns,
        Double costUsd,
        TokenCounts tokens,
        String activity,
        String result,
        String sessionId,
        Integer exitCode,
        String model,
        List<Denial> denials,
        String marker,
        Workspace workspace,
        Retry retry,
        Double costBaseUsd,
        Check check) {

    public SessionRecord {
        attempt = attempt == null ? 1 : attempt;
        state = state == null ? "queued" : state;
        tokens = tokens == null ? TokenCounts.ZERO : tokens;
        // Written only when there are some, as release 0.1.0 did.
        denials = denials == null || denials.isEmpty() ? null : List.copyOf(denials);
    }

    /** A record as release 0.2.0 wrote it: no pending retry, no cost base. */
    public SessionRecord(
            Integer schemaVersion,
            String task,
            Integer attempt,
            String state,
            String reason,
            Long pid,
            Instant started,
            Instant ended,
            long outputBytes,
            int turns,
            Double costUsd,
            TokenCounts tokens,
            String activity,
            String result,
            String sessionId,
            Integer exitCode,
            String model,
            List<Denial> denials,
            String marker,
            Workspace workspace) {
        this(
                schemaVersion,
                task,
                attempt,
                state,
                reason,
                pid,
                started,
                ended,
                outputBytes,
                turns,
                costUsd,
                tokens,
                activity,
                result,
                sessionId,
                exitCode,
                model,
                denials,
                marker,
                workspace,
                null,
                null,
                null);
    }

    /**
     * A pending retry: the attempt may not start before {@code at}; {@code maxAttempts} is the most the
     * task may have in all; {@code cause} is short words for why the last one failed ("HTTP 529");
     * {@code prompt} is a follow-up's own prompt ({@code claude-multi continue}), journaled so that
     * a crash before the attempt starts keeps it; null for a retry.
     */
    public record Retry(Instant at, Integer maxAttempts, String cause, String prompt) {
        /** A retry after a transient failure: no prompt of its own. */
        public Retry(Instant at, Integer maxAttempts, String cause) {
            this(at, maxAttempts, cause, null);
        }
    }

    /**
     * The task's check as it last ran: its command, its exit code (null while it runs or when it
     * never finished), whether it timed out, and its round out of the most it may have.
     */
    public record Check(String command, Integer exitCode, Boolean timedOut, Integer rounds, Integer maxRounds) {}

    /** Tokens as the journal counts them. */
    public record TokenCounts(long input, long output, long cacheRead, long cacheWrite) {
        public static final TokenCounts ZERO = new TokenCounts(0, 0, 0, 0);
    }

    /**
     * The session's own worktree and branch in an isolated run, and the commit of its work once it
     * ended ({@code commit} null: none yet, or no changes; {@code changes} null until it ended).
     */
    public record Workspace(
            String repo, String worktree, String branch, String base, String commit, ChangeCounts changes) {}

    /** What the session's commit changed against its base. */
    public record ChangeCounts(int files, int insertions, int deletions) {}

    /** A tool call the agent's permissions refused. */
    public record Denial(String tool, String toolUseId, String target) {}

    /** The denials, empty when there are none. */
    public List<Denial> denialList() {
        return denials == null ? List.of() : denials;
    }

    /** The record of an attempt queued and not run yet: no figures, no outcome; {@code sessionId} and {@code model} may be null. */
    static SessionRecord freshQueued(String task, int attempt, String sessionId, String model) {
        return new SessionRecord(
                null,
                task,
                attempt,
                "queued",
                null,
                null,
                null,
                null,
                0,
                0,
                null,
                TokenCounts.ZERO,
                null,
                null,
                sessionId,
                null,
                model,
                null,
                null,
                null);
    }

    /** This record as the current release writes session.json: with {@link SchemaVersion#CURRENT}. */
    public SessionRecord versioned() {
        return withSchemaVersion(SchemaVersion.CURRENT);
    }

    /** This record without a schema version: as part of a journal entry, whose line carries the version. */
    SessionRecord unversioned() {
        return schemaVersion == null ? this : withSchemaVersion(null);
    }

    private SessionRecord withSchemaVersion(Integer version) {
        return new SessionRecord(
                version,
                task,
                attempt,
                state,
                reason,
                pid,
                started,
                ended,
                outputBytes,
                turns,
                costUsd,
                tokens,
                activity,
                result,
                sessionId,
                exitCode,
                model,
                denials,
                marker,
                workspace,
                retry,
                costBaseUsd,
                check);
    }

    /** Replaces the attempt's session.json atomically (redacted as {@link RunStore#writeSessionInfo} says). */
    public void writeTo(RunStore store, SessionFiles files) throws StoreException {
        store.writeSessionInfo(files, RecordTrees.session(this));
    }

    /** The attempt's session.json, or null if it is missing or unreadable. */
    public static SessionRecord read(RunStore store, SessionFiles files) {
        return RecordJson.fromTree(store.readSessionInfo(files), SessionRecord.class);
    }
}
