package dev.claudemulti.agent;

import dev.claudemulti.display.Text;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Claude Code's rules for how an attempt went. Completed when it exited 0 with a result that is not
 * an error. Otherwise the reason is the most telling one available (the result's own error, else the
 * exit code with the last stderr line or the last unreadable output line), and the attempt is:
 *
 * <ul>
 *   <li><b>transient</b> (worth another attempt): an API error with status 429, 500-599 or 529; an
 *       error without a status whose text says "overloaded", "rate limit" or names a connection
 *       failure ({@link #CONNECTION_FAILURES}); a rejected rate-limit event; an exit with no result
 *       line at all. Rate limited when the status is 429, a rejected rate-limit event was seen (its
 *       {@code resetsAt} is the earliest retry) or the text says "rate limit";
 *   <li><b>failed</b> otherwise: budget or turns used up, any other status (401, 403, 400, ...), any
 *       other error, a result that is not an error but came with a non-zero exit.
 * </ul>
 *
 * <p>Claude 2.1.x ends an API error with {@code subtype "success"}, {@code is_error true},
 * {@code terminal_reason "api_error"} and {@code api_error_status} (null for a connection failure,
 * whose text then says "Connection refused ... (ECONNREFUSED)"), so the subtype alone decides
 * nothing. Whether claude-multi itself stopped the attempt is not seen here: the engine weighs that.
 */
final class ClaudeOutcomes {
    /** Longest failure reason, in characters: it is shown in one table cell and one log line. */
    private static final int MAX_REASON_CHARS = 300;

    /** Results that say the attempt used up what it was given: another attempt would do the same. */
    private static final Set<String> EXHAUSTED = Set.of("error_max_budget_usd", "error_max_turns");

    private static final int TOO_MANY_REQUESTS = 429;
    private static final int OVERLOADED = 529;

    /**
     * Words (lower case) of a failed connection as claude and Node word it: "API Error: Connection
     * error.", "Connection refused ... (ECONNREFUSED)" (seen with claude 2.1.328), "fetch failed".
     */
    static final List<String> CONNECTION_FAILURES = List.of(
            "connection error",
            "connection refused",
            "connection reset",
            "fetch failed",
            "econnrefused",
            "econnreset",
            "etimedout",
            "eai_again",
            "socket hang up",
            "request timed out");

    private ClaudeOutcomes() {}

    static Outcome classify(AttemptEnd end) {
        SessionEvent.Result result = end.result();
        if (end.exitCode() == 0 && result != null && !result.isError()) {
            return Outcome.completed();
        }
        String reason = failureReason(end);
        SessionEvent.RateLimit rejected = end.lastRejectedRateLimit();
        Instant notBefore = rejected == null ? null : rejected.resetsAt();
        if (result == null) {
            return Outcome.transientFailure(reason, null, rejected != null, notBefore);
        }
        if (EXHAUSTED.contains(result.subtype())) {
            return Outcome.failed(reason);
        }
        Integer status = result.apiErrorStatus();
        if (status != null) {
            return transientStatus(status)
                    ? Outcome.transientFailure(
                            reason, status, status == TOO_MANY_REQUESTS || rejected != null, notBefore)
                    : Outcome.failed(reason);
        }
        if (rejected != null) {
            return Outcome.transientFailure(reason, null, true, notBefore);
        }
        String said = reason.toLowerCase(Locale.ROOT);
        if (said.contains("rate limit") || said.contains("rate_limit")) {
            return Outcome.transientFailure(reason, null, true, null);
        }
        if (said.contains("overloaded") || CONNECTION_FAILURES.stream().anyMatch(said::contains)) {
            return Outcome.transientFailure(reason, null, false, null);
        }
        return Outcome.failed(reason);
    }

    private static boolean transientStatus(int status) {
        return status == TOO_MANY_REQUESTS || status == OVERLOADED || (status >= 500 && status <= 599);
    }

    private static String failureReason(AttemptEnd end) {
        SessionEvent.Result result = end.result();
        if (result != null && (result.isError() || !"success".equals(result.subtype()))) {
            // An API error ends with subtype "success" and is_error true: "success: API Error ..." would mislead.
            String kind = result.subtype() == null || "success".equals(result.subtype())
                    ? (result.terminalReason() == null ? "error" : result.terminalReason())
                    : result.subtype();
            StringBuilder b = new StringBuilder(kind);
            if (result.errors() != null && !result.errors().isEmpty()) {
                b.append(": ").append(String.join("; ", result.errors()));
            } else if (result.result() != null && !result.result().isBlank()) {
                b.append(": ").append(result.result());
            }
            if (result.apiErrorStatus() != null) {
                b.append(" (HTTP ").append(result.apiErrorStatus()).append(')');
            }
            return Text.oneLine(b.toString(), MAX_REASON_CHARS);
        }
        String detail =
                end.lastStderrLine() == null ? null : end.lastStderrLine().get();
        if (detail == null) {
            detail = end.lastUnparsed();
        }
        int exitCode = end.exitCode();
        String base =
                result == null ? (exitCode == 0 ? "no result line" : "exit code " + exitCode) : "exit code " + exitCode;
        return Text.oneLine(detail == null || detail.isBlank() ? base : base + ": " + detail, MAX_REASON_CHARS);
    }
}
