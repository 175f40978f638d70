package dev.claudemulti.engine;

import dev.claudemulti.agent.PermissionDenial;
import dev.claudemulti.agent.Tokens;
import dev.claudemulti.workspace.SessionWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An immutable picture of one session (one task's latest attempt), as shown by the dashboard,
 * the headless printer and the reports. Nullable fields are unknown yet.
 */
public record SessionView(
        String taskId,
        int attempt,
        SessionState state,
        /** Why a session did not complete: result subtype and errors, exit code, or last stderr line. */
        String reason,
        Long pid,
        Instant startedAt,
        Instant endedAt,
        long outputBytes,
        int turns,
        Double costUsd,
        Tokens tokens,
        /** What the agent is doing now: "Bash: npm test", "Edit src/a.ts", or the first words of its text. */
        String activity,
        String resultText,
        String sessionId,
        Integer exitCode,
        String model,
        /** Tool calls the agent was refused (the result's permission_denials); empty if none. */
        List<PermissionDenial> denials,
        /** The session's own worktree, branch and commit; null when the run is not isolated (or not yet). */
        SessionWorkspace workspace) {

    public SessionView {
        denials = denials == null ? List.of() : List.copyOf(denials);
    }

    /** A view without a workspace (a run that is not isolated). */
    public SessionView(
            String taskId,
            int attempt,
            SessionState state,
            String reason,
            Long pid,
            Instant startedAt,
            Instant endedAt,
            long outputBytes,
            int turns,
            Double costUsd,
            Tokens tokens,
            String activity,
            String resultText,
            String sessionId,
            Integer exitCode,
            String model,
            List<PermissionDenial> denials) {
        this(
                taskId,
                attempt,
                state,
                reason,
                pid,
                startedAt,
                endedAt,
                outputBytes,
                turns,
                costUsd,
                tokens,
                activity,
                resultText,
                sessionId,
                exitCode,
                model,
                denials,
                null);
    }

    /** A view without permission denials (every state but a completed one has none to show). */
    public SessionView(
            String taskId,
            int attempt,
            SessionState state,
            String reason,
            Long pid,
            Instant startedAt,
            Instant endedAt,
            long outputBytes,
            int turns,
            Double costUsd,
            Tokens tokens,
            String activity,
            String resultText,
            String sessionId,
            Integer exitCode,
            String model) {
        this(
                taskId,
                attempt,
                state,
                reason,
                pid,
                startedAt,
                endedAt,
                outputBytes,
                turns,
                costUsd,
                tokens,
                activity,
                resultText,
                sessionId,
                exitCode,
                model,
                List.of(),
                null);
    }

    public static SessionView queued(String taskId, int attempt, String model) {
        return new SessionView(
                taskId,
                attempt,
                SessionState.QUEUED,
                null,
                null,
                null,
                null,
                0,
                0,
                null,
                Tokens.ZERO,
                null,
                null,
                null,
                null,
                model);
    }

    /** A session that has just started: its process is {@code pid} (null when the launcher has no pid). */
    public static SessionView started(String taskId, int attempt, Long pid, Instant startedAt, String model) {
        return new SessionView(
                taskId,
                attempt,
                SessionState.RUNNING,
                null,
                pid,
                startedAt,
                null,
                0,
                0,
                null,
                Tokens.ZERO,
                null,
                null,
                null,
                null,
                model);
    }

    /** This session in {@code newState} for {@code newReason} (null when there is none to give). */
    public SessionView withState(SessionState newState, String newReason) {
        return new SessionView(
                taskId,
                attempt,
                newState,
                newReason,
                pid,
                startedAt,
                endedAt,
                outputBytes,
                turns,
                costUsd,
                tokens,
                activity,
                resultText,
                sessionId,
                exitCode,
                model,
                denials,
                workspace);
    }

    /** This session ended at {@code at}. */
    public SessionView withEndedAt(Instant at) {
        return new SessionView(
                taskId,
                attempt,
                state,
                reason,
                pid,
                startedAt,
                at,
                outputBytes,
                turns,
                costUsd,
                tokens,
                activity,
                resultText,
                sessionId,
                exitCode,
                model,
                denials,
                workspace);
    }

    /** This session with its process's exit code (null when it was not seen). */
    public SessionView withExitCode(Integer code) {
        return new SessionView(
                taskId,
                attempt,
                state,
                reason,
                pid,
                startedAt,
                endedAt,
                outputBytes,
                turns,
                costUsd,
                tokens,
                activity,
                resultText,
                sessionId,
                code,
                model,
                denials,
                workspace);
    }

    /** This session with {@code bytes} of output so far. */
    public SessionView withOutputBytes(long bytes) {
        return new SessionView(
                taskId,
                attempt,
                state,
                reason,
                pid,
                startedAt,
                endedAt,
                bytes,
                turns,
                costUsd,
                tokens,
                activity,
                resultText,
                sessionId,
                exitCode,
                model,
                denials,
                workspace);
    }

    /**
     * This session with the agent's live figures: turns, cost, tokens, session id, and the model when the
     * agent named one (a null model keeps the one already known).
     */
    public SessionView withFigures(
            int newTurns, Double newCostUsd, Tokens newTokens, String newSessionId, String newModel) {
        return new SessionView(
                taskId,
                attempt,
                state,
                reason,
                pid,
                startedAt,
                endedAt,
                outputBytes,
                newTurns,
                newCostUsd,
                newTokens,
                activity,
                resultText,
                newSessionId,
                exitCode,
                newModel != null ? newModel : model,
                denials,
                workspace);
    }

    /** This session doing {@code newActivity} (null when nothing is known). */
    public SessionView withActivity(String newActivity) {
        return new SessionView(
                taskId,
                attempt,
                state,
                reason,
                pid,
                startedAt,
                endedAt,
                outputBytes,
                turns,
                costUsd,
                tokens,
                newActivity,
                resultText,
                sessionId,
                exitCode,
                model,
                denials,
                workspace);
    }

    /** This session with the agent's final answer and the tool calls it was refused. */
    public SessionView withResult(String text, List<PermissionDenial> refused) {
        return new SessionView(
                taskId,
                attempt,
                state,
                reason,
                pid,
                startedAt,
                endedAt,
                outputBytes,
                turns,
                costUsd,
                tokens,
                activity,
                text,
                sessionId,
                exitCode,
                model,
                refused,
                workspace);
    }

    /**
     * This session with {@code f} applied to every text that can quote what the agent saw (reason,
     * activity, result, denial targets): how secrets are cut out before a view is recorded or shown.
     */
    public SessionView withTexts(UnaryOperator<String> f) {
        return new SessionView(
                taskId,
                attempt,
                state,
                f.apply(reason),
                pid,
                startedAt,
                endedAt,
                outputBytes,
                turns,
                costUsd,
                tokens,
                f.apply(activity),
                f.apply(resultText),
                sessionId,
                exitCode,
                model,
                denials.stream()
                        .map(d -> new PermissionDenial(d.toolName(), d.toolUseId(), f.apply(d.target())))
                        .toList(),
                workspace);
    }

    /** This session working in {@code ws} (null: not isolated). */
    public SessionView withWorkspace(SessionWorkspace ws) {
        return new SessionView(
                taskId,
                attempt,
                state,
                reason,
                pid,
                startedAt,
                endedAt,
                outputBytes,
                turns,
                costUsd,
                tokens,
                activity,
                resultText,
                sessionId,
                exitCode,
                model,
                denials,
                ws);
    }

    /** Time spent running: up to {@code now} while running, up to the end once finished. */
    public Duration elapsed(Instant now) {
        if (startedAt == null) {
            return Duration.ZERO;
        }
        Instant end = endedAt != null ? endedAt : now;
        return end.isBefore(startedAt) ? Duration.ZERO : Duration.between(startedAt, end);
    }
}
