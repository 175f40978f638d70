package dev.claudemulti.agent;

import static dev.claudemulti.agent.Captured.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.agent.SessionEvent.AssistantText;
import dev.claudemulti.agent.SessionEvent.Init;
import dev.claudemulti.agent.SessionEvent.Other;
import dev.claudemulti.agent.SessionEvent.Result;
import dev.claudemulti.agent.SessionEvent.ToolResult;
import dev.claudemulti.agent.SessionEvent.ToolUse;
import dev.claudemulti.agent.SessionEvent.Unparsed;
import dev.claudemulti.agent.SessionEvent.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamJsonParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void successCapturedFromTheRealCli() {
        List<SessionEvent> events = Captured.events("success");

        assertThat(events.get(0)).isInstanceOfSatisfying(Init.class, i -> {
            assertThat(i.model()).isEqualTo("claude-sonnet-5-5");
            assertThat(i.sessionId()).hasSize(36);
            assertThat(i.cwd()).endsWith("/success/work");
        });
        assertThat(only(events, AssistantText.class))
                .extracting(AssistantText::text)
                .containsExactly("I'll write the file.", "All done.\nThe file out.txt holds two lines.");
        List<ToolUse> uses = only(events, ToolUse.class);
        assertThat(uses).extracting(ToolUse::name).containsExactly("Write", "Bash", "Read");
        assertThat(uses)
                .extracting(ToolUse::summary)
                .containsExactly(
                        "out.txt",
                        "cat out.txt; echo \"marker=$CLAUDE_MULTI_SESSION\"; tr '\\0' '\\n' </proc/self/environ | grep CLAUDE_MULTI",
                        "/nonexistent/file.txt");
        // Text and tool_use blocks of one message arrive on separate lines with the same id.
        assertThat(uses.get(0).messageId())
                .isEqualTo(only(events, AssistantText.class).get(0).messageId());
        List<ToolResult> results = only(events, ToolResult.class);
        assertThat(results)
                .extracting(ToolResult::toolUseId)
                .containsExactly("toolu_fake_3_1", "toolu_fake_6_0", "toolu_fake_9_0");
        assertThat(results).extracting(ToolResult::isError).containsExactly(false, false, true);
        assertThat(results.get(1).text()).isEqualTo("hello\nworld\nmarker=run1/success/1");
        assertThat(only(events, Usage.class))
                .hasSize(5)
                .allSatisfy(u -> assertThat(u.tokens()).isEqualTo(new Tokens(1200, 1, 0, 0)));

        Result r = (Result) events.get(events.size() - 1);
        assertThat(r.subtype()).isEqualTo("success");
        assertThat(r.isError()).isFalse();
        assertThat(r.costUsd()).isCloseTo(0.0128, within(1e-9));
        assertThat(r.numTurns()).isEqualTo(4);
        assertThat(r.durationMs()).isPositive();
        assertThat(r.tokens()).isEqualTo(new Tokens(4800, 320, 0, 0));
        assertThat(r.errors()).isEmpty();
        assertThat(r.terminalReason()).isEqualTo("completed");
        assertThat(r.apiErrorStatus()).isNull();
        assertThat(r.result()).isEqualTo("All done.\nThe file out.txt holds two lines.");
        assertThat(r.sessionId()).isEqualTo(((Init) events.get(0)).sessionId());
        assertThat(events).noneMatch(e -> e instanceof Unparsed);
    }

    @Test
    void budgetCapturedFromTheRealCli() {
        List<SessionEvent> events = Captured.events("budget");
        Result r = (Result) events.get(events.size() - 1);
        assertThat(r.subtype()).isEqualTo("error_max_budget_usd");
        assertThat(r.isError()).isTrue();
        assertThat(r.errors()).containsExactly("Reached maximum budget ($5)");
        assertThat(r.terminalReason()).isEqualTo("budget_exhausted");
        assertThat(r.costUsd()).isGreaterThan(5.0);
        assertThat(r.numTurns()).isEqualTo(4);
        assertThat(only(events, ToolUse.class))
                .hasSize(4)
                .allSatisfy(u -> assertThat(u.summary()).isEqualTo("echo spending"));
    }

    @Test
    void apiErrorCapturedFromTheRealCli() {
        List<SessionEvent> events = Captured.events("error529");
        assertThat(only(events, AssistantText.class))
                .singleElement()
                .satisfies(t -> assertThat(t.text()).startsWith("API Error: 529"));
        Result r = (Result) events.get(events.size() - 1);
        // The CLI says "success" here; is_error and terminal_reason tell the truth.
        assertThat(r.subtype()).isEqualTo("success");
        assertThat(r.isError()).isTrue();
        assertThat(r.apiErrorStatus()).isEqualTo(529);
        assertThat(r.terminalReason()).isEqualTo("api_error");
        assertThat(r.costUsd()).isEqualTo(0.0);
    }

    @Test
    void systemLinesOtherThanInitAreOther() {
        List<SessionEvent> events = Captured.events("budget");
        assertThat(only(events, Other.class))
                .extracting(Other::type, Other::subtype)
                .allSatisfy(t -> assertThat(t.toList()).containsExactly("system", "status"));
    }

    @Test
    void chunkingDoesNotChangeTheEvents() {
        for (String name : List.of("success", "budget", "error529", "text")) {
            byte[] data = Captured.bytes(name);
            List<SessionEvent> whole = Captured.parse(data, Integer.MAX_VALUE);
            assertThat(Captured.parse(data, 1)).as(name + " byte by byte").isEqualTo(whole);
            assertThat(Captured.parse(data, 7)).as(name + " by 7").isEqualTo(whole);
            var rnd = new Random(name.hashCode());
            List<SessionEvent> out = new ArrayList<>();
            var p = new StreamJsonParser(out::add);
            for (int off = 0; off < data.length; ) {
                int n = Math.min(1 + rnd.nextInt(300), data.length - off);
                p.feed(data, off, n);
                off += n;
            }
            p.finish();
            assertThat(out).as(name + " random chunks").isEqualTo(whole);
        }
    }

    @Test
    void hugeToolResultLineStaysBoundedAndParses() throws Exception {
        String big = "x".repeat(5_000_000);
        String line = "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"t1\","
                + "\"type\":\"tool_result\",\"content\":\"" + big + "\",\"is_error\":true}]},"
                + "\"tool_use_result\":{\"stdout\":\"" + big + "\"}}\n";
        List<SessionEvent> out = new ArrayList<>();
        var p = new StreamJsonParser(out::add);
        byte[] bytes = (line + "{\"type\":\"system\",\"subtype\":\"task_started\"}\n").getBytes(StandardCharsets.UTF_8);
        for (int off = 0; off < bytes.length; off += 65536) {
            p.feed(bytes, off, Math.min(65536, bytes.length - off));
            assertThat(p.bufferCapacity()).isLessThanOrEqualTo(JsonLineFramer.DEFAULT_MAX_LINE_BYTES);
        }
        p.finish();
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOfSatisfying(ToolResult.class, r -> {
            assertThat(r.toolUseId()).isEqualTo("t1");
            assertThat(r.isError()).isTrue();
            assertThat(r.text())
                    .hasSizeLessThanOrEqualTo(ClaudeEvents.MAX_TOOL_RESULT_CHARS)
                    .startsWith("xxx");
        });
        assertThat(out.get(1)).isEqualTo(new Other("system", "task_started"));
    }

    @Test
    void hugeResultTextKeepsCostAndUsage() {
        String line = "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\""
                + "é".repeat(2_000_000) + "\",\"total_cost_usd\":1.25,\"num_turns\":3,"
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":20}}";
        List<SessionEvent> out = Captured.parse(line.getBytes(StandardCharsets.UTF_8), 4096);
        assertThat(out).singleElement().isInstanceOfSatisfying(Result.class, r -> {
            assertThat(r.costUsd()).isEqualTo(1.25);
            assertThat(r.numTurns()).isEqualTo(3);
            assertThat(r.tokens()).isEqualTo(new Tokens(10, 20, 0, 0));
            assertThat(r.result()).startsWith("ééé").endsWith("…").hasSizeLessThan(70_000);
        });
    }

    @Test
    void cutStringsStayValidJsonWhateverTheOffset() throws Exception {
        // Escapes and multi-byte characters at every position around the cut.
        String unit = "a\\u00e9\\\"é😀\\n";
        for (int pad = 0; pad < 24; pad++) {
            String value = "p".repeat(pad) + unit.repeat(200);
            String line =
                    "{\"type\":\"assistant\",\"message\":{\"id\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\""
                            + value + "\"}]}}";
            List<SessionEvent> out = new ArrayList<>();
            var p = new StreamJsonParser(out::add, 1024);
            byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
            p.feed(b, 0, b.length);
            assertThat(out).as("pad " + pad).first().isInstanceOf(AssistantText.class);
            String full = JSON.readTree("\"" + value + "\"").asText();
            String text = ((AssistantText) out.get(0)).text();
            assertThat(text).endsWith("…");
            assertThat(full).startsWith(text.substring(0, text.length() - 2));
        }
    }

    @Test
    void overlongLineOfManySmallValuesIsUnparsed() {
        var sb = new StringBuilder("{\"type\":\"user\",\"a\":[");
        for (int i = 0; i < 400_000; i++) {
            sb.append("\"ab\",");
        }
        sb.append("1]}\n{\"type\":\"system\",\"subtype\":\"init\",\"model\":\"m\"}\n");
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        int firstLine = sb.indexOf("\n");
        List<SessionEvent> out = Captured.parse(b, 8192);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOfSatisfying(Unparsed.class, u -> {
            assertThat(u.length()).isEqualTo(firstLine);
            assertThat(u.excerpt())
                    .startsWith("{\"type\":\"user\"")
                    .hasSizeLessThanOrEqualTo(ClaudeEvents.MAX_EXCERPT_CHARS);
        });
        assertThat(out.get(1)).isEqualTo(new Init(null, "m", null));
    }

    @Test
    void fiveMegabytesOfGarbageIsOneBoundedUnparsed() {
        byte[] garbage = new byte[5 << 20];
        new Random(1).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '\n') {
                garbage[i] = 'n';
            }
        }
        List<SessionEvent> out = new ArrayList<>();
        var p = new StreamJsonParser(out::add);
        p.feed(garbage, 0, garbage.length);
        assertThat(p.bufferCapacity()).isLessThanOrEqualTo(JsonLineFramer.DEFAULT_MAX_LINE_BYTES);
        p.finish();
        assertThat(out)
                .singleElement()
                .isInstanceOfSatisfying(
                        Unparsed.class, u -> assertThat(u.length()).isEqualTo(garbage.length));
    }

    @Test
    void garbageNeverThrows() {
        List<String> lines = List.of(
                "not json",
                "[1,2]",
                "{",
                "}",
                "\"str\"",
                "42",
                "null",
                "{\"type\":5}",
                "{\"type\":\"assistant\",\"message\":5}",
                "{\"type\":\"assistant\",\"message\":{\"content\":\"x\"}}",
                "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"content\":[{\"type\":\"image\"}]}]}}",
                "{\"type\":\"result\",\"errors\":\"oops\",\"total_cost_usd\":\"x\",\"usage\":[]}",
                "\u0000\u0001\u001b[31m",
                "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\"}]}}",
                "[".repeat(5000));
        var sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append("\r\n");
            assertThat(ClaudeEvents.parseAll(l)).as(l).isNotEmpty();
        }
        List<SessionEvent> out = Captured.parse(sb.toString().getBytes(StandardCharsets.UTF_8), 3);
        assertThat(out).hasSizeGreaterThanOrEqualTo(lines.size());
        assertThat(out.get(0)).isEqualTo(new Unparsed("not json", 8));
        assertThat(ClaudeEvents.parseLine("{\"type\":\"result\",\"errors\":\"oops\"}"))
                .isInstanceOfSatisfying(
                        Result.class, r -> assertThat(r.errors()).isEmpty());
    }

    @Test
    void blankLinesAndCarriageReturnsAreIgnored() {
        List<SessionEvent> out = Captured.parse(
                "\n\r\n  \n{\"type\":\"x\",\"subtype\":\"y\"}\r\n{\"type\":\"z\"}".getBytes(StandardCharsets.UTF_8), 2);
        assertThat(out).containsExactly(new Other("x", "y"), new Other("z", null));
        assertThat(ClaudeEvents.parseLine("   ")).isNull();
    }

    @Test
    void toolResultContentAsArrayOfBlocks() {
        SessionEvent e = ClaudeEvents.parseLine(
                "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\","
                        + "\"tool_use_id\":\"a\",\"content\":[{\"type\":\"text\",\"text\":\"one\"},{\"type\":\"image\"},{\"type\":\"text\",\"text\":\"two\"}]}]}}");
        assertThat(e).isEqualTo(new ToolResult("a", "one\n[image]\ntwo", false));
    }

    @Test
    void thinkingBlocksAreSkipped() {
        List<SessionEvent> e = ClaudeEvents.parseAll("{\"type\":\"assistant\",\"message\":{\"id\":\"m1\",\"content\":["
                + "{\"type\":\"thinking\",\"thinking\":\"hmm\"},{\"type\":\"text\",\"text\":\"hi\"}],\"usage\":{\"input_tokens\":3,"
                + "\"output_tokens\":4,\"cache_read_input_tokens\":5,\"cache_creation_input_tokens\":6}}}");
        // Skipped from what is shown, but its length counts towards the message's output estimate ("hmm" + "hi").
        assertThat(e).containsExactly(new AssistantText("m1", "hi"), new Usage("m1", new Tokens(3, 4, 5, 6), null, 5));
    }

    @Test
    void toolSummaries() throws Exception {
        assertThat(summary("Bash", "{\"command\":\"\\n  npm test\\nnpm run lint\",\"description\":\"d\"}"))
                .isEqualTo("npm test");
        assertThat(summary("Edit", "{\"file_path\":\"src/a.ts\",\"old_string\":\"x\"}"))
                .isEqualTo("src/a.ts");
        assertThat(summary("Write", "{\"file_path\":\"/w/b.txt\",\"content\":\"x\"}"))
                .isEqualTo("/w/b.txt");
        assertThat(summary("Read", "{\"file_path\":\"pom.xml\"}")).isEqualTo("pom.xml");
        assertThat(summary("NotebookEdit", "{\"notebook_path\":\"n.ipynb\"}")).isEqualTo("n.ipynb");
        assertThat(summary("Grep", "{\"pattern\":\"TODO\",\"path\":\"src\"}")).isEqualTo("TODO");
        assertThat(summary("Glob", "{\"pattern\":\"**/*.java\"}")).isEqualTo("**/*.java");
        assertThat(summary("WebFetch", "{\"prompt\":\"p\",\"url\":\"https://x.dev\"}"))
                .isEqualTo("https://x.dev");
        assertThat(summary("Task", "{\"prompt\":\"long\",\"description\":\"Explore code\"}"))
                .isEqualTo("Explore code");
        assertThat(summary("Agent", "{\"description\":\"Review\"}")).isEqualTo("Review");
        assertThat(summary("TodoWrite", "{\"todos\":[{},{},{}]}")).isEqualTo("3 todos");
        assertThat(summary("mcp__x__y", "{\"n\":1,\"q\":\"first string\",\"r\":\"second\"}"))
                .isEqualTo("first string");
        assertThat(summary("Bash", "{\"command\":\"" + "y".repeat(1000) + "\"}"))
                .hasSize(ClaudeEvents.MAX_SUMMARY_CHARS)
                .endsWith("…");
        assertThat(summary("Bash", "{\"command\":\"echo \\u001b[31mred\\u0007\"}"))
                .isEqualTo("echo red");
        assertThat(summary("Bash", "{}")).isEmpty();
    }

    private static String summary(String tool, String input) throws Exception {
        return ClaudeEvents.summary(tool, JSON.readTree(input));
    }

    @Test
    void absurdFiguresInAResultAreUnknownNotNonsense() {
        SessionEvent.Result r =
                (SessionEvent.Result) ClaudeEvents.parseLine("{\"type\":\"result\",\"subtype\":\"success\","
                        + "\"is_error\":false,\"total_cost_usd\":1e308,\"num_turns\":-3,\"duration_ms\":1.5,"
                        + "\"usage\":{\"input_tokens\":9223372036854775807,\"output_tokens\":-2}}");
        org.assertj.core.api.Assertions.assertThat(r.costUsd()).isNull();
        org.assertj.core.api.Assertions.assertThat(r.numTurns()).isNull();
        org.assertj.core.api.Assertions.assertThat(r.durationMs()).isNull();
        org.assertj.core.api.Assertions.assertThat(r.tokens().output()).isZero();
        org.assertj.core.api.Assertions.assertThat(r.tokens().plus(r.tokens()).input())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aLineWithInvalidUtf8KeepsItsEvent() {
        byte[] line =
                "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"bin:XX\"}]}}\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = new String(line, java.nio.charset.StandardCharsets.UTF_8).indexOf("XX");
        line[at] = (byte) 0xff;
        line[at + 1] = (byte) 0xfe;
        java.util.List<SessionEvent> events = new java.util.ArrayList<>();
        StreamJsonParser p = new StreamJsonParser(events::add);
        p.feed(line, 0, line.length);
        p.finish();
        org.assertj.core.api.Assertions.assertThat(events)
                .hasSize(1)
                .first()
                .isInstanceOf(SessionEvent.ToolResult.class);
        org.assertj.core.api.Assertions.assertThat(((SessionEvent.ToolResult) events.get(0)).text())
                .startsWith("bin:");
    }

    @Test
    void permissionDenialsOfTheResultAreKeptWithToolAndTarget() {
        // The shape claude 2.1.x writes under --permission-mode dontAsk when a Write is refused.
        Result r = (Result) ClaudeEvents.parseLine("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,"
                + "\"result\":\"I could not write it.\",\"total_cost_usd\":0.01,\"permission_denials\":["
                + "{\"tool_name\":\"Write\",\"tool_use_id\":\"toolu_01\",\"tool_input\":{\"file_path\":\"/w/out.txt\",\"content\":\"x\"}},"
                + "{\"tool_name\":\"Bash\",\"tool_use_id\":\"toolu_02\",\"tool_input\":{\"command\":\"rm -rf b\\nls\"}},"
                + "\"not an object\", {\"tool_input\":{}}]}");
        assertThat(r.isError()).isFalse();
        assertThat(r.permissionDenials())
                .containsExactly(
                        new PermissionDenial("Write", "toolu_01", "/w/out.txt"),
                        new PermissionDenial("Bash", "toolu_02", "rm -rf b"),
                        new PermissionDenial("?", null, ""));
        Result none = (Result)
                ClaudeEvents.parseLine("{\"type\":\"result\",\"subtype\":\"success\",\"permission_denials\":[]}");
        assertThat(none.permissionDenials()).isEmpty();
        Result absent = (Result) ClaudeEvents.parseLine("{\"type\":\"result\",\"subtype\":\"success\"}");
        assertThat(absent.permissionDenials()).isEmpty();
    }

    @Test
    void apiRetryLinesSayWhatClaudeIsRetrying() {
        // As claude 2.1.328 wrote it for a 529 with CLAUDE_CODE_MAX_RETRIES=2 (fields after "error" abridged).
        SessionEvent e = ClaudeEvents.parseLine(
                "{\"type\":\"system\",\"subtype\":\"api_retry\",\"attempt\":1,"
                        + "\"max_retries\":2,\"retry_delay_ms\":581,\"error_status\":529,\"error\":\"overloaded\","
                        + "\"uuid\":\"5d1c7a52-3f0e-4a57-a0a9-0c2b8e0b7f11\",\"session_id\":\"b8c1e2f4-0000-4000-8000-000000000001\"}");
        assertThat(e).isEqualTo(new SessionEvent.ApiRetry(1, 2, 581L, 529, "overloaded"));

        assertThat(ClaudeEvents.parseLine("{\"type\":\"system\",\"subtype\":\"api_retry\"}"))
                .isEqualTo(new SessionEvent.ApiRetry(null, null, null, null, null));
        assertThat(ClaudeEvents.parseLine("{\"type\":\"system\",\"subtype\":\"api_retry\",\"attempt\":\"one\","
                        + "\"max_retries\":-1,\"retry_delay_ms\":1.5,\"error_status\":null,"
                        + "\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Rate limited\\nslow down\"}}"))
                .isEqualTo(new SessionEvent.ApiRetry(null, null, null, null, "Rate limited slow down"));
        assertThat(ClaudeEvents.parseLine("{\"type\":\"system\",\"subtype\":\"api_retry\",\"error_status\":429,"
                        + "\"error\":{\"type\":\"rate_limit_error\"}}"))
                .isEqualTo(new SessionEvent.ApiRetry(null, null, null, 429, "rate_limit_error"));
    }

    @Test
    void rateLimitEventsCarryTheirStatusAndResetTime() {
        // The shape recorded by others from claude 2.1.x (see ClaudeEvents.mapRateLimit): resetsAt in epoch seconds.
        SessionEvent rejected = ClaudeEvents.parseLine("{\"type\":\"rate_limit_event\",\"rate_limit_info\":"
                + "{\"status\":\"rejected\",\"resetsAt\":1778565600,\"rateLimitType\":\"five_hour\","
                + "\"overageStatus\":\"rejected\",\"overageDisabledReason\":\"org_level_disabled\",\"isUsingOverage\":false},"
                + "\"uuid\":\"660e8400-e29b-41d4-a716-446655440001\",\"session_id\":\"test-session-id\"}");
        assertThat(rejected)
                .isEqualTo(new SessionEvent.RateLimit("rejected", java.time.Instant.ofEpochSecond(1778565600)));
        assertThat(((SessionEvent.RateLimit) rejected).rejected()).isTrue();

        SessionEvent warning = ClaudeEvents.parseLine("{\"type\":\"rate_limit_event\",\"rate_limit_info\":"
                + "{\"status\":\"allowed_warning\",\"resetsAt\":1700000000,\"rateLimitType\":\"five_hour\","
                + "\"utilization\":0.85,\"isUsingOverage\":false},\"session_id\":\"s\"}");
        assertThat(warning)
                .isEqualTo(new SessionEvent.RateLimit("allowed_warning", java.time.Instant.ofEpochSecond(1700000000)));
        assertThat(((SessionEvent.RateLimit) warning).rejected()).isFalse();

        // Missing or odd fields: no status, no time, a zero time, a time in milliseconds, fields on the event itself.
        assertThat(ClaudeEvents.parseLine("{\"type\":\"rate_limit_event\"}"))
                .isEqualTo(new SessionEvent.RateLimit(null, null));
        assertThat(ClaudeEvents.parseLine(
                        "{\"type\":\"rate_limit_event\",\"rate_limit_info\":{\"status\":\"allowed\",\"resetsAt\":0}}"))
                .isEqualTo(new SessionEvent.RateLimit("allowed", null));
        assertThat(
                        ClaudeEvents.parseLine(
                                "{\"type\":\"rate_limit_event\",\"rate_limit_info\":{\"status\":\"rejected\",\"resetsAt\":\"soon\"}}"))
                .isEqualTo(new SessionEvent.RateLimit("rejected", null));
        assertThat(
                        ClaudeEvents.parseLine(
                                "{\"type\":\"rate_limit_event\",\"rate_limit_info\":{\"status\":\"rejected\",\"resetsAt\":1778565600000}}"))
                .isEqualTo(new SessionEvent.RateLimit("rejected", java.time.Instant.ofEpochSecond(1778565600)));
        assertThat(ClaudeEvents.parseLine(
                        "{\"type\":\"rate_limit_event\",\"status\":\"rejected\",\"resetsAt\":1778565600}"))
                .isEqualTo(new SessionEvent.RateLimit("rejected", java.time.Instant.ofEpochSecond(1778565600)));
    }
}
