package dev.claudemulti.e2e;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudemulti.testing.ClaudeEnv;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing claude CLI skips the end-to-end tests, unless CI requires them (CLAUDE_MULTI_REQUIRE_E2E=1). */
class ClaudeEnvTest {
    @Test
    void missingBinarySkipsWithAMessage() {
        assertThatThrownBy(() -> ClaudeEnv.binary("/nonexistent/claude", false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("SKIPPED")
                .hasMessageContaining("/nonexistent/claude");
        assertThatThrownBy(() -> ClaudeEnv.binary(null, false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining(ClaudeEnv.BINARY_PROPERTY);
    }

    @Test
    void missingBinaryFailsWhenRequired() {
        assertThatThrownBy(() -> ClaudeEnv.binary("/nonexistent/claude", true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("/nonexistent/claude")
                .hasMessageContaining(ClaudeEnv.REQUIRE_VARIABLE);
        assertThatThrownBy(() -> ClaudeEnv.binary(" ", true)).isInstanceOf(AssertionError.class);
    }
}
