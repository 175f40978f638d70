package dev.claudemulti.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decimals writes exactly what the formatter writes, for the values claude-multi shows and their edges. */
class DecimalsTest {
    @Test
    void fixedIsTheFormattersFixed() {
        List<Double> values = new ArrayList<>(List.of(
                0.0,
                -0.0,
                0.5,
                1.5,
                2.5,
                0.125,
                0.0125,
                1.005,
                0.045,
                0.00005,
                0.99995,
                0.999949,
                9.995,
                1023.95,
                1e-10,
                1e-4,
                1.0e7,
                123456789.125,
                1e20,
                3.3e300,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                -0.001,
                -0.00049,
                -1.5,
                -2.345,
                0.1 + 0.2,
                2.675,
                1.0 / 3,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY));
        Random random = new Random(13);
        for (int i = 0; i < 4_000; i++) {
            values.add(random.nextDouble() * Math.pow(10, random.nextInt(12) - 6));
            values.add(random.nextInt(100_000) / 10_000.0 + random.nextInt(3) * 0.00005);
            values.add(Double.longBitsToDouble(random.nextLong()));
        }
        for (double v : values) {
            for (int places = 0; places <= 4; places++) {
                assertThat(Decimals.fixed(v, places))
                        .as("%s to %d places", v, places)
                        .isEqualTo(String.format(Locale.ROOT, "%." + places + "f", v));
            }
        }
    }

    @Test
    void groupedIsTheFormattersGrouping() {
        List<Long> values = new ArrayList<>(List.of(
                0L,
                1L,
                -1L,
                999L,
                1000L,
                -1000L,
                999_999L,
                1_000_000L,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                12_345L,
                -123_456_789L));
        Random random = new Random(5);
        for (int i = 0; i < 5_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        for (long n : values) {
            assertThat(Decimals.grouped(n)).as("%d", n).isEqualTo(String.format(Locale.ROOT, "%,d", n));
        }
    }
}
