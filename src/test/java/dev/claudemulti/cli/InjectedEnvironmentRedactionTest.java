package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret that exists only in the environment a command is given ({@link CliContext#env()}),
 * never in the test JVM's real one, is redacted from what the run records: the command reads no
 * other environment, so an in-process test exercises the same redaction as a real process.
 */
class InjectedEnvironmentRedactionTest {
    private static final String SECRET = "tok-INJECTED-only-in-cli-context-4242";

    @TempDir
    Path dir;

    @Test
    void aSecretOfTheInjectedEnvironmentIsRedactedFromRecordsAndLog() throws Exception {
        assertThat(System.getenv().values())
                .as("the secret must not be in the real environment")
                .doesNotContain(SECRET);
        CliHarness cli = new CliHarness(dir);
        cli.env.put("MY_SERVICE_TOKEN", SECRET);
        // The fake claude echoes its prompt in its result, so the secret reaches the recorded result text.
        String runId = cli.batch("[{\"id\":\"a\",\"prompt\":\"echo " + SECRET + "\"}]");

        Path runDir = cli.state.resolve("runs").resolve(runId);
        String output = Files.readString(runDir.resolve("sessions").resolve("a").resolve("output.jsonl"));
        assertThat(output)
                .as("the agent's own output is kept verbatim: the secret did reach the run")
                .contains(SECRET);
        for (Path recorded : new Path[] {
            runDir.resolve("run.json"), runDir.resolve("journal.jsonl"), cli.state.resolve("orchestrator.log")
        }) {
            assertThat(Files.readString(recorded)).as(recorded.toString()).doesNotContain(SECRET);
        }
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path sessionInfo : files.filter(p -> p.getFileName().toString().equals("session.json"))
                    .toList()) {
                assertThat(Files.readString(sessionInfo))
                        .as(sessionInfo.toString())
                        .doesNotContain(SECRET);
            }
        }
        assertThat(cli.run("result", "a", "-q").out()).contains("echo ***").doesNotContain(SECRET);
    }
}
