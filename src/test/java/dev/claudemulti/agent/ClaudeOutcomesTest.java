package dev.claudemulti.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

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

    @Test
    void exitZeroWithAGoodResultCompletes() {
        assertThat(classify(0, result("success", false, "done", List.of(), null, null), null, "noise"))
                .isEqualTo(Outcome.completed());
    }

    @Test
    void anErrorResultSaysWhatTheResultSays() {
        assertThat(classify(1, result("success", true, "API Error: overloaded", List.of(), null, 529), null, "x"))
                .isEqualTo(Outcome.failed("error: API Error: overloaded (HTTP 529)"));
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
        assertThat(classify(0, null, null, null)).isEqualTo(Outcome.failed("no result line"));
        assertThat(classify(0, null, null, "Error: not logged in"))
                .isEqualTo(Outcome.failed("no result line: Error: not logged in"));
        assertThat(classify(1, null, "{not json", null)).isEqualTo(Outcome.failed("exit code 1: {not json"));
        assertThat(classify(2, result("success", false, "done", List.of(), null, null), "junk", "last words"))
                .isEqualTo(Outcome.failed("exit code 2: last words"));
        assertThat(classify(137, null, null, "  ")).isEqualTo(Outcome.failed("exit code 137"));
    }

    @Test
    void reasonsAreOneCleanLineOfAtMost300Characters() {
        Outcome o = classify(1, null, null, "\u001B[31mred\u001B[0m " + "x".repeat(400));
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        String reason = ((Outcome.Failed) o).reason();
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
}
