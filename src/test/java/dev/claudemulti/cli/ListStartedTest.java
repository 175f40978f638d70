package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** list writes a run's start time by hand: as the formatter it replaced wrote it. */
class ListStartedTest {
    @Test
    void startTimesReadAsTheFormatterWroteThem() {
        DateTimeFormatter was = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        TimeZone saved = TimeZone.getDefault();
        try {
            for (String zone : List.of("UTC", "America/New_York", "Asia/Kathmandu")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                for (Instant at : List.of(
                        Instant.parse("2026-01-02T03:04:05.678Z"),
                        Instant.parse("2026-12-31T23:59:59.999Z"),
                        Instant.parse("1901-06-07T08:09:10Z"))) {
                    assertThat(ListCommand.started(at)).isEqualTo(was.format(at.atZone(ZoneId.systemDefault())));
                }
            }
        } finally {
            TimeZone.setDefault(saved);
        }
    }
}
