package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** result prints the whole result text, however long: only the dashboard may abbreviate. */
class LongResultTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void resultPrintsAResultOf300000CharactersWhole() throws Exception {
        CliHarness cli = new CliHarness(dir);
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 307_200; i++) {
            text.append("line ").append(i).append(": grüße, \"quoted\" \\ and more words to fill it up\n");
        }
        text.setLength(307_200);
        // A secret value of the environment, printed by the agent near the end, is hidden as in the journal.
        text.replace(300_000, 300_000 + "tok-PLANTED-42".length(), "tok-PLANTED-42");
        String written = text.toString().strip();
        String expected = written.replace("tok-PLANTED-42", "***");
        ObjectNode result = JSON.createObjectNode()
                .put("type", "result")
                .put("subtype", "success")
                .put("is_error", false)
                .put("result", written)
                .put("total_cost_usd", 0.01)
                .put("num_turns", 1);
        ObjectNode bigTool = JSON.createObjectNode().put("type", "user");
        bigTool.putObject("message")
                .putArray("content")
                .addObject()
                .put("type", "tool_result")
                .put("content", "x".repeat(2_000_000));
        Path stream = dir.resolve("stream.jsonl");
        Files.writeString(
                stream,
                "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s1\",\"model\":\"m\"}\n"
                        + JSON.writeValueAsString(bigTool) + "\n"
                        + "not json at all {\"type\":\"result\"\n"
                        + JSON.writeValueAsString(result) + "\n");
        Path claude = dir.resolve("long-claude");
        Files.writeString(claude, "#!/bin/bash\ncat > /dev/null\ncat '" + stream + "'\n");
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
        cli.env.put("CLAUDE_BIN", claude.toString());
        cli.env.put("MY_API_TOKEN", "tok-PLANTED-42");

        cli.batch("[{\"id\":\"long\",\"prompt\":\"write a lot\"}]");
        CliHarness.Result r = cli.run("result", "long", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .hasSize(expected.length() + 1)
                .isEqualTo(expected + "\n")
                .doesNotContain("PLANTED");

        CliHarness.Result full = cli.run("result", "long");
        assertThat(full.out()).startsWith(expected + "\n\n✓ completed");
    }
}
