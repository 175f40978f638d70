package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.display.Costs;
import dev.claudemulti.display.Durations;
import dev.claudemulti.display.Sizes;
import dev.claudemulti.display.Text;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The dashboard's cell text: {@link Text}'s cell variant and widths, and the report formatters it shows. */
class CellsTest {

    @Test
    void sanitizeRemovesEscapesAndControlCharacters() {
        assertThat(Text.sanitizeCell("\u001b[1;31mred\u001b[0m")).isEqualTo("red");
        assertThat(Text.sanitizeCell("a\u001b]0;title\u0007b")).isEqualTo("ab");
        assertThat(Text.sanitizeCell("a\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\b"))
                .isEqualTo("alinkb");
        assertThat(Text.sanitizeCell("a\u001b(Bb\u001bMc")).isEqualTo("abc");
        assertThat(Text.sanitizeCell("a\u009b2Jb")).isEqualTo("ab");
        assertThat(Text.sanitizeCell("one\r\ntwo\nthree\tfour\rfive")).isEqualTo("one two three four five");
        assertThat(Text.sanitizeCell("bell\u0007 del\u007f nul\u0000 c1\u0085")).isEqualTo("bell del nul c1");
        assertThat(Text.sanitizeCell("abc\u202edef\u2066x")).isEqualTo("abcdefx");
        assertThat(Text.sanitizeCell("lone \ud800 surrogate")).isEqualTo("lone \ufffd surrogate");
        assertThat(Text.sanitizeCell("e\u0301")).isEqualTo("é");
        assertThat(Text.sanitizeCell("trailing escape \u001b")).isEqualTo("trailing escape ");
        assertThat(Text.sanitizeCell("unterminated \u001b[12")).isEqualTo("unterminated ");
        assertThat(Text.sanitizeCell(null)).isEmpty();
    }

    @Test
    void widthCountsWideCharactersTwice() {
        assertThat(Text.width("abc")).isEqualTo(3);
        assertThat(Text.width("日本語")).isEqualTo(6);
        assertThat(Text.width("a🚀b")).isEqualTo(4);
        assertThat(Text.width("✓ ok")).isEqualTo(4);
        assertThat(Text.width("")).isZero();
    }

    @Test
    void fitCutsWithAnEllipsisAndNeverSplitsAWideCharacter() {
        assertThat(Text.fit("hello world", 8)).isEqualTo("hello w…");
        assertThat(Text.fit("hello", 5)).isEqualTo("hello");
        assertThat(Text.fit("hello", 1)).isEqualTo("…");
        assertThat(Text.fit("hello", 0)).isEmpty();
        assertThat(Text.fit("日本語テキスト", 6)).isEqualTo("日本…");
        assertThat(Text.width(Text.fit("日本語テキスト", 6))).isEqualTo(5);
        assertThat(Text.padRight("日本", 6)).isEqualTo("日本  ");
        assertThat(Text.padLeft("42", 5)).isEqualTo("   42");
        assertThat(Text.fitLeft("/home/dev/projects/shop", 10)).isEqualTo("…ects/shop");
    }

    @Test
    void humanFigures() {
        assertThat(Sizes.human(0)).isEqualTo("0 B");
        assertThat(Sizes.human(1023)).isEqualTo("1023 B");
        assertThat(Sizes.human(2560)).isEqualTo("2.5 KB");
        assertThat(Sizes.human(13L * 1024 * 1024)).isEqualTo("13.0 MB");
        assertThat(Sizes.human(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GB");
        assertThat(Durations.human(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(Durations.human(Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(Durations.human(Duration.ofSeconds(3720))).isEqualTo("1h02m");
        assertThat(Durations.human(Duration.ofSeconds(-5))).isEqualTo("0s");
        assertThat(Costs.usdShort(null)).isEmpty();
        assertThat(Costs.usdShort(1.234)).isEqualTo("$1.23");
        assertThat(Costs.usdShort(0.0042)).isEqualTo("$0.004");
        assertThat(Costs.usdShort(0.0)).isEqualTo("$0.00");
    }
}
