package dev.claudemulti.engine;

import dev.claudemulti.agent.PermissionDenial;
import dev.claudemulti.agent.Tokens;
import dev.claudemulti.workspace.SessionWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
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
        /** The attempt's own cost: claude's figure once the result line gave it, else the live estimate. */
        Double costUsd,
        Tokens tokens,
        /** What the agent is doing now: "Bash: npm test", "Edit src/a.ts", or the first words of its text. */
        String activity,
        String resultText,
        /** The agent's conversation: chosen before launch, so known from the first second. */
        String sessionId,
        Integer exitCode,
        String model,
        /** Tool calls the agent was refused (the result's permission_denials); empty if none. */
        List<PermissionDenial> denials,
        /** The session's own worktree, branch and commit; null when the run is not isolated (or not yet). */
        SessionWorkspace workspace,
        /** True while {@link #costUsd} is an estimate from the stream's usage (shown as {@code ~$0.42}). */
        boolean costEstimated,
        /** A queued session waiting to be retried, or null. */
        PendingRetry retry,
        /** The task's check as it last ran (or runs now); null when the task has none or it has not run. */
        CheckOutcome check) {

    /**
     * A queued attempt that follows a transient failure: it may not start before {@code at}.
     *
     * @param maxAttempts the most attempts the task may have in all (its retries plus one)
     * @param cause       short words for why the last attempt failed: "HTTP 529", "no result line"
     * @param prompt      a follow-up's own prompt ({@code claude-multi continue}): the attempt continues
     *                    the conversation with it, whatever the run's {@code --retry-fresh}; null for
     *                    a retry, which gets the agent's continuation prompt
     */
    public record PendingRetry(Instant at, int maxAttempts, String cause, String prompt) {
        /** A retry after a transient failure: no prompt of its own. */
        public PendingRetry(Instant at, int maxAttempts, String cause) {
            this(at, maxAttempts, cause, null);
        }
    }

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
                null,
                false,
                null,
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
                List.of());
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
        return copy(c -> {
            c.state = newState;
            c.reason = newReason;
        });
    }

    /** This session ended at {@code at}. */
    public SessionView withEndedAt(Instant at) {
        return copy(c -> c.endedAt = at);
    }

    /** This session with {@code id} as its main process (null: none runs, or none to show). */
    public SessionView withPid(Long id) {
        return copy(c -> c.pid = id);
    }

    /** This session with its process's exit code (null when it was not seen). */
    public SessionView withExitCode(Integer code) {
        return copy(c -> c.exitCode = code);
    }

    /** This session with {@code bytes} of output so far. */
    public SessionView withOutputBytes(long bytes) {
        return copy(c -> c.outputBytes = bytes);
    }

    /**
     * This session with the agent's live figures: turns, cost (claude's own), tokens, session id
     * and model (a null session id or model keeps the one already known).
     */
    public SessionView withFigures(
            int newTurns, Double newCostUsd, Tokens newTokens, String newSessionId, String newModel) {
        return copy(c -> {
            c.turns = newTurns;
            c.costUsd = newCostUsd;
            c.costEstimated = false;
            c.tokens = newTokens;
            c.sessionId = newSessionId != null ? newSessionId : sessionId;
            c.model = newModel != null ? newModel : model;
        });
    }

    /** This session's cost: claude's own figure, or ({@code estimated}) one from the usage seen so far. */
    public SessionView withCost(Double usd, boolean estimated) {
        return copy(c -> {
            c.costUsd = usd;
            c.costEstimated = usd != null && estimated;
        });
    }

    /** This session with the conversation id its agent uses (chosen before launch). */
    public SessionView withSessionId(String id) {
        return copy(c -> c.sessionId = id);
    }

    /** This queued session waiting for a retry ({@code null}: none). */
    public SessionView withRetry(PendingRetry pending) {
        return copy(c -> c.retry = pending);
    }

    /** This session doing {@code newActivity} (null when nothing is known). */
    public SessionView withActivity(String newActivity) {
        return copy(c -> c.activity = newActivity);
    }

    /** This session with the agent's final answer and the tool calls it was refused. */
    public SessionView withResult(String text, List<PermissionDenial> refused) {
        return copy(c -> {
            c.resultText = text;
            c.denials = refused;
        });
    }

    /**
     * This session with {@code f} applied to every text that can quote what the agent saw (reason,
     * activity, result, denial targets): how secrets are cut out before a view is recorded or shown.
     */
    public SessionView withTexts(UnaryOperator<String> f) {
        return copy(c -> {
            c.reason = f.apply(reason);
            c.activity = f.apply(activity);
            c.resultText = f.apply(resultText);
            c.denials = denials.stream()
                    .map(d -> new PermissionDenial(d.toolName(), d.toolUseId(), f.apply(d.target())))
                    .toList();
        });
    }

    /** This session with its check as it last ran (null: none ran). */
    public SessionView withCheck(CheckOutcome outcome) {
        return copy(c -> c.check = outcome);
    }

    /** This session working in {@code ws} (null: not isolated). */
    public SessionView withWorkspace(SessionWorkspace ws) {
        return copy(c -> c.workspace = ws);
    }

    /** The one place that lists every component: each {@code with...} method changes a copy of them. */
    private SessionView copy(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** A mutable copy of a view's components, used only inside {@link #copy}. */
    private static final class Copy {
        String taskId;
        int attempt;
        SessionState state;
        String reason;
        Long pid;
        Instant startedAt;
        Instant endedAt;
        long outputBytes;
        int turns;
        Double costUsd;
        Tokens tokens;
        String activity;
        String resultText;
        String sessionId;
        Integer exitCode;
        String model;
        List<PermissionDenial> denials;
        SessionWorkspace workspace;
        boolean costEstimated;
        PendingRetry retry;
        CheckOutcome check;

        Copy(SessionView v) {
            taskId = v.taskId;
            attempt = v.attempt;
            state = v.state;
            reason = v.reason;
            pid = v.pid;
            startedAt = v.startedAt;
            endedAt = v.endedAt;
            outputBytes = v.outputBytes;
            turns = v.turns;
            costUsd = v.costUsd;
            tokens = v.tokens;
            activity = v.activity;
            resultText = v.resultText;
            sessionId = v.sessionId;
            exitCode = v.exitCode;
            model = v.model;
            denials = v.denials;
            workspace = v.workspace;
            costEstimated = v.costEstimated;
            retry = v.retry;
            check = v.check;
        }

        SessionView build() {
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
                    workspace,
                    costEstimated,
                    retry,
                    check);
        }
    }

    /**
     * Whether its attempt's agent has ended (it has its exit code) and its task's check runs now.
     * A session that continues a conversation after a check was cut off is not checking: its agent runs.
     */
    public boolean checking() {
        return state == SessionState.RUNNING && check != null && check.exitCode() == null && exitCode != null;
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
