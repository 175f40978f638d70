package dev.claudemulti.launch.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.fixtures.ExitWith;
import dev.claudemulti.fixtures.Fixture;
import dev.claudemulti.launch.LaunchSpec;
import dev.claudemulti.testing.ProcCount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 6: a session's timeout holds even when nothing else acts: this JVM's backstop while it
 * lives, the orchestrator's one watchdog process once it is gone (issue 13: one per orchestrator, not
 * one per session). (With the orchestrator SIGKILLed: fault/OrchestratorKilledTest.)
 */
class WatchdogTest extends SessionTestSupport {
    /** A shell that ignores SIGTERM (its children inherit that) and starts a sleeper in a new session, as claude's Bash tool does. */
    private static final List<String> UNRULY = List.of(
            "/bin/sh",
            "-c",
            "trap '' TERM; setsid sh -c 'sleep 1000' </dev/null >/dev/null 2>&1 & echo ready; sleep 1000");

    private SessionProcess startWithTimeout(List<String> command, Duration timeout, Duration grace) throws Exception {
        String marker = marker();
        Path taskDir = Files.createDirectories(dir.resolve(marker.replace('/', '_')));
        LaunchSpec plain = Fixture.spec(taskDir, marker, command);
        return SessionProcess.start(new LaunchSpec(
                plain.command(),
                plain.workingDir(),
                plain.environment(),
                plain.stdinFile(),
                plain.stderrFile(),
                marker,
                timeout,
                grace));
    }

    /** A session without a timeout of its own (no backstop, not on the shared watchdog). */
    private SessionProcess startUnguarded(String marker, List<String> command) throws Exception {
        Path taskDir = Files.createDirectories(dir.resolve(marker.replace('/', '_')));
        return SessionProcess.start(Fixture.spec(taskDir, marker, command));
    }

    private static ProcTable.ProcId idOf(SessionProcess session) {
        ProcTable.Proc proc = ProcTable.readOne(session.pid());
        assertThat(proc).as("the session's main process").isNotNull();
        return proc.id();
    }

    /** The shared watchdog forgets a session once this JVM has reaped its main process: that may come just after its stop. */
    private static void awaitForgotten(String marker) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (Watchdog.shared().guards(marker) && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(Watchdog.shared().guards(marker))
                .as("the watchdog still holds the deadline of %s", marker)
                .isFalse();
    }

    private static void awaitGone(long pid, Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("process %d alive", pid)
                .isFalse();
    }

    @Test
    void theDeadlineHoldsWhenNobodyStopsTheSession() throws Exception {
        SessionProcess session = startWithTimeout(UNRULY, Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(new String(session.stdout().readNBytes(6), StandardCharsets.UTF_8))
                .isEqualTo("ready\n");
        long watchdog = session.watchdogPid();
        assertThat(watchdog).as("watchdog started").isPositive();
        String marker = run + "task1/1";
        assertThat(Watchdog.shared().guards(marker))
                .as("the watchdog holds the deadline")
                .isTrue();
        // The shell, its sleep, the sleeper in its own session (started in the background: wait for it).
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcCount.live(marker).size() < 3 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(ProcCount.live(marker))
                .contains(session.pid())
                .doesNotContain(watchdog)
                .hasSizeGreaterThanOrEqualTo(3);

        // This JVM (the orchestrator here) is alive and does nothing: its backstop acts,
        // grace + 2 s after the deadline, then SIGTERM, grace, SIGKILL (the shell ignores SIGTERM).
        long t0 = System.nanoTime();
        assertThat(session.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(137);
        ProcCount.assertNoneLeft(marker, Duration.ofSeconds(5));
        awaitForgotten(marker);
        System.out.printf(
                "[measure] timeout backstop: session of timeout 1s, grace 1s gone after %d ms%n", millisSince(t0));
    }

    @Test
    void theWatchdogForgetsTheSessionWhenItEndsAndIsNotCountedAsALeftover() throws Exception {
        SessionProcess session =
                startWithTimeout(Fixture.command(ExitWith.class, "0"), Duration.ofMinutes(10), Duration.ofSeconds(1));
        long watchdog = session.watchdogPid();
        assertThat(watchdog).isPositive();
        assertThat(session.onExit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(session.sweep()).as("leftovers of the agent").isZero();
        ProcCount.assertNoneLeft(run, Duration.ZERO);
        awaitForgotten(run + "task1/1");
    }

    @Test
    void oneWatchdogKeepsTheTimeoutsOfEverySessionOfTheOrchestrator() throws Exception {
        SessionProcess first = startWithTimeout(UNRULY, Duration.ofMinutes(10), Duration.ofSeconds(1));
        SessionProcess second = startWithTimeout(UNRULY, Duration.ofMinutes(10), Duration.ofSeconds(1));
        assertThat(first.watchdogPid()).isPositive().isEqualTo(second.watchdogPid());
        ProcessHandle watchdog = ProcessHandle.of(first.watchdogPid()).orElseThrow();
        assertThat(watchdog.parent().map(ProcessHandle::pid))
                .as("a child of the orchestrator")
                .contains(ProcessHandle.current().pid());
        assertThat(ProcCount.liveWithPrefix(run))
                .as("carries no session's marker")
                .doesNotContain(watchdog.pid());
        first.kill().get(30, TimeUnit.SECONDS);
        second.kill().get(30, TimeUnit.SECONDS);
        assertThat(watchdog.isAlive())
                .as("outlives the sessions it guarded while the orchestrator lives")
                .isTrue();
        ProcCount.assertNoneLeft(run, Duration.ZERO);
    }

    @Test
    void atTheEndOfItsPipeTheWatchdogKeepsEveryDeadlineLeftAndThenExits() throws Exception {
        // As if the orchestrator died: a watchdog of its own, whose pipe this test closes.
        Watchdog watchdog = new Watchdog();
        String hangs = marker();
        SessionProcess hanging = startUnguarded(hangs, UNRULY);
        assertThat(new String(hanging.stdout().readNBytes(6), StandardCharsets.UTF_8))
                .isEqualTo("ready\n");
        String ends = marker();
        SessionProcess ending = startUnguarded(
                ends,
                List.of("/bin/sh", "-c", "setsid sh -c 'sleep 1000' </dev/null >/dev/null 2>&1 & echo ready; sleep 2"));
        assertThat(new String(ending.stdout().readNBytes(6), StandardCharsets.UTF_8))
                .isEqualTo("ready\n");
        assertThat(watchdog.guard(hangs, idOf(hanging), java.time.Instant.now().plusSeconds(1), Duration.ofSeconds(1)))
                .isTrue();
        assertThat(watchdog.guard(ends, idOf(ending), java.time.Instant.now().plusSeconds(600), Duration.ofSeconds(1)))
                .isTrue();
        String forgotten = marker();
        SessionProcess released = startUnguarded(forgotten, UNRULY);
        assertThat(watchdog.guard(forgotten, idOf(released), java.time.Instant.now(), Duration.ZERO))
                .isTrue();
        watchdog.release(forgotten);
        long pid = watchdog.pid();
        assertThat(pid).isPositive();

        long t0 = System.nanoTime();
        watchdog.close();
        // "ends" ends on its own (its stdin is /dev/null): what it left behind is killed; "hangs" is
        // timed out (SIGTERM ignored, SIGKILL after the grace); the released session is left alone.
        assertThat(hanging.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(137);
        ProcCount.assertNoneLeft(hangs, Duration.ofSeconds(5));
        ProcCount.assertNoneLeft(ends, Duration.ofSeconds(5));
        awaitGone(pid, Duration.ofSeconds(5));
        System.out.printf(
                "[measure] orphaned watchdog: timeout 1s, grace 1s, everything gone after %d ms%n", millisSince(t0));
        assertThat(released.onExit().isDone())
                .as("a released session is not the watchdog's")
                .isFalse();
        released.kill().get(30, TimeUnit.SECONDS);
    }

    @Test
    void anIdleWatchdogIsLetGoBeforeTheOrchestratorExitsAndABusyOneIsKept() throws Exception {
        Watchdog watchdog = new Watchdog();
        String marker = marker();
        SessionProcess session = startUnguarded(marker, UNRULY);
        assertThat(watchdog.guard(marker, idOf(session), java.time.Instant.now().plusSeconds(600), Duration.ZERO))
                .isTrue();
        long pid = watchdog.pid();
        watchdog.releaseIfIdle();
        assertThat(watchdog.pid()).as("still guards a session: kept").isEqualTo(pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isTrue();
        watchdog.release(marker);
        watchdog.releaseIfIdle();
        // Gone when releaseIfIdle returns: no thread of this JVM is left waiting on it, so the JVM's exit is not
        // delayed.
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("watchdog %d alive", pid)
                .isFalse();
        assertThat(watchdog.pid()).isEqualTo(-1);
        session.kill().get(30, TimeUnit.SECONDS);
    }

    @Test
    void withNothingLeftToKeepTheWatchdogExitsAtTheEndOfItsPipe() throws Exception {
        Watchdog watchdog = new Watchdog();
        String marker = marker();
        SessionProcess session = startUnguarded(marker, UNRULY);
        assertThat(watchdog.guard(marker, idOf(session), java.time.Instant.now().plusSeconds(600), Duration.ZERO))
                .isTrue();
        long pid = watchdog.pid();
        watchdog.release(marker);
        long t0 = System.nanoTime();
        watchdog.close();
        awaitGone(pid, Duration.ofSeconds(2));
        System.out.printf("[measure] idle watchdog gone %d ms after the end of its pipe%n", millisSince(t0));
        assertThat(session.onExit().isDone()).isFalse();
        session.kill().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aStopOfTheSessionEndsItsDeadlineOnTheWatchdogToo() throws Exception {
        SessionProcess session = startWithTimeout(UNRULY, Duration.ofMinutes(10), Duration.ofSeconds(1));
        assertThat(new String(session.stdout().readNBytes(6), StandardCharsets.UTF_8))
                .isEqualTo("ready\n");
        assertThat(Watchdog.shared().guards(run + "task1/1")).isTrue();
        session.terminate(Duration.ofMillis(200)).get(30, TimeUnit.SECONDS);
        ProcCount.assertNoneLeft(run, Duration.ZERO);
        awaitForgotten(run + "task1/1");
    }
}
