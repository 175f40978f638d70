package dev.claudemulti.agent;

import dev.claudemulti.display.Text;

/**
 * Claude Code's rules for how an attempt went: completed when it exited 0 with a result that is not
 * an error; otherwise failed, with the most telling reason available (the result's own error, else
 * the exit code with the last stderr line or the last unreadable output line).
 */
final class ClaudeOutcomes {
    /** Longest failure reason, in characters: it is shown in one table cell and one log line. */
    private static final int MAX_REASON_CHARS = 300;

    private ClaudeOutcomes() {}

    static Outcome classify(AttemptEnd end) {
        SessionEvent.Result result = end.result();
        if (end.exitCode() == 0 && result != null && !result.isError()) {
            return Outcome.completed();
        }
        return Outcome.failed(failureReason(end));
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
