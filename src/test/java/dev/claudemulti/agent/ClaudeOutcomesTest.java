package dev.claudemulti.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Claude's outcome rules: the failure reasons are shown and recorded, so their texts are fixed. */
class ClaudeOutcomesTest {
    private static final Agent CLAUDE = new ClaudeAgent("claude", "");

    private static SessionEvent.Result result(
            String subtype,
            boolean isError,
            String text,
            List<String> errors,
            String terminalReason,
            Integer httpStatus) {
        return new SessionEvent.Result(
                subtype, isError, text, 0.01, 1, 10L, Tokens.ZERO, errors, "s1", terminalReason, httpStatus, List.of());
    }

    private static Outcome classify(int exit, SessionEvent.Result result, String unparsed, String stderr) {
        return CLAUDE.classify(new AttemptEnd(exit, result, unparsed, () -> stderr));
    }

    private static Outcome noResult(String reason) {
        return new Outcome.Transient(reason, null, false, null);
    }

    @Test
    void exitZeroWithAGoodResultCompletes() {
        assertThat(classify(0, result("success", false, "done", List.of(), null, null), null, "noise"))
                .isEqualTo(Outcome.completed());
    }

    @Test
    void anErrorResultSaysWhatTheResultSays() {
        // A 529 is worth another attempt (see transientOutcomes); its reason reads as it always did.
        assertThat(classify(1, result("success", true, "API Error: overloaded", List.of(), null, 529), null, "x"))
                .isEqualTo(new Outcome.Transient("error: API Error: overloaded (HTTP 529)", 529, false, null));
        assertThat(classify(1, result("success", true, "boom", List.of(), "prompt_too_long", null), null, null))
                .isEqualTo(Outcome.failed("prompt_too_long: boom"));
        assertThat(classify(1, result("error_max_turns", false, "ignored", List.of("a", "b"), null, null), null, null))
                .isEqualTo(Outcome.failed("error_max_turns: a; b"));
        assertThat(classify(1, result("error_during_execution", false, null, List.of(), null, null), null, null))
                .isEqualTo(Outcome.failed("error_during_execution"));
        // Exit 0 and no error flag: claude's own verdict wins over an unusual subtype.
        assertThat(classify(0, result("error_during_execution", false, null, List.of(), null, null), null, null))
                .isEqualTo(Outcome.completed());
    }

    @Test
    void withoutAnErrorResultTheExitCodeAndTheLastWordsExplain() {
        // No result line at all: transient (issue 11), with the reason it always had.
        assertThat(classify(0, null, null, null)).isEqualTo(noResult("no result line"));
        assertThat(classify(0, null, null, "Error: not logged in"))
                .isEqualTo(noResult("no result line: Error: not logged in"));
        assertThat(classify(1, null, "{not json", null)).isEqualTo(noResult("exit code 1: {not json"));
        assertThat(classify(2, result("success", false, "done", List.of(), null, null), "junk", "last words"))
                .isEqualTo(Outcome.failed("exit code 2: last words"));
        assertThat(classify(137, null, null, "  ")).isEqualTo(noResult("exit code 137"));
    }

    @Test
    void reasonsAreOneCleanLineOfAtMost300Characters() {
        Outcome o = classify(1, null, null, "\u001B[31mred\u001B[0m " + "x".repeat(400));
        assertThat(o).isInstanceOf(Outcome.Transient.class);
        String reason = ((Outcome.Transient) o).reason();
        assertThat(reason)
                .startsWith("exit code 1: red xxx")
                .doesNotContain("\u001B")
                .hasSizeLessThanOrEqualTo(301);
    }

    @Test
    void stderrIsNotReadWhenTheResultExplains() {
        Supplier<String> stderr = () -> {
            throw new AssertionError("stderr read");
        };
        assertThat(CLAUDE.classify(
                        new AttemptEnd(0, result("success", false, "ok", List.of(), null, null), null, stderr)))
                .isEqualTo(Outcome.completed());
        assertThat(CLAUDE.classify(
                        new AttemptEnd(1, result("success", true, "no", List.of(), null, null), null, stderr)))
                .isEqualTo(Outcome.failed("error: no"));
    }

    private static final Instant RESETS = Instant.ofEpochSecond(1778565600);
    private static final SessionEvent.RateLimit REJECTED = new SessionEvent.RateLimit("rejected", RESETS);

    /** One row: how an attempt ended, and the outcome claude's rules give it. */
    record Case(
            String rule,
            int exit,
            SessionEvent.Result result,
            SessionEvent.RateLimit rejected,
            String stderr,
            Outcome expected) {
        @Override
        public String toString() {
            return rule;
        }
    }

    /** An API error as claude 2.1.328 ends one: subtype success, is_error, terminal_reason api_error. */
    private static SessionEvent.Result apiError(String text, Integer status) {
        return result("success", true, text, List.of(), "api_error", status);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // Transient: statuses worth another attempt.
                new Case(
                        "429 is rate limited",
                        1,
                        apiError("API Error: Request rejected (429) · rate_limit_error", 429),
                        null,
                        null,
                        new Outcome.Transient(
                                "api_error: API Error: Request rejected (429) · rate_limit_error (HTTP 429)",
                                429,
                                true,
                                null)),
                new Case(
                        "429 after a rejected rate-limit event waits for its reset",
                        1,
                        apiError("API Error: 429", 429),
                        REJECTED,
                        null,
                        new Outcome.Transient("api_error: API Error: 429 (HTTP 429)", 429, true, RESETS)),
                new Case(
                        "529 overloaded",
                        1,
                        apiError("API Error: Repeated 529 Overloaded errors", 529),
                        null,
                        null,
                        new Outcome.Transient(
                                "api_error: API Error: Repeated 529 Overloaded errors (HTTP 529)", 529, false, null)),
                new Case(
                        "500",
                        1,
                        apiError("API Error: 500 Internal server error", 500),
                        null,
                        null,
                        new Outcome.Transient(
                                "api_error: API Error: 500 Internal server error (HTTP 500)", 500, false, null)),
                new Case(
                        "503",
                        1,
                        apiError("API Error: 503", 503),
                        null,
                        null,
                        new Outcome.Transient("api_error: API Error: 503 (HTTP 503)", 503, false, null)),
                new Case(
                        "599",
                        1,
                        apiError("x", 599),
                        null,
                        null,
                        new Outcome.Transient("api_error: x (HTTP 599)", 599, false, null)),
                // Transient: what the text says, without a status.
                new Case(
                        "overloaded without a status",
                        1,
                        apiError("API Error: Overloaded", null),
                        null,
                        null,
                        new Outcome.Transient("api_error: API Error: Overloaded", null, false, null)),
                new Case(
                        "rate limit without a status",
                        1,
                        result("success", true, "x", List.of("Rate limit exceeded"), null, null),
                        null,
                        null,
                        new Outcome.Transient("error: Rate limit exceeded", null, true, null)),
                new Case(
                        "connection refused as claude 2.1.328 says it",
                        1,
                        apiError(
                                "API Error: Connection refused — a firewall or proxy may be blocking it (ECONNREFUSED)",
                                null),
                        null,
                        null,
                        new Outcome.Transient(
                                "api_error: API Error: Connection refused — a firewall or proxy may be blocking it (ECONNREFUSED)",
                                null,
                                false,
                                null)),
                new Case(
                        "connection error",
                        1,
                        apiError("API Error: Connection error.", null),
                        null,
                        null,
                        new Outcome.Transient("api_error: API Error: Connection error.", null, false, null)),
                new Case(
                        "fetch failed in errors",
                        1,
                        result("error_during_execution", true, null, List.of("TypeError: fetch failed"), null, null),
                        null,
                        null,
                        new Outcome.Transient("error_during_execution: TypeError: fetch failed", null, false, null)),
                new Case(
                        "ETIMEDOUT",
                        1,
                        apiError("API Error: connect ETIMEDOUT 10.0.0.1:443", null),
                        null,
                        null,
                        new Outcome.Transient(
                                "api_error: API Error: connect ETIMEDOUT 10.0.0.1:443", null, false, null)),
                new Case(
                        "a connection failure on stderr after a good result and a bad exit",
                        1,
                        result("success", false, "done", List.of(), null, null),
                        null,
                        "Error: socket hang up",
                        new Outcome.Transient("exit code 1: Error: socket hang up", null, false, null)),
                new Case(
                        "a rejected rate-limit event and an error without a status",
                        1,
                        apiError("You've hit your limit · resets 2pm", null),
                        REJECTED,
                        null,
                        new Outcome.Transient("api_error: You've hit your limit · resets 2pm", null, true, RESETS)),
                new Case(
                        "no result line",
                        1,
                        null,
                        null,
                        "Segmentation fault",
                        noResult("exit code 1: Segmentation fault")),
                new Case(
                        "no result line after a rejected rate-limit event",
                        143,
                        null,
                        REJECTED,
                        null,
                        new Outcome.Transient("exit code 143", null, true, RESETS)),
                // Final: nothing another attempt would change.
                new Case(
                        "success",
                        0,
                        result("success", false, "done", List.of(), "completed", null),
                        null,
                        null,
                        Outcome.completed()),
                new Case(
                        "success after a rejected rate-limit event",
                        0,
                        result("success", false, "done", List.of(), null, null),
                        REJECTED,
                        null,
                        Outcome.completed()),
                new Case(
                        "budget reached",
                        1,
                        result(
                                "error_max_budget_usd",
                                true,
                                null,
                                List.of("Reached maximum budget ($5)"),
                                "budget_exhausted",
                                null),
                        null,
                        null,
                        Outcome.failed("error_max_budget_usd: Reached maximum budget ($5)")),
                new Case(
                        "budget reached even when a rate limit is mentioned",
                        1,
                        result(
                                "error_max_budget_usd",
                                true,
                                null,
                                List.of("Reached maximum budget ($5) while rate limited"),
                                null,
                                null),
                        REJECTED,
                        null,
                        Outcome.failed("error_max_budget_usd: Reached maximum budget ($5) while rate limited")),
                new Case(
                        "max turns",
                        1,
                        result("error_max_turns", true, null, List.of("Reached maximum turns (3)"), null, null),
                        null,
                        null,
                        Outcome.failed("error_max_turns: Reached maximum turns (3)")),
                new Case(
                        "401",
                        1,
                        apiError("API Error: 401 Invalid API key", 401),
                        null,
                        null,
                        Outcome.failed("api_error: API Error: 401 Invalid API key (HTTP 401)")),
                new Case(
                        "403 even after a rejected rate-limit event",
                        1,
                        apiError("API Error: 403 forbidden", 403),
                        REJECTED,
                        null,
                        Outcome.failed("api_error: API Error: 403 forbidden (HTTP 403)")),
                new Case(
                        "400",
                        1,
                        apiError("API Error: 400 prompt is too long", 400),
                        null,
                        null,
                        Outcome.failed("api_error: API Error: 400 prompt is too long (HTTP 400)")),
                new Case(
                        "413 is not a server error",
                        1,
                        apiError("x", 413),
                        null,
                        null,
                        Outcome.failed("api_error: x (HTTP 413)")),
                new Case(
                        "600 is no status we know",
                        1,
                        apiError("x", 600),
                        null,
                        null,
                        Outcome.failed("api_error: x (HTTP 600)")),
                new Case(
                        "another error",
                        1,
                        result("success", true, "boom", List.of(), "prompt_too_long", null),
                        null,
                        null,
                        Outcome.failed("prompt_too_long: boom")),
                new Case(
                        "a good result with a bad exit",
                        2,
                        result("success", false, "done", List.of(), null, null),
                        null,
                        "last words",
                        Outcome.failed("exit code 2: last words")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void claudesOutcomeRules(Case c) {
        assertThat(CLAUDE.classify(new AttemptEnd(c.exit(), c.result(), null, () -> c.stderr(), c.rejected())))
                .isEqualTo(c.expected());
    }

    @Test
    void theFourArgumentEndSawNoRateLimit() {
        assertThat(new AttemptEnd(1, null, null, () -> null).lastRejectedRateLimit())
                .isNull();
        assertThat(new Outcome.Transient("r", 529, false, null).cause()).isEqualTo("HTTP 529");
    }
}
