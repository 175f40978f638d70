package dev.claudemulti.agent;

import static dev.claudemulti.testing.FakeMessagesApi.*;

import dev.claudemulti.testing.ClaudeEnv;
import dev.claudemulti.testing.ClaudeRun;
import dev.claudemulti.testing.FakeMessagesApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regenerates src/test/resources/agent/captured/*.jsonl from the real CLI:
 * {@code ./mvnw -o test -Dtest=CaptureRealOutputTest -Dcapture=true}.
 */
@EnabledIfSystemProperty(named = "capture", matches = "true")
class CaptureRealOutputTest {
    static final Path OUT = Path.of("src/test/resources/agent/captured");

    @TempDir
    Path tmp;

    @Test
    void capture() throws Exception {
        Path bin = ClaudeEnv.binary();
        try (var api = FakeMessagesApi.start()) {
            api.scenario(
                    "SCENARIO_CAPTURE_SUCCESS",
                    Scenario.of(
                            new Reply(
                                    List.of(
                                            new TextBlock("I'll write the file."),
                                            new ToolCall(
                                                    "Write",
                                                    Map.of("file_path", "out.txt", "content", "hello\nworld\n"))),
                                    Usage.SMALL),
                            bash(
                                    "cat out.txt; echo \"marker=$CLAUDE_MULTI_SESSION\"; tr '\\0' '\\n' </proc/self/environ | grep CLAUDE_MULTI"),
                            tool("Read", Map.of("file_path", "/nonexistent/file.txt")),
                            text("All done.\nThe file out.txt holds two lines.")));
            run(api, bin, "success", "Please do it. SCENARIO_CAPTURE_SUCCESS", "5");
            run(api, bin, "budget", "SCENARIO_BUDGET", "5");
            run(api, bin, "error529", "SCENARIO_529", "5");
            run(api, bin, "text", "SCENARIO_TEXT", "5");
            for (var r : api.requests()) {
                System.out.println("REQ " + r.method() + " " + r.path() + " "
                        + r.body()
                                .substring(0, Math.min(300, r.body().length()))
                                .replace('\n', ' '));
            }
        }
    }

    private void run(FakeMessagesApi api, Path bin, String name, String prompt, String budget) throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve(name).resolve("work"));
        var env = new java.util.HashMap<>(ClaudeEnv.offline(api, tmp));
        env.put("CLAUDE_MULTI_SESSION", "run1/" + name + "/1");
        var cmd = new ArrayList<>(List.of(
                bin.toString(),
                "-p",
                "--output-format",
                "stream-json",
                "--verbose",
                "--model",
                "sonnet",
                "--max-budget-usd",
                budget,
                "--permission-mode",
                "bypassPermissions"));
        var r = ClaudeRun.run(cmd, env, cwd, prompt, Duration.ofSeconds(120));
        Files.writeString(OUT.resolve(name + ".jsonl"), r.stdout());
        System.out.println("== " + name + " exit=" + r.exitCode() + " stderr=" + r.stderr());
        System.out.println(r.stdout());
        try (var files = Files.list(cwd)) {
            files.forEach(f -> System.out.println("  file " + f));
        }
    }
}
