package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dependsOn} through {@code run} with a stand-in for claude that logs when each session
 * starts and ends: a dependant starts only after its dependencies ended, and the dependant of a
 * failure is skipped without starting.
 */
class DependsOnRunTest {
    @TempDir
    Path tmp;

    @Test
    void dependantsStartAfterTheirDependenciesAndAFailureSkipsItsChain() throws Exception {
        Path log = tmp.resolve("agent.log");
        Path agent = tmp.resolve("fake-claude");
        // The prompt comes on standard input; a prompt saying "fail" fails with claude's error result.
        Files.writeString(
                agent,
                "#!/bin/sh\n"
                        + "prompt=$(cat)\n"
                        + "echo \"start $prompt\" >> '" + log + "'\n"
                        + "echo \"end $prompt\" >> '" + log + "'\n"
                        + "case \"$prompt\" in *fail*)\n"
                        + "  echo '{\"type\":\"result\",\"subtype\":\"error_during_execution\",\"is_error\":true,"
                        + "\"result\":\"no\",\"total_cost_usd\":0.01,\"num_turns\":1,\"session_id\":\"s\"}'\n"
                        + "  exit 1;;\n"
                        + "esac\n"
                        + "echo '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,"
                        + "\"result\":\"done\",\"total_cost_usd\":0.01,\"num_turns\":1,\"session_id\":\"s\"}'\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path tasks = tmp.resolve("tasks.json");
        Files.writeString(tasks, """
                {"defaults": {"retries": 0},
                 "tasks": [
                  {"id": "d", "prompt": "d", "dependsOn": ["b", "c"]},
                  {"id": "b", "prompt": "b", "dependsOn": ["a"]},
                  {"id": "c", "prompt": "c", "dependsOn": ["a"]},
                  {"id": "a", "prompt": "a"},
                  {"id": "x", "prompt": "x fail"},
                  {"id": "y", "prompt": "y", "dependsOn": ["x"]},
                  {"id": "z", "prompt": "z", "dependsOn": ["y"]}]}""");

        Map<String, String> env = new TreeMap<>(System.getenv());
        env.put("IS_SANDBOX", "1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Cli.execute(
                    new CliContext(o, e, InputStream.nullInputStream(), env, tmp, false),
                    "run",
                    tasks.toString(),
                    "--json",
                    "-j",
                    "4",
                    "--state-dir",
                    tmp.resolve("state").toString(),
                    "--claude",
                    agent.toString());
        }
        String printed = "exit " + code + "\n--- stdout\n" + out.toString(StandardCharsets.UTF_8) + "--- stderr\n"
                + err.toString(StandardCharsets.UTF_8);

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).as(printed).hasSize(10).doesNotContain("start y", "start z");
        assertThat(lines.indexOf("start b")).isGreaterThan(lines.indexOf("end a"));
        assertThat(lines.indexOf("start c")).isGreaterThan(lines.indexOf("end a"));
        assertThat(lines.indexOf("start d"))
                .isGreaterThan(lines.indexOf("end b"))
                .isGreaterThan(lines.indexOf("end c"));

        Map<String, String> states = new HashMap<>();
        Map<String, String> reasons = new HashMap<>();
        for (JsonNode t : new ObjectMapper()
                .readTree(out.toString(StandardCharsets.UTF_8))
                .path("tasks")) {
            states.put(t.path("id").asText(), t.path("status").asText());
            reasons.put(t.path("id").asText(), t.path("reason").asText());
        }
        assertThat(states)
                .as(printed)
                .containsEntry("a", "completed")
                .containsEntry("d", "completed")
                .containsEntry("x", "failed")
                .containsEntry("y", "skipped")
                .containsEntry("z", "skipped");
        assertThat(reasons).containsEntry("y", "dependency x failed").containsEntry("z", "dependency y skipped");
        assertThat(code).as(printed).isNotZero();
    }
}
