package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status reads the run it shows, and of the others only those whose orchestrator still runs. */
class StatusAmongManyRunsTest {
    @TempDir
    Path dir;

    @Test
    void statusDoesNotReplayTheJournalsOfEndedRuns() throws Exception {
        CliHarness cli = new CliHarness(dir);
        assertThat(cli.runProcess("run", "[{\"id\":\"a\",\"prompt\":\"hello\"}]", "--no-tui")
                        .code())
                .isZero();
        Thread.sleep(1100); // run ids carry the second they were made in
        assertThat(cli.runProcess("run", "[{\"id\":\"b\",\"prompt\":\"hello\"}]", "--no-tui")
                        .code())
                .isZero();
        List<Path> journals;
        try (Stream<Path> files = Files.walk(cli.state)) {
            journals = files.filter(f -> f.getFileName().toString().equals("journal.jsonl"))
                    .sorted()
                    .toList();
        }
        assertThat(journals).hasSize(2);
        // Each run was made by a JVM of its own, gone now. The older run's journal becomes a FIFO: reading it would
        // block for ever.
        Path older = journals.get(0);
        Files.delete(older);
        assertThat(new ProcessBuilder("mkfifo", older.toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();

        CliHarness.Result status = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> cli.run("status"));
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains(" b ").doesNotContain("Also running");
    }
}
