package dev.claudemulti.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.RunSnapshot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void everyStatus() {
        String text = Summary.render(Snapshots.everyStatus(), 0);
        assertThat(text).isEqualTo("""
                ✓ fix-login  completed  2m05s  $0.1234  12 turns
                    Fixed the login bug.
                    Also added a test.
                    Third line
                ✗ add|tests  failed       43s  $0.0500   3 turns  exit code 3 second line
                    error <b> & ]]> red
                ⏱ slow       timed_out  1m00s    $1.50  40 turns  timed out after 60s
                ■ halted     stopped      10s        -   0 turns  stopped by user
                ☠ zombie     killed       20s  $0.0000    1 turn  killed by user
                … late       running      30s        -   0 turns
                … never      queued         -        -   0 turns
                ────────────────────────────────────────
                7 tasks: 1 completed, 1 failed, 1 timed_out, 1 stopped, 1 killed, 1 running, 1 queued
                cost $1.67 · wall 2m10s · sessions 4m48s · speedup 2.2x
                tokens: 1,010 input · 220 output · 30,030 cache read · 440 cache write
                """);
    }

    @Test
    void plainIsAsciiAndLinesFitTheWidth() {
        String text = Summary.render(Snapshots.everyStatus(), 40, true);
        assertThat(text).matches("[\\x20-\\x7E\\n]*");
        // Task lines are cut to the width; the totals are kept whole.
        assertThat(text.lines().takeWhile(line -> !line.startsWith("---"))).allMatch(line -> line.length() <= 40);
        assertThat(text).contains("+ fix-login  completed  2m05s  $0.123...\n");
        assertThat(text).contains("x add|tests  failed       43s  $0.050...\n");
        assertThat(text).contains("cost $1.67, wall 2m10s, sessions 4m48s, speedup 2.2x\n");
    }

    @Test
    void anEmptyRun() {
        RunSnapshot run =
                new RunSnapshot("r", Path.of("/p"), "m", 1, true, Snapshots.START, Snapshots.START, List.of());
        assertThat(Summary.render(run, 80)).contains("0 tasks: 0 completed").contains("speedup -");
    }
}
