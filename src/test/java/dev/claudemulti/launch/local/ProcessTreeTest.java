package dev.claudemulti.launch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudemulti.fixtures.DoubleForkDaemon;
import dev.claudemulti.fixtures.Fixture;
import dev.claudemulti.fixtures.IgnoresTerm;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ProcessTreeTest extends SessionTestSupport {
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final int MANY = 100;

    @Test
    void findsByMarkerAndPrefix() throws Exception {
        SessionProcess first = startReady(IgnoresTerm.class);
        SessionProcess second = startReady(IgnoresTerm.class);

        assertThat(ProcessTree.findByMarker(run + "task1/1")).containsExactly(first.pid());
        assertThat(ProcessTree.findByMarkerPrefix(run)).containsExactlyInAnyOrder(first.pid(), second.pid());
        assertThat(ProcessTree.findByMarker(run + "task1")).isEmpty();
    }

    @Test
    void startTimeIsTheSameFromEitherSide() throws Exception {
        Instant before = Instant.now().minusSeconds(2);
        SessionProcess process = startReady(IgnoresTerm.class);

        assertThat(ProcessTree.startTime(process.pid())).isEqualTo(process.startTime());
        assertThat(process.startTime()).isBetween(before, Instant.now().plusSeconds(2));
        assertThat(ProcessTree.isLive(process.pid())).isTrue();
    }

    @Test
    void zombieIsNotLive() throws Exception {
        // sh forks "sleep 0", then execs a sleep that never waits for it: a zombie child.
        SessionProcess process = SessionProcess.start(
                Fixture.spec(dir, marker(), List.of("/bin/sh", "-c", "sleep 0 & exec sleep 1000")));
        long zombie = awaitZombieChild(process.pid());

        assertThat(ProcessHandle.of(zombie).map(ProcessHandle::isAlive)).contains(true);
        assertThat(ProcessTree.isLive(zombie)).isFalse();
        assertThat(ProcessTree.startTime(zombie)).isNull();
        assertThat(ProcessTree.isLive(Long.MAX_VALUE / 2)).isFalse();
        process.kill().get(10, TimeUnit.SECONDS);
    }

    @Test
    void stopRecordedStopsALiveRecordedSession() throws Exception {
        SessionProcess process = startReady(IgnoresTerm.class);
        String marker = run + "task1/1";
        long pid = process.pid();
        Instant recorded = ProcessTree.startTime(pid);

        long start = System.nanoTime();
        assertThat(ProcessTree.stopRecorded(pid, recorded, marker, GRACE)).isTrue();
        long took = millisSince(start);

        System.out.printf("[measure] stopRecorded of IgnoresTerm, grace %d ms: %d ms%n", GRACE.toMillis(), took);
        assertThat(took).isLessThan(GRACE.toMillis() + 1000);
        ProcCount.assertNoneLeft(run, Duration.ZERO);
        assertThat(ProcessTree.stopRecorded(pid, recorded, marker, GRACE)).isFalse();
    }

    @Test
    void stopRecordedWithAWrongStartTimeDoesNothing() throws Exception {
        SessionProcess process = startReady(IgnoresTerm.class);
        Instant wrong = process.startTime().minusSeconds(30);

        assertThat(ProcessTree.stopRecorded(process.pid(), wrong, run + "task1/1", Duration.ZERO))
                .isFalse();

        assertThat(ProcCount.live(run + "task1/1")).containsExactly(process.pid());
        assertThat(process.onExit()).isNotDone();
    }

    @Test
    void stopRecordedKillsMarkedLeftoversWhenTheMainProcessIsGone() throws Exception {
        SessionProcess process = startReady(DoubleForkDaemon.class, "exit");
        process.onExit().get(30, TimeUnit.SECONDS);
        assertThat(ProcCount.live(run + "task1/1")).isNotEmpty();

        assertThat(ProcessTree.stopRecorded(process.pid(), process.startTime(), run + "task1/1", GRACE))
                .isTrue();

        ProcCount.assertNoneLeft(run, Duration.ZERO);
    }

    @Test
    void stopRecordedRefusesABlankMarker() {
        assertThatThrownBy(() -> ProcessTree.stopRecorded(1, Instant.now(), " ", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hundredSessionsExitingTogetherAreAllReaped() throws Exception {
        long exitAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        List<SessionProcess> sessions = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            Path taskDir = Files.createDirectories(dir.resolve("t" + i));
            double seconds = Math.max(0, exitAt - System.nanoTime()) / 1e9;
            sessions.add(SessionProcess.start(
                    Fixture.spec(taskDir, marker(), List.of("sleep", String.format(Locale.ROOT, "%.3f", seconds)))));
        }
        assertThat(ProcCount.liveWithPrefix(run)).hasSize(MANY);
        measureScan();

        CompletableFuture.allOf(sessions.stream().map(SessionProcess::onExit).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
        // As the engine would: each session swept from its own exit callback, all at about the same time.
        long sweepStart = System.nanoTime();
        int swept = sessions.stream().map(s -> s.onExit().thenApplyAsync(code -> s.sweep())).toList().stream()
                .mapToInt(CompletableFuture::join)
                .sum();
        System.out.printf("[measure] concurrent sweep of %d finished sessions: %d ms%n", MANY, millisSince(sweepStart));

        assertThat(sessions).allSatisfy(s -> assertThat(s.onExit().join()).isZero());
        assertThat(swept).isZero();
        assertThat(ProcCount.zombieChildrenOf(ProcessHandle.current().pid())).isEmpty();
        ProcCount.assertNoneLeft(run, Duration.ZERO);
    }

    @Test
    void hundredSessionsTerminatedTogetherGoQuickly() throws Exception {
        List<SessionProcess> sessions = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            Path taskDir = Files.createDirectories(dir.resolve("t" + i));
            sessions.add(SessionProcess.start(Fixture.spec(taskDir, marker(), List.of("sleep", "1000"))));
        }
        assertThat(ProcCount.liveWithPrefix(run)).hasSize(MANY);

        long start = System.nanoTime();
        CompletableFuture.allOf(sessions.stream()
                        .map(s -> s.terminate(Duration.ofSeconds(20)))
                        .toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
        long took = millisSince(start);

        System.out.printf("[measure] %d sessions terminated together (grace 20 s): all gone after %d ms%n", MANY, took);
        assertThat(took).isLessThan(5000);
        assertThat(sessions)
                .allSatisfy(s -> assertThat(s.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(128 + 15));
        ProcCount.assertNoneLeft(run, Duration.ZERO);
    }

    private static void measureScan() {
        ProcTable.scan();
        long start = System.nanoTime();
        int rounds = 20;
        for (int i = 0; i < rounds; i++) {
            ProcTable.scan();
        }
        System.out.printf(
                "[measure] one /proc scan with %d processes: %.2f ms%n",
                ProcessHandle.allProcesses().count(), (System.nanoTime() - start) / 1e6 / rounds);
    }

    private static long awaitZombieChild(long parent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<Long> zombies = ProcCount.zombieChildrenOf(parent);
            if (!zombies.isEmpty()) {
                return zombies.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no zombie child of " + parent);
    }
}
