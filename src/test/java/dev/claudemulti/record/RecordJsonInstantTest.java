package dev.claudemulti.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The records' instants read as Instant.parse reads them, whether by its hand-written fast path or not. */
class RecordJsonInstantTest {
    @Test
    void everyTextReadsAsInstantParseReadsIt() {
        List<String> texts = new ArrayList<>(List.of(
                "2026-12-01T06:20:18Z",
                "2026-12-01T06:20:18.1Z",
                "2026-12-01T06:20:18.123456789Z",
                "2026-12-01T06:20:18.1234567891Z",
                "2026-12-01T06:20:18.Z",
                "2026-02-30T06:20:18Z",
                "2026-12-01T24:00:00Z",
                "2026-12-31T23:59:60Z",
                "0000-01-01T00:00:00Z",
                "+12026-12-01T06:20:18Z",
                "2026-12-01T06:20:18+01:00",
                "2026-12-01t06:20:18z",
                "2026-12-01T06:20Z",
                "2026-1x-01T06:20:18Z",
                "2026-12-01 06:20:18Z",
                "",
                "Z"));
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong() % 100_000_000_000L, random.nextInt(1_000_000_000));
            texts.add(t.toString());
            texts.add(Instant.ofEpochSecond(t.getEpochSecond(), (t.getNano() / 1000) * 1000L)
                    .toString());
            texts.add(Instant.ofEpochSecond(t.getEpochSecond()).toString());
        }
        for (String text : texts) {
            assertThat(RecordJson.instant(text)).as(text).isEqualTo(parsed(text));
        }
        assertThat(RecordJson.instant(null)).isNull();
    }

    private static Instant parsed(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
