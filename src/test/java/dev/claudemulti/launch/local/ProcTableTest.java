package dev.claudemulti.launch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /proc/PID/stat is parsed in place: the fields must be those a plain split after the last ')' gives. */
class ProcTableTest {
    /** ProcId writes its equals and hashCode out (a record's own are linked slowly): they must say what a record's say. */
    @Test
    void processIdsAreEqualExactlyWhenPidAndStartTimeAre() {
        ProcTable.ProcId id = new ProcTable.ProcId(42, 1000);
        assertThat(id).isEqualTo(new ProcTable.ProcId(42, 1000)).hasSameHashCodeAs(new ProcTable.ProcId(42, 1000));
        assertThat(id)
                .isNotEqualTo(new ProcTable.ProcId(43, 1000))
                .isNotEqualTo(new ProcTable.ProcId(42, 1001))
                .isNotEqualTo(null);
        assertThat(java.util.Set.of(id, new ProcTable.ProcId(42, 1001))).contains(new ProcTable.ProcId(42, 1000));
    }

    @TempDir
    Path tmp;

    @Test
    void aProcessWhoseNameHasSpacesAndParenthesesIsReadRight() throws Exception {
        // comm is the executable's name (up to 15 bytes): this one has ") (" and spaces in it.
        Path sleeper = tmp.resolve("a) (b c) d");
        Files.copy(Path.of("/bin/sleep"), sleeper, StandardCopyOption.COPY_ATTRIBUTES);
        ProcessBuilder builder = new ProcessBuilder(sleeper.toString(), "30");
        builder.environment().put(ProcessTree.MARKER_VARIABLE, "marker-of-proc-table-test");
        Process process = builder.start();
        try {
            // Until sleep settles into its sleep its state may still change (R, then S) between two reads.
            String stat = settledStat(process.pid());
            assertThat(stat).contains("(a) (b c) d)");
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");

            ProcTable.Proc read = ProcTable.readOne(process.pid(), true);

            assertThat(read.pid()).isEqualTo(process.pid());
            assertThat(read.state()).isEqualTo(fields[0].charAt(0));
            assertThat(read.ppid()).isEqualTo(ProcessHandle.current().pid()).isEqualTo(Long.parseLong(fields[1]));
            assertThat(read.startTicks()).isEqualTo(Long.parseLong(fields[19]));
            assertThat(read.marker()).isEqualTo("marker-of-proc-table-test");
            assertThat(ProcTable.scan().live(read.id())).isEqualTo(read);
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String settledStat(long pid) throws Exception {
        Path file = Path.of("/proc/" + pid + "/stat");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String stat = Files.readString(file, StandardCharsets.US_ASCII);
        while (stat.charAt(stat.lastIndexOf(')') + 2) != 'S' && System.nanoTime() < deadline) {
            Thread.sleep(5);
            stat = Files.readString(file, StandardCharsets.US_ASCII);
        }
        return stat;
    }

    @Test
    void aProcessThatExecsWithTheMarkerIsSeenWithIt() throws Exception {
        // Seen first without the marker (markers are remembered per process), then it execs with it.
        assertThat(markerAfterExec("late-marker sleep 30", 10)).isEqualTo("late-marker");
    }

    @Test
    void aProcessSeenUnmarkedIsReadAgainEvenIfItsNameStaysTheSame() throws Exception {
        // sh, then (through env, for a moment) sh again with the marker: the same pid, start time and
        // name. Remembering "unmarked" from the first scan would hide it for good; scans 200 ms apart
        // do not see the moment it is named env.
        assertThat(markerAfterExec("same-name sh -c 'sleep 30; :'", 200)).isEqualTo("same-name");
    }

    /**
     * The marker scans find on a shell, first seen without one, once it has exec'd {@code env
     * MARKER=<markedCommand>}; scans {@code pauseMillis} apart, for up to 20 s.
     */
    private String markerAfterExec(String markedCommand, long pauseMillis) throws Exception {
        Path go = tmp.resolve("go");
        Process process = new ProcessBuilder(
                        "sh",
                        "-c",
                        "while [ ! -e \"$1\" ]; do sleep 0.01; done; exec env " + ProcessTree.MARKER_VARIABLE + "="
                                + markedCommand,
                        "sh",
                        go.toString())
                .start();
        try {
            long since = ProcTable.readOne(process.pid()).startTicks();
            assertThat(ProcTable.scan(since).get(process.pid()).marker()).isNull();
            Files.createFile(go);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String marker = null;
            while (marker == null && System.nanoTime() < deadline) {
                Thread.sleep(pauseMillis);
                ProcTable.Proc now = ProcTable.scan(since).get(process.pid());
                marker = now == null ? null : now.marker();
            }
            return marker;
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void thisJvmIsReadAsAScanSeesIt() {
        long self = ProcessHandle.current().pid();
        ProcTable.Proc one = ProcTable.readOne(self);
        assertThat(one.live()).isTrue();
        assertThat(one.ppid())
                .isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(ProcTable.scan().get(self).startTicks()).isEqualTo(one.startTicks());
    }
}
