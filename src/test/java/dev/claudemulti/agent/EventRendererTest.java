package dev.claudemulti.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.agent.SessionEvent.AssistantText;
import dev.claudemulti.agent.SessionEvent.Init;
import dev.claudemulti.agent.SessionEvent.Other;
import dev.claudemulti.agent.SessionEvent.Result;
import dev.claudemulti.agent.SessionEvent.ToolResult;
import dev.claudemulti.agent.SessionEvent.ToolUse;
import dev.claudemulti.agent.SessionEvent.Unparsed;
import dev.claudemulti.agent.SessionEvent.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRendererTest {
    @Test
    void capturedSuccessReadsWell() {
        List<String> lines = Captured.events("success").stream()
                .flatMap(e -> EventRenderer.render(e).stream())
                .toList();
        assertThat(lines.get(0)).startsWith("● init model=claude-sonnet-5-5 session=");
        assertThat(lines.subList(1, lines.size()))
                .containsExactly(
                        "I'll write the file.",
                        "▸ Write: out.txt",
                        "  ✓ File created successfully at: out.txt (file state is current in your context — no need to Read it back)",
                        "▸ Bash: cat out.txt; echo \"marker=$CLAUDE_MULTI_SESSION\"; tr '\\0' '\\n' </proc/self/environ | grep CLAUDE_MULTI",
                        "  ✓ hello  (3 lines)",
                        "▸ Read: /nonexistent/file.txt",
                        "  ✗ File does not exist. Note: your current working directory is " + cwd() + ".",
                        "All done.",
                        "The file out.txt holds two lines.",
                        lines.get(lines.size() - 3),
                        "  All done.",
                        "  The file out.txt holds two lines.");
        assertThat(lines.get(lines.size() - 3)).matches("■ result: success  \\$0\\.0128  4 turns  \\d+\\.\\ds");
    }

    private static String cwd() {
        return ((Init) Captured.events("success").get(0)).cwd();
    }

    @Test
    void resultLines() {
        var r = new Result(
                "success",
                false,
                "Line one\n\nLine two\n3\n4\n5\n6\n7",
                0.12344,
                7,
                43_210L,
                Tokens.ZERO,
                List.of(),
                "s",
                "completed",
                null);
        assertThat(EventRenderer.render(r))
                .containsExactly(
                        "■ result: success  $0.1234  7 turns  43.2s",
                        "  Line one",
                        "  Line two",
                        "  3",
                        "  4",
                        "  5",
                        "  … 2 more lines",
                        "  (abbreviated here; the result command prints the whole text)");
        var budget = new Result(
                "error_max_budget_usd",
                true,
                null,
                5.6,
                4,
                1000L,
                null,
                List.of("Reached maximum budget ($5)"),
                null,
                "budget_exhausted",
                null);
        assertThat(EventRenderer.render(budget))
                .containsExactly(
                        "■ result: error_max_budget_usd  $5.6000  4 turns  1.0s",
                        "  error: Reached maximum budget ($5)");
        var api = new Result("success", true, "API Error: 529", 0.0, 1, null, null, List.of(), null, "api_error", 529);
        assertThat(EventRenderer.render(api))
                .containsExactly("■ result: success (error)  $0.0000  1 turn  HTTP 529", "  API Error: 529");
    }

    @Test
    void aResultLineCutToTheLineBoundSaysWhereTheWholeTextIs() {
        var r = new Result(
                "success", false, "L".repeat(5000), 0.01, 1, 1000L, Tokens.ZERO, List.of(), "s", "completed", null);
        List<String> lines = EventRenderer.render(r);
        assertThat(lines.get(1)).hasSize(EventRenderer.MAX_LINE_CHARS).endsWith("…");
        assertThat(lines).last().isEqualTo("  (abbreviated here; the result command prints the whole text)");
        var exact = new Result(
                "success",
                false,
                "L".repeat(EventRenderer.MAX_LINE_CHARS - 2),
                0.01,
                1,
                1000L,
                Tokens.ZERO,
                List.of(),
                "s",
                "completed",
                null);
        assertThat(EventRenderer.render(exact)).hasSize(2);
    }

    @Test
    void deniedCallsFollowTheResultLine() {
        var r = new Result(
                "success",
                false,
                "Could not write it.",
                0.01,
                2,
                1000L,
                Tokens.ZERO,
                List.of(),
                "s",
                "completed",
                null,
                List.of(new PermissionDenial("Write", "t1", "/w/out.txt"), new PermissionDenial("Bash", "t2", "make")));
        assertThat(EventRenderer.render(r))
                .containsExactly(
                        "■ result: success  $0.0100  2 turns  1.0s",
                        "  ⚠ denied: Write /w/out.txt",
                        "  ⚠ denied: Bash: make",
                        "  Could not write it.");
    }

    @Test
    void toolLinesAndMarkers() {
        assertThat(EventRenderer.render(new ToolUse("m", "t", "TodoWrite", ""))).containsExactly("▸ TodoWrite");
        assertThat(EventRenderer.render(new ToolResult("t", "", false))).containsExactly("  ✓ (no output)");
        assertThat(EventRenderer.render(new ToolResult("t", "\n\nExit code 1\nboom", true)))
                .containsExactly("  ✗ Exit code 1  (2 lines)");
        assertThat(EventRenderer.render(new ToolResult("t", null, true))).containsExactly("  ✗ error");
    }

    @Test
    void everythingIsSanitized() {
        List<String> lines =
                EventRenderer.render(new AssistantText("m", "\u001b[2J\u001b[Hhi\tthere\r\n\u001b]0;title\u0007ok"));
        assertThat(lines).containsExactly("hi there", "ok");
        assertThat(EventRenderer.render(new ToolUse("m", "t", "Bash\u001b[31m", "rm\u0000 -rf")))
                .containsExactly("▸ Bash: rm -rf");
        assertThat(EventRenderer.render(new Unparsed("garbage\u001b[31m!", 9))).containsExactly("? garbage!");
        assertThat(EventRenderer.render(new Unparsed("long", 5_000_000))).containsExactly("? long  (5000000 bytes)");
    }

    @Test
    void bookkeepingIsSilent() {
        assertThat(EventRenderer.render(new Other("system", "task_started"))).isEmpty();
        assertThat(EventRenderer.render(new Usage("m", Tokens.ZERO))).isEmpty();
        assertThat(EventRenderer.render(new AssistantText("m", "   \n"))).isEmpty();
    }

    @Test
    void apiRetriesAndRejectedRateLimitsAreShown() {
        assertThat(EventRenderer.render(new SessionEvent.ApiRetry(1, 2, 581L, 529, "overloaded")))
                .containsExactly("↻ API retry 1/2: overloaded (HTTP 529), next in 0.6s");
        assertThat(EventRenderer.render(new SessionEvent.ApiRetry(null, null, null, null, "\u001B[31mboom\u001B[0m")))
                .containsExactly("↻ API retry: boom");
        assertThat(EventRenderer.render(
                        new SessionEvent.RateLimit("rejected", java.time.Instant.ofEpochSecond(1778565600))))
                .containsExactly("⏸ rate limit reached, resets 2026-05-12T06:00:00Z");
        assertThat(EventRenderer.render(new SessionEvent.RateLimit("rejected", null)))
                .containsExactly("⏸ rate limit reached");
        assertThat(EventRenderer.render(new SessionEvent.RateLimit("allowed", null)))
                .isEmpty();
    }
}
