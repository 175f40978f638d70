package dev.claudemulti.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state directory that cannot be created or written stops {@code run} with exit 2 before any session starts. */
class UnusableStateDirTest {
    @TempDir
    Path tmp;

    private Faults.CliResult run(Path state) throws Exception {
        Path agent = Faults.agent(tmp);
        return Faults.cli(
                tmp,
                "run",
                "[{\"id\": \"a\", \"prompt\": \"fast a\"}]",
                "--no-tui",
                "--state-dir",
                state.toString(),
                "--claude",
                agent.toString());
    }

    private void assertRefused(Faults.CliResult r, String message) throws Exception {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("claude-multi: state directory ")
                .contains(message)
                .doesNotContain("Exception")
                .hasLineCount(1);
        assertThat(r.out()).isEmpty();
        assertThat(Faults.launches(tmp)).as("sessions launched").isEmpty();
    }

    @Test
    void parentIsARegularFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        assertRefused(run(file.resolve("state")), "cannot be created: " + file + " is not a directory");
    }

    @Test
    void stateDirIsARegularFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("state"), "x");
        assertRefused(run(file), file + " is not a directory");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void stateDirIsNotWritable() throws Exception {
        // Root writes through permission bits; a /proc directory is unwritable for everyone.
        assertRefused(run(Path.of("/proc/1")), "/proc/1 is not writable");
    }

    @Test
    void stateDirWithoutWritePermission() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root writes through permission bits");
        Path dir = Files.createDirectory(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertRefused(run(dir), dir + " is not writable");
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
