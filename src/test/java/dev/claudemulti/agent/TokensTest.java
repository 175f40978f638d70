package dev.claudemulti.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tokens writes its equals and hashCode out (a record's own are linked slowly): they must say what a record's say. */
class TokensTest {
    @Test
    void equalExactlyWhenEveryCountIs() {
        Tokens t = new Tokens(1, 2, 3, 4);
        assertThat(t).isEqualTo(new Tokens(1, 2, 3, 4)).hasSameHashCodeAs(new Tokens(1, 2, 3, 4));
        assertThat(t)
                .isNotEqualTo(new Tokens(9, 2, 3, 4))
                .isNotEqualTo(new Tokens(1, 9, 3, 4))
                .isNotEqualTo(new Tokens(1, 2, 9, 4))
                .isNotEqualTo(new Tokens(1, 2, 3, 9))
                .isNotEqualTo(null)
                .isNotEqualTo("Tokens[input=1, output=2, cacheRead=3, cacheWrite=4]");
        assertThat(t.toString()).isEqualTo("Tokens[input=1, output=2, cacheRead=3, cacheWrite=4]");
        assertThat(Tokens.ZERO.plus(t)).isEqualTo(t);
    }
}
