package dev.claudemulti.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A task's env names and ids are checked by hand as the regexes that describe them would check them. */
class HandChecksTest {
    @Test
    void theCheckIsTheRegexs() {
        Pattern regex = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
        String alphabet = "aZ_09-. é$\n";
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder();
            for (int n = random.nextInt(5); n > 0; n--) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(TaskValueReader.isEnvName(name.toString()))
                    .as("'%s'", name)
                    .isEqualTo(regex.matcher(name).matches());
        }
        assertThat(TaskValueReader.isEnvName("ANTHROPIC_API_KEY")).isTrue();
        Pattern id = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
        String idAlphabet = "aZ09._-/ é\u00ff";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder();
            for (int n = 1 + random.nextInt(5); n > 0; n--) {
                name.append(idAlphabet.charAt(random.nextInt(idAlphabet.length())));
            }
            assertThat(TaskId.hasIdForm(name.toString()))
                    .as("'%s'", name)
                    .isEqualTo(id.matcher(name).matches());
        }
        assertThat(TaskValueReader.isEnvName("1A")).isFalse();
    }
}
