package dev.claudemulti.engine;

import dev.claudemulti.agent.PermissionDenial;
import dev.claudemulti.agent.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
        List<PermissionDenial> denials) {

    public SessionView {
        denials = denials == null ? List.of() : List.copyOf(denials);
    }

    /** A view without permission denials (every state but a completed one has none to show). */
    public SessionView(String taskId, int attempt, SessionState state, String reason, Long pid, Instant startedAt,
                       Instant endedAt, long outputBytes, int turns, Double costUsd, Tokens tokens, String activity,
                       String resultText, String sessionId, Integer exitCode, String model) {
        this(taskId, attempt, state, reason, pid, startedAt, endedAt, outputBytes, turns, costUsd, tokens, activity,
                resultText, sessionId, exitCode, model, List.of());
    }

    public static SessionView queued(String taskId, int attempt, String model) {
        return new SessionView(taskId, attempt, SessionState.QUEUED, null, null, null, null, 0, 0, null,
                Tokens.ZERO, null, null, null, null, model);
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
