package dev.claudemulti.launch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudemulti.fixtures.BigOutput;
import dev.claudemulti.fixtures.DigestsStdin;
import dev.claudemulti.fixtures.DoubleForkDaemon;
import dev.claudemulti.fixtures.ExitWith;
import dev.claudemulti.fixtures.Fixture;
import dev.claudemulti.fixtures.ForksGrandchild;
import dev.claudemulti.fixtures.IgnoresTerm;
import dev.claudemulti.fixtures.ObeysTerm;
import dev.claudemulti.fixtures.StopsChild;
import dev.claudemulti.fixtures.UnrulyTree;
import dev.claudemulti.launch.LaunchSpec;
import dev.claudemulti.testing.ProcCount;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionProcessTest extends SessionTestSupport {
    private static final Duration GRACE = Duration.ofSeconds(1);

    @Test
    void exitCodeIsReported() throws Exception {
        SessionProcess process = start(ExitWith.class, "3");
        process.stdout().readAllBytes();

        assertThat(process.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(3);
        ProcCount.assertNoneLeft(run, SETTLE);
    }

    @Test
    void startFailureIsAnIOException() {
        Path missing = dir.resolve("no-such-program");
        assertThatThrownBy(() -> SessionProcess.start(Fixture.spec(dir, marker(), List.of(missing.toString()))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void environmentCarriesSpecVariablesAndMarker() throws Exception {
        Path stdin = Files.createFile(dir.resolve("stdin"));
        LaunchSpec spec = new LaunchSpec(
                List.of("/bin/sh", "-c", "echo \"$GREETING $" + ProcessTree.MARKER_VARIABLE + "\"; pwd"),
                dir,
                Map.of("GREETING", "hello"),
                stdin,
                dir.resolve("err"),
                marker());
        SessionProcess process = SessionProcess.start(spec);

        String out = new String(process.stdout().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("hello " + spec.marker() + "\n" + dir.toRealPath() + "\n");
        assertThat(process.onExit().get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void stderrIsAppendedToItsFile() throws Exception {
        Path stderr = dir.resolve("stderr.log");
        Files.writeString(stderr, "before\n");
        LaunchSpec spec = new LaunchSpec(
                List.of("/bin/sh", "-c", "echo oops >&2"),
                dir,
                Map.of(),
                Files.createFile(dir.resolve("in")),
                stderr,
                marker());
        SessionProcess process = SessionProcess.start(spec);
        process.stdout().readAllBytes();
        process.onExit().get(30, TimeUnit.SECONDS);

        assertThat(stderr).hasContent("before\noops");
    }

    @Test
    void megabytePromptArrivesIntactOnStdin() throws Exception {
        byte[] prompt = new byte[1024 * 1024];
        new Random(42).nextBytes(prompt);
        Files.write(dir.resolve("stdin"), prompt);
        SessionProcess process = SessionProcess.start(Fixture.spec(dir, marker(), DigestsStdin.class));

        String out = new String(process.stdout().readAllBytes(), StandardCharsets.UTF_8).trim();
        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(prompt));
        assertThat(out).isEqualTo(expected + " " + prompt.length);
        assertThat(process.onExit().get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void hundredMegabytesOfOutputStreamToAFile() throws Exception {
        SessionProcess process = start(BigOutput.class, "100");
        Path out = dir.resolve("stdout.jsonl");
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();
        long before = heap.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);

        long copied = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = process.stdout();
                OutputStream file = Files.newOutputStream(out)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                file.write(buffer, 0, n);
                copied += n;
            }
        }

        long peak =
                heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        assertThat(process.onExit().get(60, TimeUnit.SECONDS)).isZero();
        assertThat(copied).isEqualTo(BigOutput.expectedBytes(100));
        assertThat(Files.size(out)).isEqualTo(copied);
        // Nothing on our side may hold the output: the peak heap grows far less than the 100 MB streamed.
        System.out.printf("[measure] 100 MB stdout: heap before %d MB, peak during %d MB%n", before >> 20, peak >> 20);
        assertThat(peak - before).isLessThan(48L << 20);
        ProcCount.assertNoneLeft(run, SETTLE);
    }

    @Test
    void termIgnorerIsKilledAfterGrace() throws Exception {
        SessionProcess process = startReady(IgnoresTerm.class);

        long took = timedTerminate(process, GRACE, "IgnoresTerm");

        assertThat(took).isBetween(GRACE.toMillis() - 50, GRACE.toMillis() + 1000);
        assertThat(process.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(128 + 9);
        ProcCount.assertNoneLeft(run, Duration.ZERO);
    }

    @Test
    void terminateFinishesEarlyWhenEverythingExitsOnTerm() throws Exception {
        SessionProcess process = startReady(ObeysTerm.class);

        assertThat(timedTerminate(process, Duration.ofSeconds(20), "ObeysTerm")).isLessThan(5000);
        assertThat(process.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(128 + 15);
    }

    static Stream<Arguments> unrulyTrees() {
        return Stream.of(
                // main, a SIGTERM-ignoring grandchild in its own session (sh and its sleep)
                Arguments.of(ForksGrandchild.class, 3),
                // the same grandchild, a double-forked daemon and a SIGSTOPped child, under a SIGTERM-ignoring main
                Arguments.of(UnrulyTree.class, 5));
    }

    @ParameterizedTest
    @MethodSource("unrulyTrees")
    void unrulyTreeIsGoneWithinGracePlusOneSecond(Class<?> fixture, int processes) throws Exception {
        SessionProcess process = startReady(fixture);
        assertThat(ProcCount.liveWithPrefix(run)).hasSizeGreaterThanOrEqualTo(processes);

        assertThat(timedTerminate(process, GRACE, fixture.getSimpleName())).isLessThan(GRACE.toMillis() + 1000);
        ProcCount.assertNoneLeft(run, Duration.ZERO);
    }

    @Test
    void stoppedChildIsContinuedSoItActsOnTerm() throws Exception {
        SessionProcess process = startReady(StopsChild.class);

        assertThat(timedTerminate(process, Duration.ofSeconds(20), "StopsChild"))
                .isLessThan(5000);
        ProcCount.assertNoneLeft(run, Duration.ZERO);
    }

    @Test
    void sweepKillsWhatASuccessfulSessionLeftBehind() throws Exception {
        SessionProcess process = startReady(DoubleForkDaemon.class, "exit");
        assertThat(process.onExit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(ProcCount.liveWithPrefix(run)).isNotEmpty();

        int swept = process.sweep();

        assertThat(swept).isGreaterThanOrEqualTo(1);
        ProcCount.assertNoneLeft(run, Duration.ZERO);
        assertThat(process.sweep()).isZero();
    }

    @Test
    void killIsImmediate() throws Exception {
        SessionProcess process = startReady(ForksGrandchild.class, "ignore-term");

        long start = System.nanoTime();
        process.kill().get(10, TimeUnit.SECONDS);
        long took = millisSince(start);

        System.out.printf("[measure] kill of ForksGrandchild: gone after %d ms%n", took);
        assertThat(took).isLessThan(1000);
        assertThat(process.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(128 + 9);
        ProcCount.assertNoneLeft(run, Duration.ZERO);
    }

    @Test
    void terminateOfAFinishedSessionCompletesAtOnce() throws Exception {
        SessionProcess process = start(ExitWith.class, "0");
        process.onExit().get(30, TimeUnit.SECONDS);

        process.terminate(GRACE).get(1, TimeUnit.SECONDS);
        process.kill().get(1, TimeUnit.SECONDS);
    }
}
