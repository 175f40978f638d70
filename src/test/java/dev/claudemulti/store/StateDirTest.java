package dev.claudemulti.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirTest {
    @TempDir
    Path tmp;

    @Test
    void runIdsAreThoseCreateRunMakesAndNothingElseInRunsCounts() throws Exception {
        assertThat(StateDir.isRunId("20261202-154459-0390")).isTrue();
        assertThat(StateDir.isRunId("20261202-154459-a9ff")).isTrue();
        for (String not : new String[] {
            "20261202-154459-039",
            "20261202-154459-03900",
            "20261202_154459-0390",
            "20261202-154459-A9FF",
            "2026120x-154459-0390",
            "20261202-15445x-0390",
            "20261202-154459-039g",
            "",
            "notes.txt"
        }) {
            assertThat(StateDir.isRunId(not)).as(not).isFalse();
        }
        StateDir dir = StateDir.open(tmp.resolve("state"));
        String made = dir.createRun().runId();
        assertThat(StateDir.isRunId(made)).as(made).isTrue();
        Files.createDirectories(dir.runsDir().resolve("20200101-000000-zzzz"));
        Files.writeString(dir.runsDir().resolve("20200101-000000-0000"), "a file, not a run");
        assertThat(dir.runIds()).containsExactly(made);
    }

    @Test
    void aRunIdsTimeIsWhatTheFormatterWrites() {
        var format =
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 2000; i++) {
            var at = java.time.Instant.ofEpochSecond(
                    random.nextLong(-30_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000_000));
            org.assertj.core.api.Assertions.assertThat(StateDir.runStamp(at))
                    .as(at.toString())
                    .isEqualTo(format.format(at));
        }
        org.assertj.core.api.Assertions.assertThat(
                        StateDir.runStamp(java.time.Instant.parse("2026-01-02T03:04:05.999Z")))
                .isEqualTo("20260102-030405");
    }

    @Test
    void openCreatesTheDirectoryAndLeavesNoProbe() throws Exception {
        Path root = tmp.resolve("a/b/state");
        StateDir state = StateDir.open(root);
        assertThat(state.root()).isEqualTo(root.toAbsolutePath());
        assertThat(state.orchestratorLog())
                .isEqualTo(root.resolve("orchestrator.log").toAbsolutePath());
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("runs");
        }
    }

    @Test
    void aParentThatIsAFileCannotHoldTheStateDirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Path root = file.resolve("state");
        assertThatThrownBy(() -> StateDir.open(root))
                .isInstanceOf(StoreException.class)
                .hasMessage("state directory " + root + " cannot be created: " + file + " is not a directory");
    }

    @Test
    void aFileIsNotAStateDirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> StateDir.open(file)).hasMessage("state directory " + file + " is not a directory");
    }

    @Test
    void aDirectoryThatRefusesFilesIsNotWritable() {
        // Tests run as root, which chmod does not stop; /proc refuses new files even to root.
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc.resolve("self")), "needs Linux /proc");
        assertThatThrownBy(() -> StateDir.open(proc))
                .isInstanceOf(StoreException.class)
                .hasMessage("state directory /proc is not writable");
        assertThatThrownBy(() -> StateDir.open(proc.resolve("claude-multi")))
                .hasMessage("state directory /proc/claude-multi cannot be created: parent is not writable");
    }

    @Test
    void aFullDiskIsSaidInOneLine() {
        // A full filesystem cannot be made here without mount rights, so the classification is
        // checked on the exception the JDK throws for ENOSPC.
        Path root = Path.of("/x");
        FileSystemException enospc = new FileSystemException("/x/.probe-1", null, "No space left on device");
        assertThat(StateDir.notWritable(root, enospc)).hasMessage("state directory /x: no space left on device");
        assertThat(StateDir.cannotCreate(root, enospc)).hasMessage("state directory /x: no space left on device");
        assertThat(StoreException.io("cannot write journal", Path.of("/x/j"), enospc))
                .hasMessage("cannot write journal /x/j: no space left on device");
    }

    @Test
    void existingDoesNotCreate() {
        Path root = tmp.resolve("none");
        assertThatThrownBy(() -> StateDir.existing(root))
                .isInstanceOf(StoreException.class)
                .hasMessage("no state directory at " + root + " (nothing has run yet?)");
        assertThat(root).doesNotExist();
    }

    @Test
    void runIdsAreUniqueAndSortInCreationOrderUnderABurst() throws Exception {
        StateDir state = StateDir.open(tmp);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            created.add(state.createRun().runId());
        }
        assertThat(created).doesNotHaveDuplicates().isSorted().allMatch(id -> id.matches("\\d{8}-\\d{6}-[0-9a-f]{4}"));
        assertThat(state.runIds()).isEqualTo(created);
        assertThat(state.latestRun().runId()).isEqualTo(created.get(99));
        assertThat(StateDir.existing(tmp).runIds()).isEqualTo(created);
    }

    @Test
    void runIdsKeepCreationOrderWhenTheClockStandsStillOrStepsBack() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T12:00:03Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        StateDir state = StateDir.open(tmp, clock);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            created.add(state.createRun().runId());
        }
        now.set(Instant.parse("2026-11-24T11:00:00Z"));
        created.add(state.createRun().runId());
        now.set(Instant.parse("2026-11-24T12:00:04Z"));
        created.add(state.createRun().runId());

        assertThat(created).doesNotHaveDuplicates().isSorted();
        assertThat(created.get(0)).startsWith("20261124-120003-");
        assertThat(created.get(50)).startsWith("20261124-120003-");
        assertThat(created.get(51)).startsWith("20261124-120004-");
        assertThat(state.runIds()).isEqualTo(created);
    }

    @Test
    void unknownRunsAndEmptyStateDirectories() throws Exception {
        StateDir state = StateDir.open(tmp);
        assertThatThrownBy(state::latestRun).hasMessage("no runs in " + tmp);
        assertThatThrownBy(() -> state.openRun("20260101-000000-0000"))
                .hasMessage("unknown run 20260101-000000-0000 (see claude-multi list)");
        assertThatThrownBy(() -> state.openRun("../..")).hasMessage("unknown run ../.. (see claude-multi list)");
        String id = state.createRun().runId();
        assertThat(state.openRun(id).dir()).isEqualTo(tmp.resolve("runs").resolve(id));
        Files.createDirectories(tmp.resolve("runs/not-a-run"));
        assertThat(state.runIds()).containsExactly(id);
    }
}
