package dev.claudemulti.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link IsoInstant} writes what {@link Instant#toString} writes. */
class IsoInstantTest {
    @Test
    void everyInstantIsWrittenAsInstantWritesIt() {
        Random random = new Random(17);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant at = Instant.ofEpochSecond(seconds, nanos);
            assertThat(IsoInstant.text(at)).isEqualTo(at.toString());
        }
        for (Instant at : List.of(
                Instant.EPOCH,
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("2026-12-02T06:20:18.100Z"),
                Instant.parse("2026-12-02T06:20:18.000100Z"),
                Instant.parse("2026-12-02T06:20:18.000000001Z"),
                Instant.MIN,
                Instant.MAX)) {
            assertThat(IsoInstant.text(at)).isEqualTo(at.toString());
        }
    }
}
