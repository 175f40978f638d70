package dev.claudemulti.display;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void stripsEscapeSequencesAndControls() {
        assertThat(Text.sanitize("\u001b[1;31mred\u001b[0m plain")).isEqualTo("red plain");
        assertThat(Text.sanitize("a\u001b]0;evil title\u0007b")).isEqualTo("ab");
        assertThat(Text.sanitize("a\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\b"))
                .isEqualTo("alinkb");
        assertThat(Text.sanitize("a\u001bPq#0;2;0;0;0\u001b\\b")).isEqualTo("ab");
        assertThat(Text.sanitize("a\u009b2Jb\u009d0;t\u009cc")).isEqualTo("abc");
        assertThat(Text.sanitize("a\u001b(Bb\u001b7c\u001b=d")).isEqualTo("abcd");
        assertThat(Text.sanitize("tab\there\nnew\r\nline")).isEqualTo("tab here new  line");
        assertThat(Text.sanitize("bell\u0007nul\u0000del\u007f c1\u0085")).isEqualTo("bellnuldel c1");
        assertThat(Text.sanitize("abc\u202edef\u2066")).isEqualTo("abcdef");
        assertThat(Text.sanitize("unterminated\u001b[12")).isEqualTo("unterminated");
        assertThat(Text.sanitize("trailing esc\u001b")).isEqualTo("trailing esc");
        assertThat(Text.sanitize("héllo ✓ 😀")).isEqualTo("héllo ✓ 😀");
        assertThat(Text.sanitize(null)).isEmpty();
    }

    @Test
    void oneLineCollapsesAndCuts() {
        assertThat(Text.oneLine("  a \n\n b\tc  ", 80)).isEqualTo("a b c");
        assertThat(Text.oneLine("abcdefghij", 5)).isEqualTo("abcd…");
        assertThat(Text.oneLine("abcde", 5)).isEqualTo("abcde");
        assertThat(Text.oneLine("ab😀cd", 3)).isEqualTo("ab…");
        assertThat(Text.oneLine(null, 5)).isEmpty();
    }
}
