package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.store.StateDirAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prompts and transcripts are private: everything claude-multi creates in the state directory is
 * 0700 (directories) or 0600 (files) under the usual umask, and a state directory that another user
 * owns or that others may write to is refused before anything is written in it.
 */
class PrivateStateDirTest {
    @TempDir
    Path dir;

    /** The CLI in a JVM of its own, started by a shell that first sets {@code umask}; it also touches {@code control}. */
    private CliHarness.Result runWithUmask(CliHarness cli, String umask, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "sh",
                "-c",
                "umask " + umask + "; touch control; exec \"$@\"",
                "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.claudemulti.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(cli.env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("claude-multi " + String.join(" ", args) + " did not end in 120 s");
        }
        return new CliHarness.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void everythingInTheStateDirIsPrivateUnderUmask022() throws Exception {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result batch = runWithUmask(
                cli,
                "022",
                "run",
                "[{\"id\":\"a\",\"prompt\":\"hello\"},{\"id\":\"b\",\"prompt\":\"fail\"}]",
                "--no-tui");
        assertThat(batch.code()).as(batch.err()).isEqualTo(1);
        // A background run: its orchestrator.out comes from the launcher's redirect.
        CliHarness.Result started = runWithUmask(cli, "022", "start", "bg", "hello");
        assertThat(started.code()).as(started.err()).isZero();
        Path bgRun = cli.state.resolve("runs").resolve(started.out().strip());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.readString(bgRun.resolve("run.json")).contains("\"ended\"")) {
            assertThat(Instant.now()).as("the background run ends").isBefore(deadline);
            Thread.sleep(100);
        }
        // The test is only worth something if the umask would have let others read.
        assertThat(mode(dir.resolve("control"))).isEqualTo("rw-r--r--");

        Set<String> names = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> all = Files.walk(cli.state)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                names.add(p.getFileName().toString());
                String expected = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------";
                if (!mode(p).equals(expected)) {
                    wrong.add(mode(p) + " " + cli.state.relativize(p));
                }
            }
        }
        assertThat(wrong).as("not private").isEmpty();
        assertThat(names)
                .contains(
                        "state",
                        "runs",
                        "sessions",
                        "requests",
                        "a",
                        "b",
                        "bg",
                        "orchestrator.log",
                        "run.json",
                        "journal.jsonl",
                        "run.lock",
                        "orchestrator.out",
                        "prompt.txt",
                        "output.jsonl",
                        "stderr.log",
                        "session.json");
    }

    @Test
    void aStateDirOfAnotherUserIsRefusedAndLeftAlone() throws Exception {
        Assumptions.assumeTrue(StateDirAccess.currentUid() == 0, "only root can give a directory to another user");
        CliHarness cli = new CliHarness(dir);
        Files.createDirectory(
                cli.state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(cli.state, "unix:uid", 65534);
        String owner = Files.getOwner(cli.state).getName();

        for (String[] args : List.of(
                new String[] {"run", "[{\"id\":\"a\",\"prompt\":\"hello\"}]", "--no-tui"},
                new String[] {"start", "a", "hello"},
                new String[] {"status"},
                new String[] {"stop-all"})) {
            CliHarness.Result r = cli.run(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err())
                    .isEqualTo("claude-multi: state directory " + cli.state + " belongs to user " + owner
                            + " (uid 65534), not to you (uid 0); use a state directory of your own (--state-dir DIR or CLAUDE_SESSIONS_DIR)"
                            + System.lineSeparator());
        }
        try (Stream<Path> left = Files.list(cli.state)) {
            assertThat(left).as("written into the refused state directory").isEmpty();
        }
        assertThat(Files.getAttribute(cli.state, "unix:uid")).isEqualTo(65534);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rwxrwx---", "rwx---rwx", "rwxrwxrwx", "rwx-w----"})
    void aStateDirOthersCanWriteIsRefusedNotChmodded(String perms) throws Exception {
        CliHarness cli = new CliHarness(dir);
        Files.createDirectory(cli.state);
        Files.setPosixFilePermissions(cli.state, PosixFilePermissions.fromString(perms));

        CliHarness.Result r = cli.run("run", "[{\"id\":\"a\",\"prompt\":\"hello\"}]", "--no-tui");

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("claude-multi: state directory " + cli.state + " can be written by ")
                .endsWith("; make it yours alone: chmod 700 " + cli.state + System.lineSeparator())
                .hasLineCount(1);
        assertThat(r.out()).isEmpty();
        try (Stream<Path> left = Files.list(cli.state)) {
            assertThat(left).as("written into the refused state directory").isEmpty();
        }
        assertThat(mode(cli.state)).isEqualTo(perms);
        assertThat(cli.run("list").code()).isEqualTo(2);
    }

    @Test
    void aStateDirTheUserMadeKeepsItsModeWhatItCreatesIsPrivate() throws Exception {
        CliHarness cli = new CliHarness(dir);
        Files.createDirectory(cli.state);
        Files.setPosixFilePermissions(cli.state, PosixFilePermissions.fromString("rwxr-x---"));

        cli.batch("[{\"id\":\"a\",\"prompt\":\"hello\"}]");

        assertThat(mode(cli.state)).isEqualTo("rwxr-x---");
        assertThat(mode(cli.state.resolve("runs"))).isEqualTo("rwx------");
        assertThat(mode(cli.state.resolve("orchestrator.log"))).isEqualTo("rw-------");
    }
}
