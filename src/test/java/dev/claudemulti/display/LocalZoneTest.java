package dev.claudemulti.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** LocalZone reads the local zone through TimeZone: it must tell the clock time java.time tells. */
class LocalZoneTest {
    @Test
    void theLocalClockIsJavaTimesInZonesWithSummerTimeAndOddOffsets() {
        TimeZone saved = TimeZone.getDefault();
        try {
            for (String zone : List.of(
                    "UTC",
                    "Europe/Berlin",
                    "America/New_York",
                    "Asia/Kathmandu",
                    "Australia/Lord_Howe",
                    "Pacific/Apia")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                // Around the transitions of 2026 (Berlin 29 March and 25 October, New York 8 March and
                // 1 November), hour by hour, and at times far from them.
                for (Instant start : List.of(
                        Instant.parse("2026-03-07T20:00:00Z"),
                        Instant.parse("2026-03-28T20:00:00Z"),
                        Instant.parse("2026-10-24T20:00:00Z"),
                        Instant.parse("2026-10-31T20:00:00Z"),
                        Instant.parse("2030-07-01T12:34:56Z"))) {
                    for (int h = 0; h < 24 * 4; h++) {
                        Instant at = start.plusSeconds(h * 900L + 7);
                        assertThat(LocalZone.local(at))
                                .as("%s at %s", zone, at)
                                .isEqualTo(LocalDateTime.ofInstant(at, ZoneId.systemDefault()));
                        assertThat(LocalZone.offsetAt(at))
                                .isEqualTo(ZoneId.systemDefault().getRules().getOffset(at));
                    }
                }
            }
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void noInstantIsShownInUtc() {
        assertThat(LocalZone.offsetAt(null)).isEqualTo(ZoneOffset.UTC);
    }

    /** list writes a run's start time by hand: as the formatter it replaced wrote it. */
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
                    assertThat(LocalZone.dateAndClock(at)).isEqualTo(was.format(at.atZone(ZoneId.systemDefault())));
                }
            }
        } finally {
            TimeZone.setDefault(saved);
        }
    }
}
