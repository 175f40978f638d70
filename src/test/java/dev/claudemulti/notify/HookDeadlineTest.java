package dev.claudemulti.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.launch.local.LocalLauncher;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A hook's process tree keeps its own deadline: it ends even when no orchestrator is left to stop it. */
class HookDeadlineTest {
    @Test
    void theHooksCommandLineCarriesItsDeadlineAndGrace() {
        Path timeout = Path.of("/usr/bin/timeout");
        assertThat(HookRunner.commandLine(timeout, "echo hi", Duration.ofSeconds(60), Duration.ofSeconds(5)))
                .containsExactly("/usr/bin/timeout", "--kill-after=5.000s", "61.000s", "/bin/sh", "-c", "echo hi");
        assertThat(HookRunner.commandLine(null, "echo hi", Duration.ofSeconds(60), Duration.ofSeconds(5)))
                .as("without coreutils timeout the orchestrator alone keeps the deadline")
                .containsExactly("/bin/sh", "-c", "echo hi");
        assertThat(HookRunner.onPath("sh", "/nonexistent:/bin")).isEqualTo(Path.of("/bin/sh"));
        assertThat(HookRunner.onPath("no-such-program-here", "/bin")).isNull();
    }

    @Test
    void aHookWhoseParentIsGoneIsStoppedWholeAtItsDeadlineEvenIfItIgnoresSigterm() throws Exception {
        Path timeout = HookRunner.onPath("timeout", System.getenv("PATH"));
        assertThat(timeout).as("coreutils timeout on the PATH").isNotNull();
        String marker = "hook:deadline-test-" + UUID.randomUUID();
        List<String> hook = HookRunner.commandLine(
                timeout, "trap '' TERM; sleep 300 & sleep 300; wait", Duration.ofMillis(500), Duration.ofMillis(500));
        // The hook's parent exits at once, as a killed orchestrator would: nobody but the hook's own deadline acts.
        List<String> orphaning =
                new ArrayList<>(List.of("/bin/sh", "-c", "\"$@\" </dev/null >/dev/null 2>&1 & exit 0", "sh"));
        orphaning.addAll(hook);
        ProcessBuilder pb = new ProcessBuilder(orphaning);
        pb.environment().put(LocalLauncher.MARKER_VARIABLE, marker);
        Process parent = pb.start();
        try {
            assertThat(parent.waitFor()).isZero();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ProcCount.live(marker).size() < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(ProcCount.live(marker))
                    .as("timeout, sh and its sleeps run on their own")
                    .hasSizeGreaterThanOrEqualTo(3);
            ProcCount.assertNoneLeft(marker, Duration.ofSeconds(20));
        } finally {
            for (long pid : ProcCount.live(marker)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
