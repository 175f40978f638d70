package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CellsTest {

    @Test
    void sanitizeRemovesEscapesAndControlCharacters() {
        assertThat(Cells.sanitize("\u001b[1;31mred\u001b[0m")).isEqualTo("red");
        assertThat(Cells.sanitize("a\u001b]0;title\u0007b")).isEqualTo("ab");
        assertThat(Cells.sanitize("a\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\b")).isEqualTo("alinkb");
        assertThat(Cells.sanitize("a\u001b(Bb\u001bMc")).isEqualTo("abc");
        assertThat(Cells.sanitize("a\u009b2Jb")).isEqualTo("ab");
        assertThat(Cells.sanitize("one\r\ntwo\nthree\tfour\rfive")).isEqualTo("one two three four five");
        assertThat(Cells.sanitize("bell\u0007 del\u007f nul\u0000 c1\u0085")).isEqualTo("bell del nul c1");
        assertThat(Cells.sanitize("abc\u202edef\u2066x")).isEqualTo("abcdefx");
        assertThat(Cells.sanitize("lone \ud800 surrogate")).isEqualTo("lone \ufffd surrogate");
        assertThat(Cells.sanitize("e\u0301")).isEqualTo("é");
        assertThat(Cells.sanitize("trailing escape \u001b")).isEqualTo("trailing escape ");
        assertThat(Cells.sanitize("unterminated \u001b[12")).isEqualTo("unterminated ");
        assertThat(Cells.sanitize(null)).isEmpty();
    }

    @Test
    void widthCountsWideCharactersTwice() {
        assertThat(Cells.width("abc")).isEqualTo(3);
        assertThat(Cells.width("日本語")).isEqualTo(6);
        assertThat(Cells.width("a🚀b")).isEqualTo(4);
        assertThat(Cells.width("✓ ok")).isEqualTo(4);
        assertThat(Cells.width("")).isZero();
    }

    @Test
    void fitCutsWithAnEllipsisAndNeverSplitsAWideCharacter() {
        assertThat(Cells.fit("hello world", 8)).isEqualTo("hello w…");
        assertThat(Cells.fit("hello", 5)).isEqualTo("hello");
        assertThat(Cells.fit("hello", 1)).isEqualTo("…");
        assertThat(Cells.fit("hello", 0)).isEmpty();
        assertThat(Cells.fit("日本語テキスト", 6)).isEqualTo("日本…");
        assertThat(Cells.width(Cells.fit("日本語テキスト", 6))).isEqualTo(5);
        assertThat(Cells.padRight("日本", 6)).isEqualTo("日本  ");
        assertThat(Cells.padLeft("42", 5)).isEqualTo("   42");
        assertThat(Cells.fitLeft("/home/dev/projects/shop", 10)).isEqualTo("…ects/shop");
    }

    @Test
    void humanFigures() {
        assertThat(Cells.size(0)).isEqualTo("0 B");
        assertThat(Cells.size(1023)).isEqualTo("1023 B");
        assertThat(Cells.size(2560)).isEqualTo("2.5 KB");
        assertThat(Cells.size(13L * 1024 * 1024)).isEqualTo("13.0 MB");
        assertThat(Cells.size(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GB");
        assertThat(Cells.duration(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(Cells.duration(Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(Cells.duration(Duration.ofSeconds(3720))).isEqualTo("1h02m");
        assertThat(Cells.duration(Duration.ofSeconds(-5))).isEqualTo("0s");
        assertThat(Cells.cost(null)).isEmpty();
        assertThat(Cells.cost(1.234)).isEqualTo("$1.23");
        assertThat(Cells.cost(0.0042)).isEqualTo("$0.004");
        assertThat(Cells.cost(0.0)).isEqualTo("$0.00");
    }
}
