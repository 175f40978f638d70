package dev.claudemulti.agent;

import static dev.claudemulti.testing.FakeMessagesApi.bash;
import static dev.claudemulti.testing.FakeMessagesApi.text;
import static dev.claudemulti.testing.FakeMessagesApi.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.agent.SessionEvent.Result;
import dev.claudemulti.agent.SessionEvent.ToolResult;
import dev.claudemulti.task.Task;
import dev.claudemulti.testing.ClaudeEnv;
import dev.claudemulti.testing.ClaudeRun;
import dev.claudemulti.testing.FakeMessagesApi;
import dev.claudemulti.testing.FakeMessagesApi.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real claude CLI, started with {@link ClaudeAgent}'s command line, against {@link FakeMessagesApi}. */
class ClaudeCliEndToEndTest {
    static FakeMessagesApi api;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startApi() {
        api = FakeMessagesApi.start();
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    private static Task task(String prompt, String mode, List<String> allowed, List<String> disallowed, String append) {
        return Task.builder()
                .id("t")
                .prompt(prompt)
                .model("sonnet")
                .budgetUsd(5.0)
                .permissionMode(mode)
                .allowedTools(allowed)
                .disallowedTools(disallowed)
                .appendSystemPrompt(append)
                .build();
    }

    private Run run(Task task, Map<String, String> extraEnv) throws Exception {
        var agent = new ClaudeAgent(ClaudeEnv.binary().toString(), System.getenv("PATH"));
        agent.checkAvailable();
        Path cwd = Files.createDirectories(tmp.resolve("work"));
        var env = new HashMap<>(ClaudeEnv.offline(api, tmp));
        env.putAll(extraEnv);
        ClaudeRun r = ClaudeRun.run(agent.command(task), env, cwd, task.prompt(), Duration.ofSeconds(90));
        List<SessionEvent> events = Captured.parse(r.stdout().getBytes(StandardCharsets.UTF_8), 1000);
        return new Run(r, events, cwd);
    }

    record Run(ClaudeRun process, List<SessionEvent> events, Path cwd) {
        Result result() {
            return (Result) events.get(events.size() - 1);
        }
    }

    @Test
    void writeFileSessionSucceedsWithCost() throws Exception {
        int before = api.messageRequestCount();
        Run r = run(task("SCENARIO_WRITE_FILE made.txt", "bypassPermissions", null, null, null), Map.of());
        assertThat(r.process().exitCode()).as(r.process().stderr()).isZero();
        assertThat(r.cwd().resolve("made.txt")).hasContent("written by the fake Messages API");
        assertThat(r.result().subtype()).isEqualTo("success");
        assertThat(r.result().costUsd()).isPositive();
        assertThat(r.result().numTurns()).isEqualTo(2);
        assertThat(api.messageRequestCount() - before).isEqualTo(2);
    }

    @Test
    void bashToolProcessesInheritTheSessionMarker() throws Exception {
        String cmd = "sh -c 'tr \"\\0\" \"\\n\" < /proc/$$/environ' | grep CLAUDE_MULTI_SESSION= > marker.txt";
        Run r = run(
                task("SCENARIO_BASH " + cmd, "bypassPermissions", null, null, null),
                Map.of("CLAUDE_MULTI_SESSION", "run-e2e/t/1"));
        assertThat(r.process().exitCode()).as(r.process().stderr()).isZero();
        assertThat(r.cwd().resolve("marker.txt")).hasContent("CLAUDE_MULTI_SESSION=run-e2e/t/1");
    }

    @Test
    void allowedAndDisallowedToolsAreHonoured() throws Exception {
        api.scenario(
                "SCENARIO_E2E_TOOLS",
                Scenario.of(
                        tool("Write", Map.of("file_path", "allowed.txt", "content", "x")),
                        bash("touch denied.txt"),
                        text("done")));
        Run r = run(
                task(
                        "SCENARIO_E2E_TOOLS",
                        "dontAsk",
                        List.of("Bash(echo *)", "Write"),
                        List.of("Bash(touch *)"),
                        "-APPENDED_TO_SYSTEM_PROMPT"),
                Map.of());
        assertThat(r.process().exitCode()).as(r.process().stderr()).isZero();
        assertThat(r.cwd().resolve("allowed.txt")).exists();
        assertThat(r.cwd().resolve("denied.txt")).doesNotExist();
        assertThat(Captured.only(r.events(), ToolResult.class))
                .extracting(ToolResult::isError)
                .containsExactly(false, true);
        assertThat(api.requests())
                .filteredOn(q -> q.body().contains("SCENARIO_E2E_TOOLS"))
                .allSatisfy(q -> assertThat(q.body()).contains("-APPENDED_TO_SYSTEM_PROMPT"));
    }

    @Test
    void backgroundedProcessOutlivesASuccessfulSession() throws Exception {
        String marker = "run-e2e/bg/" + System.nanoTime();
        Run r = run(
                task("SCENARIO_BACKGROUND", "bypassPermissions", null, null, null),
                Map.of("CLAUDE_MULTI_SESSION", marker));
        List<ProcessHandle> left = marked(marker);
        try {
            assertThat(r.result().subtype()).isEqualTo("success");
            assertThat(left)
                    .extracting(h -> h.info().commandLine().orElse(""))
                    .anySatisfy(c -> assertThat(c).contains("sleep 300"));
        } finally {
            left.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void sigtermStopsClaudeAndItsHangingTool() throws Exception {
        String marker = "run-e2e/hang/" + System.nanoTime();
        var agent = new ClaudeAgent(ClaudeEnv.binary().toString(), System.getenv("PATH"));
        Path cwd = Files.createDirectories(tmp.resolve("hang"));
        Path out = tmp.resolve("hang.jsonl");
        var pb = new ProcessBuilder(agent.command(task("SCENARIO_HANG_BASH", "bypassPermissions", null, null, null)))
                .directory(cwd.toFile())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(ClaudeEnv.offline(api, tmp));
        pb.environment().put("CLAUDE_MULTI_SESSION", marker);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write("SCENARIO_HANG_BASH".getBytes(StandardCharsets.UTF_8));
        }
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
            while (marked(marker).stream()
                    .noneMatch(h -> h.info().commandLine().orElse("").contains("sleep 300"))) {
                assertThat(System.nanoTime())
                        .as(() -> "sleep 300 started; claude wrote: " + readQuietly(out))
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Thread.sleep(500);
            assertThat(marked(marker)).isEmpty();
        } finally {
            p.destroyForcibly();
            marked(marker).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** Live, non-zombie processes whose environment holds CLAUDE_MULTI_SESSION=marker. */
    static List<ProcessHandle> marked(String marker) {
        byte[] needle = ("CLAUDE_MULTI_SESSION=" + marker + "\0").getBytes(StandardCharsets.UTF_8);
        return ProcessHandle.allProcesses()
                .filter(h -> {
                    try {
                        String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
                        if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                            return false;
                        }
                        byte[] env = Files.readAllBytes(Path.of("/proc/" + h.pid() + "/environ"));
                        return indexOf(env, needle) >= 0;
                    } catch (Exception e) {
                        return false;
                    }
                })
                .toList();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
