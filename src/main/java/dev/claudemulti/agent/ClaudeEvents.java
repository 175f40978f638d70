package dev.claudemulti.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudemulti.display.Text;
import dev.claudemulti.store.JsonTree;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Claude Code's stream-json lines mapped to {@link SessionEvent}s: the part of decoding that knows
 * Claude's event shapes (framing the lines is {@link JsonLineFramer}'s).
 *
 * <p>One assistant line yields one event per text or tool_use block (thinking blocks are skipped),
 * then a {@link SessionEvent.Usage}. A user line yields one {@link SessionEvent.ToolResult} per
 * tool_result block. A line that is not a JSON object becomes {@link SessionEvent.Unparsed}, a shape
 * we did not expect becomes {@link SessionEvent.Other}. Never throws on bad input. Stateless.
 */
public final class ClaudeEvents {
    /** Bound on {@link SessionEvent.ToolResult#text()}, in characters. */
    public static final int MAX_TOOL_RESULT_CHARS = 4096;
    /** Bound on {@link SessionEvent.ToolUse#summary()}, in characters. */
    public static final int MAX_SUMMARY_CHARS = 200;
    /** Bound on {@link SessionEvent.Unparsed#excerpt()}, in characters. */
    public static final int MAX_EXCERPT_CHARS = 200;

    private ClaudeEvents() {}

    /** Parses one complete line (without its newline). Null if the line is blank. */
    public static SessionEvent parseLine(String line) {
        List<SessionEvent> all = parseAll(line);
        return all.isEmpty() ? null : all.get(0);
    }

    /**
     * Parses one complete line into all the events it holds (an assistant line holds its blocks and a
     * {@link SessionEvent.Usage}); empty if the line is blank.
     */
    public static List<SessionEvent> parseAll(String line) {
        if (line == null || line.isBlank()) {
            return List.of();
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        List<SessionEvent> out = new ArrayList<>(2);
        parse(bytes, bytes.length, bytes.length, out::add);
        return out;
    }

    /** A line too long to keep: what it started with, and how long it was. */
    static SessionEvent.Unparsed tooLong(byte[] start, int n, long totalLength) {
        return new SessionEvent.Unparsed(excerpt(start, n), totalLength);
    }

    private static String excerpt(byte[] b, int n) {
        // Decoding at most 4 bytes per char is enough for MAX_EXCERPT_CHARS; a split last char decodes as U+FFFD.
        String s = new String(b, 0, Math.min(n, MAX_EXCERPT_CHARS * 4), StandardCharsets.UTF_8);
        return Text.truncate(s, MAX_EXCERPT_CHARS);
    }

    /** Maps one complete line: {@code n} bytes of {@code b}, {@code totalLength} as read. */
    static void parse(byte[] b, int n, long totalLength, Consumer<SessionEvent> sink) {
        JsonNode root;
        try {
            root = JsonTree.parse(b, 0, n, false);
        } catch (Exception e) {
            root = null;
        }
        if (root == null) {
            // Invalid UTF-8 (a tool quoting binary output) must not cost the whole event: decode it
            // with replacement characters and try once more.
            try {
                root = JsonTree.parse(new String(b, 0, n, StandardCharsets.UTF_8), false);
            } catch (Exception e) {
                root = null;
            }
        }
        if (root == null || !root.isObject()) {
            sink.accept(new SessionEvent.Unparsed(excerpt(b, n), totalLength));
            return;
        }
        try {
            map(root, sink);
        } catch (RuntimeException e) {
            // A shape we did not expect: say what it was rather than lose the line.
            sink.accept(new SessionEvent.Other(text(root, "type", ""), text(root, "subtype", null)));
        }
    }

    private static void map(JsonNode root, Consumer<SessionEvent> out) {
        String type = text(root, "type", "");
        int[] count = {0};
        Consumer<SessionEvent> sink = e -> {
            count[0]++;
            out.accept(e);
        };
        switch (type) {
            case "system" -> {
                String subtype = text(root, "subtype", null);
                if ("init".equals(subtype)) {
                    sink.accept(new SessionEvent.Init(
                            text(root, "session_id", null), text(root, "model", null), text(root, "cwd", null)));
                } else if ("api_retry".equals(subtype)) {
                    sink.accept(mapApiRetry(root));
                } else {
                    sink.accept(new SessionEvent.Other(type, subtype));
                }
            }
            case "assistant" -> mapAssistant(root.path("message"), sink);
            case "user" -> mapUser(root, sink);
            case "result" -> sink.accept(mapResult(root));
            case "rate_limit_event" -> sink.accept(mapRateLimit(root));
            case "stream_event" -> sink.accept(new SessionEvent.Other(type, text(root.path("event"), "type", null)));
            default -> sink.accept(new SessionEvent.Other(type, text(root, "subtype", null)));
        }
        if (count[0] == 0) {
            out.accept(new SessionEvent.Other(type, text(root, "subtype", null)));
        }
    }

    private static void mapAssistant(JsonNode message, Consumer<SessionEvent> sink) {
        String id = text(message, "id", null);
        long chars = 0;
        for (JsonNode block : message.path("content")) {
            switch (text(block, "type", "")) {
                case "text" -> sink.accept(new SessionEvent.AssistantText(id, text(block, "text", "")));
                case "tool_use" -> {
                    String name = text(block, "name", "?");
                    sink.accept(new SessionEvent.ToolUse(
                            id, text(block, "id", null), name, summary(name, block.path("input"))));
                }
                default -> {
                    // thinking, redacted_thinking, server tool blocks: not shown
                }
            }
            chars += outputChars(block);
        }
        JsonNode usage = message.path("usage");
        if (usage.isObject()) {
            sink.accept(new SessionEvent.Usage(id, tokens(usage), text(message, "model", null), chars));
        }
    }

    /** What a block's output tokens are made of, for a cost estimate before the final count is known. */
    private static long outputChars(JsonNode block) {
        return block.path("text").asText("").length()
                + block.path("thinking").asText("").length()
                + (block.has("input") ? block.get("input").toString().length() : 0);
    }

    private static void mapUser(JsonNode root, Consumer<SessionEvent> sink) {
        for (JsonNode block : root.path("message").path("content")) {
            if ("tool_result".equals(text(block, "type", ""))) {
                sink.accept(new SessionEvent.ToolResult(
                        text(block, "tool_use_id", null),
                        toolResultText(block.path("content")),
                        block.path("is_error").asBoolean(false)));
            }
        }
    }

    private static String toolResultText(JsonNode content) {
        if (content.isTextual()) {
            return Text.truncate(content.asText(), MAX_TOOL_RESULT_CHARS);
        }
        var sb = new StringBuilder();
        for (JsonNode block : content) {
            if (sb.length() >= MAX_TOOL_RESULT_CHARS) {
                break;
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            if (block.isTextual()) {
                sb.append(block.asText());
            } else if (block.path("text").isTextual()) {
                sb.append(block.path("text").asText());
            } else {
                sb.append('[').append(text(block, "type", "?")).append(']');
            }
        }
        return Text.truncate(sb.toString(), MAX_TOOL_RESULT_CHARS);
    }

    private static SessionEvent.Result mapResult(JsonNode r) {
        List<String> errors = new ArrayList<>();
        for (JsonNode e : r.path("errors")) {
            errors.add(e.isTextual() ? e.asText() : e.toString());
        }
        JsonNode usage = r.path("usage");
        return new SessionEvent.Result(
                text(r, "subtype", null),
                r.path("is_error").asBoolean(false),
                text(r, "result", null),
                cost(r.path("total_cost_usd")),
                count(r.path("num_turns")) == null
                        ? null
                        : (int) Math.min(Integer.MAX_VALUE, count(r.path("num_turns"))),
                count(r.path("duration_ms")),
                usage.isObject() ? tokens(usage) : null,
                List.copyOf(errors),
                text(r, "session_id", null),
                text(r, "terminal_reason", null),
                r.path("api_error_status").isNumber()
                        ? r.path("api_error_status").asInt()
                        : null,
                denials(r.path("permission_denials")));
    }

    /**
     * {@code {"type":"system","subtype":"api_retry","attempt":1,"max_retries":2,"retry_delay_ms":581,
     * "error_status":529,"error":"overloaded"}}, as claude 2.1.328 wrote it for a 529 with
     * CLAUDE_CODE_MAX_RETRIES=2 (checked 2026-11-30). {@code error} is a short word; should it be an
     * object, its message (or type) is kept.
     */
    private static SessionEvent.ApiRetry mapApiRetry(JsonNode r) {
        JsonNode error = r.path("error");
        String errorText = error.isObject()
                ? text(error, "message", text(error, "type", null))
                : error.isValueNode() && !error.isNull() ? error.asText() : null;
        return new SessionEvent.ApiRetry(
                smallCount(r.path("attempt")),
                smallCount(r.path("max_retries")),
                count(r.path("retry_delay_ms")),
                smallCount(r.path("error_status")),
                errorText == null ? null : Text.oneLine(errorText, MAX_SUMMARY_CHARS));
    }

    /**
     * {@code {"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":1778565600,
     * "rateLimitType":"five_hour","overageStatus":"rejected","isUsingOverage":false},"uuid":...,
     * "session_id":...}}. Not seen on this machine: claude 2.1.328 with an API key wrote none, even
     * for a 429 carrying anthropic-ratelimit-unified-* headers (checked 2026-12-01); it comes with a
     * claude.ai subscription. The shape is what others recorded from claude 2.1.45 and later:
     * github.com/paperclipai/paperclip pull 5776 (a rejected event, resetsAt in epoch seconds),
     * github.com/desplega-ai/agent-swarm pull 508 (seconds, "verified empirically"), the tests of the
     * Rust crate github.com/meawoppl/rust-claude-codes (status allowed, allowed_warning or rejected;
     * resetsAt 0 in a minimal event). So: status and resetsAt are read from rate_limit_info, else from
     * the event itself; a resetsAt of 0 or less is no time at all, and one too large for seconds is
     * taken as milliseconds.
     */
    private static SessionEvent.RateLimit mapRateLimit(JsonNode r) {
        JsonNode info = r.path("rate_limit_info").isObject() ? r.path("rate_limit_info") : r;
        String status = text(info, "status", text(r, "status", null));
        JsonNode resets = info.has("resetsAt") ? info.path("resetsAt") : r.path("resetsAt");
        return new SessionEvent.RateLimit(status, epoch(resets));
    }

    /** Epoch seconds beyond this (the year 5138) must be milliseconds. */
    private static final long LARGEST_EPOCH_SECONDS = 100_000_000_000L;

    private static Instant epoch(JsonNode n) {
        if (!n.isNumber() || !Double.isFinite(n.asDouble()) || n.asDouble() <= 0) {
            return null;
        }
        double v = n.asDouble();
        long millis = v >= LARGEST_EPOCH_SECONDS ? (long) v : (long) (v * 1000);
        return Instant.ofEpochMilli(millis);
    }

    /** A {@link #count} that fits an int (attempts, statuses), else null. */
    private static Integer smallCount(JsonNode n) {
        Long v = count(n);
        return v == null || v > Integer.MAX_VALUE ? null : v.intValue();
    }

    /** Most denials kept per session: a looping agent can be refused thousands of times. */
    static final int MAX_DENIALS = 100;

    /** {@code permission_denials}: objects with tool_name, tool_use_id and tool_input; anything else is skipped. */
    private static List<PermissionDenial> denials(JsonNode list) {
        List<PermissionDenial> out = new ArrayList<>();
        for (JsonNode d : list) {
            if (out.size() >= MAX_DENIALS) {
                break;
            }
            if (d.isObject()) {
                String tool = text(d, "tool_name", "?");
                out.add(new PermissionDenial(
                        Text.oneLine(tool, 40), text(d, "tool_use_id", null), summary(tool, d.path("tool_input"))));
            }
        }
        return out;
    }

    /** Above this a session's cost is a corrupt figure, not a bill: totals must stay meaningful. */
    private static final double IMPLAUSIBLE_COST_USD = 1e9;

    /** A cost we can add up: finite, not negative, plausible; anything else is unknown (null). */
    private static Double cost(JsonNode n) {
        if (!n.isNumber()) {
            return null;
        }
        double d = n.asDouble();
        return Double.isFinite(d) && d >= 0 && d < IMPLAUSIBLE_COST_USD ? d : null;
    }

    /** A count (turns, tokens, milliseconds): a non-negative whole number that fits a long, else null. */
    private static Long count(JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            return null;
        }
        long v = n.asLong();
        return v >= 0 ? v : null;
    }

    private static Tokens tokens(JsonNode usage) {
        return new Tokens(
                orZero(count(usage.path("input_tokens"))),
                orZero(count(usage.path("output_tokens"))),
                orZero(count(usage.path("cache_read_input_tokens"))),
                orZero(count(usage.path("cache_creation_input_tokens"))));
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    /** The short argument shown beside a tool name. */
    static String summary(String tool, JsonNode input) {
        String s = switch (tool) {
            case "Bash" -> firstLine(text(input, "command", ""));
            case "Edit", "MultiEdit", "Write", "Read" -> text(input, "file_path", "");
            case "NotebookEdit", "NotebookRead" -> text(input, "notebook_path", text(input, "file_path", ""));
            case "Grep", "Glob" -> text(input, "pattern", "");
            case "WebFetch" -> text(input, "url", "");
            case "WebSearch" -> text(input, "query", "");
            case "Task", "Agent" -> text(input, "description", "");
            case "TodoWrite" -> input.path("todos").size() + " todos";
            default -> firstString(input);
        };
        return Text.oneLine(firstLine(s), MAX_SUMMARY_CHARS);
    }

    private static String firstString(JsonNode input) {
        for (JsonNode v : input) {
            if (v.isTextual()) {
                return v.asText();
            }
        }
        return "";
    }

    private static String firstLine(String s) {
        for (String line : s.split("\n", 0)) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : fallback;
    }
}
