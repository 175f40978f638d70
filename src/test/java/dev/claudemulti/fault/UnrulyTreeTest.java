package dev.claudemulti.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.Scheduler;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.fixtures.Fixture;
import dev.claudemulti.fixtures.UnrulyTree;
import dev.claudemulti.task.Task;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue item 3: a session whose tree holds a SIGTERM-ignoring child in its own session, a
 * double-forked daemon and a SIGSTOPped process (and whose main process ignores SIGTERM too) is
 * gone, all of it, within grace + 1 s of a stop or a timeout. Counted in /proc; zombies are dead.
 */
class UnrulyTreeTest {
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final Duration SLACK = Duration.ofSeconds(1);

    @TempDir
    Path tmp;

    @Test
    void stopThroughTheEngineLeavesNothingWithinGracePlusOneSecond() throws Exception {
        Path state = tmp.resolve("state");
        try (Scheduler s = Faults.scheduler(
                state,
                Faults.agentRunning(Fixture.command(UnrulyTree.class)),
                List.of(Task.of("unruly", "anything")),
                1,
                Duration.ofMinutes(10),
                GRACE)) {
            s.start();
            String prefix = s.runId() + "/";
            awaitReadyTree(prefix, () -> s.snapshot().sessions().get(0).outputBytes() > 0);
            long t0 = System.nanoTime();
            s.stop("unruly");
            long gone = awaitGone(prefix, t0);
            RunSnapshot end = s.finished().get(30, TimeUnit.SECONDS);
            System.out.printf(
                    "[fault] unruly tree stopped via Scheduler.stop, grace %d ms: all gone %d ms after the stop%n",
                    GRACE.toMillis(), gone);
            assertThat(end.sessions().get(0).state()).isEqualTo(SessionState.STOPPED);
            assertThat(Duration.ofMillis(gone)).isLessThanOrEqualTo(GRACE.plus(SLACK));
        }
    }

    @Test
    void timeoutThroughTheCliLeavesNothingWithinGracePlusOneSecond() throws Exception {
        Path state = tmp.resolve("state");
        Path agent = tmp.resolve("unruly-claude");
        String exec = Fixture.command(UnrulyTree.class).stream()
                .map(a -> "'" + a + "'")
                .collect(Collectors.joining(" "));
        Files.writeString(agent, "#!/bin/sh\nexec " + exec + "\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        Duration timeout = Duration.ofSeconds(3);
        CompletableFuture<Faults.CliResult> cli = CompletableFuture.supplyAsync(() -> Faults.cli(
                tmp,
                "run",
                "[{\"id\": \"unruly\", \"prompt\": \"anything\"}]",
                "--no-tui",
                "--state-dir",
                state.toString(),
                "--claude",
                agent.toString(),
                "-t",
                timeout.toSeconds() + "s",
                "--grace",
                GRACE.toSeconds() + "s"));
        Faults.await("the run exists", Duration.ofSeconds(20), () -> {
            try {
                return Faults.recorded(state).snapshot().sessions().get(0).startedAt() != null;
            } catch (Exception e) {
                return false;
            }
        });
        RecordedRun running = Faults.recorded(state);
        String prefix = running.store().runId() + "/";
        Instant deadline = running.snapshot().sessions().get(0).startedAt().plus(timeout);
        awaitReadyTree(prefix, () -> {
            try {
                return Faults.recorded(state).snapshot().sessions().get(0).outputBytes() > 0;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(Instant.now()).as("the tree was ready before the timeout").isBefore(deadline);
        awaitGone(prefix, System.nanoTime());
        long gone = Duration.between(deadline, Instant.now()).toMillis();
        Faults.CliResult result = cli.get(30, TimeUnit.SECONDS);
        System.out.printf(
                "[fault] unruly tree timed out (-t %ds --grace %ds): all gone %d ms after the timeout%n",
                timeout.toSeconds(), GRACE.toSeconds(), gone);
        assertThat(result.exit()).as(result.err()).isEqualTo(1);
        assertThat(Faults.view(Faults.recorded(state), "unruly").state()).isEqualTo(SessionState.TIMED_OUT);
        assertThat(Duration.ofMillis(gone)).isLessThanOrEqualTo(GRACE.plus(SLACK));
    }

    /** Waits for the fixture's "ready", then checks the whole unruly tree is there, one of it stopped. */
    private static void awaitReadyTree(String prefix, java.util.function.BooleanSupplier ready) throws Exception {
        Faults.await("the fixture printed ready", Duration.ofSeconds(30), ready);
        List<Long> live = ProcCount.liveWithPrefix(prefix);
        // java main, setsid sh + its sleep, the daemon's sleep, the stopped sleep
        assertThat(live).as("the unruly tree").hasSizeGreaterThanOrEqualTo(5);
        assertThat(live).as("a SIGSTOPped member").anyMatch(pid -> "T".equals(stateOf(pid)));
    }

    /** Polls /proc until no marked process is live; returns the ms since {@code t0}. */
    private static long awaitGone(String prefix, long t0) throws InterruptedException {
        long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!ProcCount.liveWithPrefix(prefix).isEmpty()) {
            if (System.nanoTime() > limit) {
                ProcCount.assertNoneLeft(prefix, Duration.ZERO);
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String stateOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (Exception e) {
            return "?";
        }
    }
}
