package dev.claudemulti.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudemulti.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeAgentTest {
    @TempDir
    Path tmp;

    private static Task task(List<String> allowed, List<String> disallowed, String append) {
        return Task.builder()
                .id("t1")
                .prompt("-starts with a dash")
                .model("sonnet")
                .budgetUsd(5.0)
                .permissionMode("bypassPermissions")
                .allowedTools(allowed)
                .disallowedTools(disallowed)
                .appendSystemPrompt(append)
                .build();
    }

    private Path executable(String name) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void commandLine() throws Exception {
        Path bin = executable("claude");
        var agent = new ClaudeAgent(bin.toString(), System.getenv("PATH"));
        assertThat(agent.command(task(null, null, null)))
                .containsExactly(
                        bin.toString(),
                        "-p",
                        "--output-format",
                        "stream-json",
                        "--verbose",
                        "--model",
                        "sonnet",
                        "--max-budget-usd",
                        "5",
                        "--permission-mode",
                        "bypassPermissions");
        assertThat(agent.command(task(List.of("Bash(git *)", "Edit"), List.of("WebFetch"), "-be terse")))
                .endsWith(
                        "--permission-mode",
                        "bypassPermissions",
                        "--allowedTools",
                        "Bash(git *)",
                        "Edit",
                        "--disallowedTools",
                        "WebFetch",
                        "--append-system-prompt",
                        "-be terse")
                .doesNotContain("-starts with a dash");
        assertThat(agent.command(task(List.of(), List.of(" "), "")))
                .doesNotContain("--allowedTools", "--disallowedTools", "--append-system-prompt");
        assertThat(agent.name()).isEqualTo("claude");
        assertThat(agent.simulated()).isFalse();
    }

    @Test
    void anAttemptNamesItsConversationThenPassesTheTasksOwnFlagsLast() throws Exception {
        Path bin = executable("claude");
        var agent = new ClaudeAgent(bin.toString(), System.getenv("PATH"));
        Task plain = task(List.of("Edit"), null, null);
        Task withArgs = plain.toBuilder()
                .claudeArgs(List.of("--effort", "high", "--fallback-model", "haiku"))
                .build();
        String id = "0b6f2c1e-8a55-4f3e-9d2a-7c1b3e5f9a01";

        List<String> fresh = agent.command(withArgs, AttemptPlan.fresh(id));
        assertThat(fresh.subList(0, agent.command(plain).size())).isEqualTo(agent.command(plain));
        assertThat(fresh)
                .endsWith("--allowedTools", "Edit", "--session-id", id, "--effort", "high", "--fallback-model", "haiku")
                .doesNotContain("--resume");

        List<String> resuming = agent.command(withArgs, AttemptPlan.resuming(id));
        assertThat(resuming)
                .endsWith("--allowedTools", "Edit", "--resume", id, "--effort", "high", "--fallback-model", "haiku")
                .doesNotContain("--session-id");

        assertThat(agent.command(plain, AttemptPlan.fresh(id))).endsWith("Edit", "--session-id", id);
        assertThat(agent.command(plain, null)).isEqualTo(agent.command(plain));
    }

    @Test
    void budgetHasNoExponent() {
        assertThat(ClaudeAgent.formatUsd(5.0)).isEqualTo("5");
        assertThat(ClaudeAgent.formatUsd(0.10)).isEqualTo("0.1");
        assertThat(ClaudeAgent.formatUsd(0.0000001)).isEqualTo("0.0000001");
        assertThat(ClaudeAgent.formatUsd(1e7)).isEqualTo("10000000");
        assertThat(ClaudeAgent.formatUsd(2.5)).isEqualTo("2.5");
    }

    @Test
    void bareNameIsLookedUpOnPath() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bin"));
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("claude"), "not executable");
        Path bin = Files.writeString(dir.resolve("claude"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        var agent = new ClaudeAgent("claude", other + ":" + tmp.resolve("missing") + "::" + dir);
        agent.checkAvailable();
        assertThat(agent.resolvedBinary()).isEqualTo(bin);
        assertThat(agent.command(Task.of("t", "p")).get(0)).isEqualTo(bin.toString());
    }

    @Test
    void bareNameNotOnPath() {
        var agent = new ClaudeAgent("claude", "/nonexistent/a:/nonexistent/b");
        assertThatThrownBy(agent::checkAvailable)
                .isInstanceOf(AgentUnavailableException.class)
                .hasMessage("claude-multi: cannot run 'claude': not found on PATH (/nonexistent/a:/nonexistent/b)."
                        + " Install Claude Code (npm install -g @anthropic-ai/claude-code) or point --claude / CLAUDE_BIN"
                        + " at the binary.");
        // Launching then fails on the bare name; checkAvailable is what reports it.
        assertThat(agent.command(Task.of("t", "p")).get(0)).isEqualTo("claude");
    }

    @Test
    void onPathButNotExecutable() throws Exception {
        Files.writeString(tmp.resolve("claude"), "x");
        var agent = new ClaudeAgent("claude", tmp.toString());
        assertThatThrownBy(agent::checkAvailable)
                .hasMessageStartingWith("claude-multi: cannot run 'claude': found " + tmp.resolve("claude")
                        + " on PATH but it is not executable");
    }

    @Test
    void missingPath() {
        Path p = tmp.resolve("nope/claude");
        assertThatThrownBy(() -> new ClaudeAgent(p.toString(), System.getenv("PATH")).checkAvailable())
                .isInstanceOf(AgentUnavailableException.class)
                .hasMessageStartingWith("claude-multi: cannot run '" + p + "': no such file")
                .hasMessageContaining("CLAUDE_BIN")
                .hasMessageNotContaining("\n");
    }

    @Test
    void directory() {
        assertThatThrownBy(() -> new ClaudeAgent(tmp.toString(), System.getenv("PATH")).checkAvailable())
                .hasMessage("claude-multi: cannot run '" + tmp + "': " + tmp + " is a directory. Point --claude /"
                        + " CLAUDE_BIN at the claude executable itself (e.g. " + tmp.resolve("claude") + ").");
    }

    @Test
    void notExecutable() throws Exception {
        Path p = Files.writeString(tmp.resolve("claude"), "x");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> new ClaudeAgent(p.toString(), System.getenv("PATH")).checkAvailable())
                .hasMessageStartingWith(
                        "claude-multi: cannot run '" + p + "': " + p + " is not executable (chmod +x it")
                .hasMessageNotContaining("\n");
    }

    @Test
    void relativePathIsMadeAbsolute() throws Exception {
        Path bin = executable("claude");
        Path rel = Path.of("").toAbsolutePath().relativize(bin);
        assertThat(new ClaudeAgent(rel.toString(), System.getenv("PATH")).resolvedBinary())
                .isEqualTo(bin);
    }
}
