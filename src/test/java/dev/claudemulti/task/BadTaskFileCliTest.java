package dev.claudemulti.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.cli.Cli;
import dev.claudemulti.cli.CliContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile corpus through the real command line: each case is one clear line per problem
 * and exit 2, no stack trace, no session started, nothing written (not even the state directory).
 */
class BadTaskFileCliTest {
    @TempDir
    Path dir;

    static Stream<BadTaskFileTest.Case> corpus() {
        return BadTaskFileTest.corpus();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isExitTwoWithItsLinesAndWritesNothing(BadTaskFileTest.Case c) throws Exception {
        Files.writeString(dir.resolve("t.json"), c.json(), StandardCharsets.UTF_8);
        // An agent that leaves a trace if it is ever started.
        Path agent = dir.resolve("agent.sh");
        Files.writeString(agent, "#!/bin/sh\ntouch '" + dir.resolve("STARTED") + "'\n");
        agent.toFile().setExecutable(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]),
                Map.of("HOME", dir.toString()),
                dir,
                false);

        int code = Cli.execute(
                ctx,
                "run",
                "t.json",
                "--no-tui",
                "--state-dir",
                dir.resolve("state").toString(),
                "--claude",
                agent.toString());

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines)
                .containsExactlyElementsOf(
                        c.expected().stream().map(l -> "claude-multi: " + l).toList());
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("t.json", "agent.sh");
        }
    }
}
