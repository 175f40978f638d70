package dev.claudemulti.launch.local;

import dev.claudemulti.launch.LaunchSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.fixtures.Fixture;
import dev.claudemulti.fixtures.ExitWith;
import dev.claudemulti.testing.ProcCount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 6: a session's timeout is kept by a watchdog process that the session carries, so
 * that it holds even when nothing else acts. (With the orchestrator SIGKILLed: fault/OrchestratorKilledTest.)
 */
class WatchdogTest extends SessionTestSupport {
    /** A shell that ignores SIGTERM (its children inherit that) and starts a sleeper in a new session, as claude's Bash tool does. */
    private static final List<String> UNRULY = List.of("/bin/sh", "-c",
            "trap '' TERM; setsid sh -c 'sleep 1000' </dev/null >/dev/null 2>&1 & echo ready; sleep 1000");

    private SessionProcess startWithTimeout(List<String> command, Duration timeout, Duration grace) throws Exception {
        String marker = marker();
        Path taskDir = Files.createDirectories(dir.resolve(marker.replace('/', '_')));
        LaunchSpec plain = Fixture.spec(taskDir, marker, command);
        return SessionProcess.start(new LaunchSpec(plain.command(), plain.workingDir(), plain.environment(),
                plain.stdinFile(), plain.stderrFile(), marker, timeout, grace));
    }

    @Test
    void theDeadlineHoldsWhenNobodyStopsTheSession() throws Exception {
        SessionProcess session = startWithTimeout(UNRULY, Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(new String(session.stdout().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("ready\n");
        long watchdog = session.watchdogPid();
        assertThat(watchdog).as("watchdog started").isPositive();
        String marker = run + "task1/1";
        // The shell, its sleep, the sleeper in its own session (started in the background: wait for it),
        // the watchdog (and perhaps its sleep).
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcCount.live(marker).size() < 4 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(ProcCount.live(marker)).contains(session.pid(), watchdog).hasSizeGreaterThanOrEqualTo(4);

        // This JVM (the orchestrator here) is alive and does nothing: the watchdog acts as a backstop,
        // grace + 2 s after the deadline, then SIGTERM, grace, SIGKILL (the shell ignores SIGTERM).
        long t0 = System.nanoTime();
        assertThat(session.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(137);
        ProcCount.assertNoneLeft(marker, Duration.ofSeconds(5));
        System.out.printf("[measure] watchdog backstop: session of timeout 1s, grace 1s gone after %d ms%n",
                millisSince(t0));
    }

    @Test
    void theWatchdogEndsWithTheSessionAndIsNotCountedAsALeftover() throws Exception {
        SessionProcess session = startWithTimeout(Fixture.command(ExitWith.class, "0"), Duration.ofMinutes(10),
                Duration.ofSeconds(1));
        long watchdog = session.watchdogPid();
        assertThat(watchdog).isPositive();
        assertThat(session.onExit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(session.sweep()).as("leftovers of the agent").isZero();
        ProcCount.assertNoneLeft(run, Duration.ZERO);
    }

    @Test
    void aStopOfTheSessionEndsItsWatchdogToo() throws Exception {
        SessionProcess session = startWithTimeout(UNRULY, Duration.ofMinutes(10), Duration.ofSeconds(1));
        assertThat(new String(session.stdout().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("ready\n");
        session.terminate(Duration.ofMillis(200)).get(30, TimeUnit.SECONDS);
        ProcCount.assertNoneLeft(run, Duration.ZERO);
    }
}
