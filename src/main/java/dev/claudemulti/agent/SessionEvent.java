package dev.claudemulti.agent;

import java.time.Instant;
import java.util.List;

/** One line of an agent's stream-json output, typed. Unknown lines become {@link Other}. */
public sealed interface SessionEvent {

    /** {"type":"system","subtype":"init"}: the session began. */
    record Init(String sessionId, String model, String cwd) implements SessionEvent {}

    /** Text written by the assistant. {@code messageId} groups blocks of one assistant message (one turn). */
    record AssistantText(String messageId, String text) implements SessionEvent {}

    /** A tool call. {@code summary} is the short argument: the command, the file path, the pattern. */
    record ToolUse(String messageId, String toolUseId, String name, String summary) implements SessionEvent {}

    /**
     * The usage figures of one assistant message line. The CLI writes one line per content block of a
     * message, each repeating the message's usage: figures for the same {@code messageId} replace, not add.
     */
    record Usage(String messageId, Tokens tokens, String model, long contentChars) implements SessionEvent {
        /** {@code model}: the message's model, or null; {@code contentChars}: the length of this line's blocks (text, thinking, tool input). */
        public Usage(String messageId, Tokens tokens) {
            this(messageId, tokens, null, 0);
        }
    }

    /** A tool's answer. {@code text} is bounded (first few KB); {@code isError} marks a failed tool. */
    record ToolResult(String toolUseId, String text, boolean isError) implements SessionEvent {}

    /** The final {"type":"result"} line. Nullable fields were absent. */
    record Result(
            String subtype,
            boolean isError,
            String result,
            Double costUsd,
            Integer numTurns,
            Long durationMs,
            Tokens tokens,
            List<String> errors,
            String sessionId,
            String terminalReason,
            Integer apiErrorStatus,
            /** Refused tool calls ({@code permission_denials}), in order; empty if none. */
            List<PermissionDenial> permissionDenials)
            implements SessionEvent {
        public Result {
            permissionDenials = permissionDenials == null ? List.of() : List.copyOf(permissionDenials);
        }

        /** A result without permission denials. */
        public Result(
                String subtype,
                boolean isError,
                String result,
                Double costUsd,
                Integer numTurns,
                Long durationMs,
                Tokens tokens,
                List<String> errors,
                String sessionId,
                String terminalReason,
                Integer apiErrorStatus) {
            this(
                    subtype,
                    isError,
                    result,
                    costUsd,
                    numTurns,
                    durationMs,
                    tokens,
                    errors,
                    sessionId,
                    terminalReason,
                    apiErrorStatus,
                    List.of());
        }
    }

    /**
     * {"type":"system","subtype":"api_retry"}: claude is retrying an API request on its own.
     * Nullable fields were absent.
     */
    record ApiRetry(Integer attempt, Integer maxRetries, Long retryDelayMs, Integer errorStatus, String error)
            implements SessionEvent {
        /** "API retry 1/2: overloaded (HTTP 529)"; the parts that were absent are left out. */
        public String describe() {
            var sb = new StringBuilder("API retry");
            if (attempt != null) {
                sb.append(' ').append(attempt);
                if (maxRetries != null) {
                    sb.append('/').append(maxRetries);
                }
            }
            if (error != null && !error.isBlank()) {
                sb.append(": ").append(error.strip());
            }
            if (errorStatus != null) {
                sb.append(" (HTTP ").append(errorStatus).append(')');
            }
            return sb.toString();
        }
    }

    /**
     * {"type":"rate_limit_event"}: the account's rate-limit state; {@code status} "rejected" means
     * requests are refused until {@code resetsAt} (null when not given).
     */
    record RateLimit(String status, Instant resetsAt) implements SessionEvent {
        public boolean rejected() {
            return "rejected".equals(status);
        }
    }

    /** A well-formed line of a type we do not render (system task_started, stream_event, ...). */
    record Other(String type, String subtype) implements SessionEvent {}

    /** A line that is not JSON, or was too long to keep; {@code excerpt} is its bounded start. */
    record Unparsed(String excerpt, long length) implements SessionEvent {}
}
