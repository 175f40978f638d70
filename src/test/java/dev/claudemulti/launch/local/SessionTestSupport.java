package dev.claudemulti.launch.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.fixtures.Fixture;
import dev.claudemulti.testing.ProcCount;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Per-test markers under one run prefix, fixture launching, and a SIGKILL of any leftover afterwards. */
abstract class SessionTestSupport {
    static final Duration SETTLE = Duration.ofSeconds(2);

    final String run = "test-" + UUID.randomUUID() + "/";

    @TempDir
    Path dir;

    private int tasks;

    String marker() {
        return run + "task" + (++tasks) + "/1";
    }

    /** Starts a fixture main in its own subdirectory under a new marker. */
    SessionProcess start(Class<?> main, String... args) throws IOException {
        Path taskDir = Files.createDirectories(dir.resolve("t" + (tasks + 1)));
        return SessionProcess.start(Fixture.spec(taskDir, marker(), main, args));
    }

    /** Starts a fixture and waits for its "ready" line. */
    SessionProcess startReady(Class<?> main, String... args) throws IOException {
        SessionProcess process = start(main, args);
        String line = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).as("first line of %s", main.getSimpleName()).isEqualTo("ready");
        return process;
    }

    /** Terminates, waits until the whole session is gone, prints and returns how long that took. */
    static long timedTerminate(SessionProcess process, Duration grace, String what) throws Exception {
        long start = System.nanoTime();
        process.terminate(grace).get(grace.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        long took = millisSince(start);
        System.out.printf("[measure] %s, grace %d ms: gone after %d ms%n", what, grace.toMillis(), took);
        return took;
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @AfterEach
    void killLeftovers() {
        for (long pid : ProcCount.liveWithPrefix(run)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
