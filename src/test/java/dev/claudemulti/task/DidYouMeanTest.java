package dev.claudemulti.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    static final List<String> FIELDS =
            List.of("id", "prompt", "model", "budget", "timeout", "cwd", "env", "allowedTools", "disallowedTools");

    @Test
    void findsCloseNames() {
        assertThat(DidYouMean.among("promt", FIELDS)).contains("prompt");
        assertThat(DidYouMean.among("tiemout", FIELDS)).contains("timeout");
        assertThat(DidYouMean.among("ID", FIELDS)).contains("id");
        assertThat(DidYouMean.among("allowed-tools", FIELDS)).contains("allowedTools");
        assertThat(DidYouMean.among("cdw", FIELDS)).contains("cwd");
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertThat(DidYouMean.among("ab", FIELDS)).isEmpty();
        assertThat(DidYouMean.among("priority", FIELDS)).isEmpty();
        assertThat(DidYouMean.among("x".repeat(100_000), FIELDS)).isEmpty();
    }
}
