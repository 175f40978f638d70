package dev.claudemulti.agent;

import java.time.Instant;

/**
 * How an ended attempt went, in the agent's judgement ({@link Agent#classify}). Sealed so that each
 * place that acts on an outcome handles every kind; a new kind is added here and the compiler lists
 * the places to decide.
 */
public sealed interface Outcome {
    /** The agent did the task. */
    record Completed() implements Outcome {}

    /** The agent did not do the task; {@code reason} is one clean line saying why (shown and recorded as is). */
    record Failed(String reason) implements Outcome {}

    /**
     * The agent did not do the task for a reason that may pass: an API error with status 429,
     * 500-599 or 529, a connection failure, or an exit with no result line. Worth another attempt.
     *
     * @param reason      one clean line, as for {@link Failed}
     * @param httpStatus  the API's status, or null when there was none (connection failure, no result)
     * @param rateLimited caused by the account's rate limit (429, or a rejected rate_limit_event):
     *                    the whole batch should pause, not just this session
     * @param notBefore   the earliest time another attempt may start (a rejected rate-limit event's resetsAt), or null
     */
    record Transient(String reason, Integer httpStatus, boolean rateLimited, Instant notBefore) implements Outcome {
        /** Short words for a status line: "HTTP 529", else the start of the reason. */
        public String cause() {
            return httpStatus != null ? "HTTP " + httpStatus : reason;
        }
    }

    static Outcome completed() {
        return new Completed();
    }

    static Outcome failed(String reason) {
        return new Failed(reason);
    }

    static Outcome transientFailure(String reason, Integer httpStatus, boolean rateLimited, Instant notBefore) {
        return new Transient(reason, httpStatus, rateLimited, notBefore);
    }
}
