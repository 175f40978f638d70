package dev.claudemulti.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Messages API on loopback that the real {@code claude} CLI can run whole sessions against.
 *
 * <p>The scenario is picked by a keyword (e.g. {@link #SCENARIO_WRITE_FILE}) found in the first
 * user message of a request (that is where the prompt is), else anywhere in the body. A scenario
 * is a list of turns; turn N answers the request that already holds N assistant messages. Past
 * the end, the last turn repeats (so a scenario ending in a tool call loops until the CLI stops).
 *
 * <p>Built-in scenarios (each constant says more):
 * <ul>
 *   <li>work: {@link #SCENARIO_TEXT}, {@link #SCENARIO_WRITE_FILE}, {@link #SCENARIO_BASH},
 *       {@link #SCENARIO_HANG_BASH}, {@link #SCENARIO_BACKGROUND};
 *   <li>a budget blow-out: {@link #SCENARIO_BUDGET};
 *   <li>an error on every request: {@link #SCENARIO_529} (overloaded), {@link #SCENARIO_429}
 *       (rate limited), {@link #SCENARIO_500}, {@link #SCENARIO_401} (authentication);
 *   <li>an error on the first request of each tag only, then a short text answer:
 *       {@link #SCENARIO_529_ONCE}, {@link #SCENARIO_429_ONCE} (with {@code retry-after}); build
 *       others with {@link #failingFirst}.
 * </ul>
 *
 * <pre>{@code
 * try (var api = FakeMessagesApi.start()) {
 *     Map<String, String> env = ClaudeEnv.offline(api, tempDir);
 *     // run claude with env; prompt "SCENARIO_WRITE_FILE out.txt" on stdin
 * }
 * }</pre>
 */
public final class FakeMessagesApi implements AutoCloseable {
    /** Turn 1: Write tool to the path after the keyword ("SCENARIO_WRITE_FILE out.txt"); turn 2: text "done". */
    public static final String SCENARIO_WRITE_FILE = "SCENARIO_WRITE_FILE";
    /** Text only. */
    public static final String SCENARIO_TEXT = "SCENARIO_TEXT";
    /**
     * Every turn reports 200k input + 100k output tokens (about $1.40 at the CLI's sonnet prices) and
     * calls Bash again, so {@code --max-budget-usd 5} ends the session after a few turns.
     */
    public static final String SCENARIO_BUDGET = "SCENARIO_BUDGET";
    /** HTTP 529 overloaded_error on every request. */
    public static final String SCENARIO_529 = "SCENARIO_529";
    /** HTTP 429 rate_limit_error on every request (no retry-after). */
    public static final String SCENARIO_429 = "SCENARIO_429";
    /** HTTP 500 api_error on every request. */
    public static final String SCENARIO_500 = "SCENARIO_500";
    /** HTTP 401 authentication_error on every request: never worth a retry. */
    public static final String SCENARIO_401 = "SCENARIO_401";
    /**
     * HTTP 529 overloaded_error for the first request of each tag (the word after the keyword:
     * "SCENARIO_529_ONCE t1"), then text {@value #RECOVERED_TEXT} for every later request with that
     * tag, a resumed conversation's included (its first user message still holds the tag). Give
     * each session its own tag; without one, all untagged prompts share one first failure.
     */
    public static final String SCENARIO_529_ONCE = "SCENARIO_529_ONCE";
    /**
     * {@link #SCENARIO_529_ONCE} with HTTP 429 rate_limit_error and a {@code retry-after:}
     * {@value #RETRY_AFTER_SECONDS} header (claude 2.1.328 with retries off ends with
     * {@code api_error_status} 429 and does not report the header).
     */
    public static final String SCENARIO_429_ONCE = "SCENARIO_429_ONCE";
    /** What a "fails once" scenario answers once its tag has failed. */
    public static final String RECOVERED_TEXT = "Recovered after the API error.";
    /** The {@code retry-after} of {@link #SCENARIO_429_ONCE}'s 429, in seconds. */
    public static final int RETRY_AFTER_SECONDS = 1;
    /**
     * Bash {@value #HANG_COMMAND}: the session hangs in a tool. (CLI 2.1.x refuses a standalone
     * {@code sleep 300} with "Blocked: standalone sleep", hence the {@code sh -c}.)
     */
    public static final String SCENARIO_HANG_BASH = "SCENARIO_HANG_BASH";
    /** Bash that backgrounds {@code sleep 300}, then text "done": leaves a process behind after success. */
    public static final String SCENARIO_BACKGROUND = "SCENARIO_BACKGROUND";
    /** Bash with the command written after the keyword up to the end of that line, then text "done". */
    public static final String SCENARIO_BASH = "SCENARIO_BASH";

    public static final String HANG_COMMAND = "sh -c 'sleep 300'";
    public static final String BACKGROUND_COMMAND = "nohup sh -c 'sleep 300' >/dev/null 2>&1 &";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEPT_BODIES = 200;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Scenario> scenarios = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger messageRequests = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<Request> log = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    private FakeMessagesApi(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server on 127.0.0.1 with an ephemeral port and the built-in scenarios. */
    public static FakeMessagesApi start() {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            var executor = Executors.newCachedThreadPool(r -> {
                var t = new Thread(r, "fake-messages-api");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            var api = new FakeMessagesApi(server, executor);
            api.registerBuiltIns();
            server.createContext("/", api::handle);
            server.start();
            return api;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start fake Messages API", e);
        }
    }

    /** Adds (or replaces) a scenario picked by {@code keyword}; keywords match as whole words. */
    public FakeMessagesApi scenario(String keyword, Scenario scenario) {
        scenarios.put(keyword, scenario);
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** All HTTP requests received, on any path. */
    public int requestCount() {
        return requests.get();
    }

    /** POSTs to /v1/messages received. */
    public int messageRequestCount() {
        return messageRequests.get();
    }

    /** The last requests received (method, path and body), oldest first, for assertions and debugging. */
    public List<Request> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- scenarios

    /** What the server answers for one request. */
    public sealed interface Turn {}

    /** An assistant message. The stop reason is tool_use when any block is a tool call. */
    public record Reply(List<Block> blocks, Usage usage) implements Turn {
        public Reply {
            blocks = List.copyOf(blocks);
        }

        public Reply withUsage(Usage u) {
            return new Reply(blocks, u);
        }
    }

    /** An HTTP error with the API's JSON error body and extra response headers (e.g. retry-after). */
    public record Failure(int status, String errorType, String message, Map<String, String> headers) implements Turn {
        public Failure {
            headers = Map.copyOf(headers);
        }

        public Failure(int status, String errorType, String message) {
            this(status, errorType, message, Map.of());
        }

        public Failure withHeader(String name, String value) {
            var h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Failure(status, errorType, message, h);
        }
    }

    /** A turn computed from the request's prompt (the text of the first user message). */
    public record Dynamic(Function<String, Turn> fromPrompt) implements Turn {}

    public sealed interface Block {}

    public record TextBlock(String text) implements Block {}

    public record ToolCall(String name, Map<String, Object> input) implements Block {
        public ToolCall {
            input = Collections.unmodifiableMap(new LinkedHashMap<>(input));
        }
    }

    public record Usage(long input, long output, long cacheRead, long cacheWrite) {
        public static final Usage SMALL = new Usage(1200, 80, 0, 0);
    }

    public record Scenario(List<Turn> turns) {
        public Scenario {
            if (turns.isEmpty()) {
                throw new IllegalArgumentException("a scenario needs at least one turn");
            }
            turns = List.copyOf(turns);
        }

        public static Scenario of(Turn... turns) {
            return new Scenario(List.of(turns));
        }
    }

    public record Request(String method, String path, String body) {}

    public static Reply text(String text) {
        return new Reply(List.of(new TextBlock(text)), Usage.SMALL);
    }

    public static Reply tool(String name, Map<String, Object> input) {
        return new Reply(List.of(new ToolCall(name, input)), Usage.SMALL);
    }

    public static Reply bash(String command) {
        return tool("Bash", orderedMap("command", command, "description", "Run a command"));
    }

    public static Failure failure(int status, String errorType) {
        return new Failure(status, errorType, "fake " + errorType);
    }

    /**
     * A scenario that answers {@code failure} to the first request whose prompt carries
     * {@code keyword} with a given tag (the word after it), and {@code afterwards} to every later one
     * with that tag. The memory of failed tags lives as long as this server.
     */
    public Scenario failingFirst(String keyword, Failure failure, Turn afterwards) {
        return Scenario.of(new Dynamic(
                prompt -> failedOnce.add(keyword + " " + wordAfter(prompt, keyword, "")) ? failure : afterwards));
    }

    private void registerBuiltIns() {
        scenario(
                SCENARIO_WRITE_FILE,
                Scenario.of(
                        new Dynamic(prompt -> tool(
                                "Write",
                                orderedMap(
                                        "file_path",
                                        wordAfter(prompt, SCENARIO_WRITE_FILE, "out.txt"),
                                        "content",
                                        "written by the fake Messages API\n"))),
                        text("done")));
        scenario(SCENARIO_TEXT, Scenario.of(text("Hello from the fake Messages API.\nSecond line.")));
        scenario(SCENARIO_BUDGET, Scenario.of(bash("echo spending").withUsage(new Usage(200_000, 100_000, 0, 0))));
        scenario(SCENARIO_529, Scenario.of(failure(529, "overloaded_error")));
        scenario(SCENARIO_429, Scenario.of(failure(429, "rate_limit_error")));
        scenario(SCENARIO_401, Scenario.of(failure(401, "authentication_error")));
        scenario(SCENARIO_500, Scenario.of(failure(500, "api_error")));
        scenario(
                SCENARIO_529_ONCE,
                failingFirst(SCENARIO_529_ONCE, failure(529, "overloaded_error"), text(RECOVERED_TEXT)));
        scenario(
                SCENARIO_429_ONCE,
                failingFirst(
                        SCENARIO_429_ONCE,
                        failure(429, "rate_limit_error").withHeader("retry-after", String.valueOf(RETRY_AFTER_SECONDS)),
                        text(RECOVERED_TEXT)));
        scenario(SCENARIO_HANG_BASH, Scenario.of(bash(HANG_COMMAND), text("done")));
        scenario(SCENARIO_BACKGROUND, Scenario.of(bash(BACKGROUND_COMMAND), text("done")));
        scenario(
                SCENARIO_BASH,
                Scenario.of(new Dynamic(prompt -> bash(restOfLineAfter(prompt, SCENARIO_BASH, "true"))), text("done")));
    }

    private static Map<String, Object> orderedMap(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String wordAfter(String prompt, String keyword, String fallback) {
        Matcher m = Pattern.compile(Pattern.quote(keyword) + "[ \\t]+(\\S+)").matcher(prompt);
        return m.find() ? m.group(1) : fallback;
    }

    static String restOfLineAfter(String prompt, String keyword, String fallback) {
        Matcher m =
                Pattern.compile(Pattern.quote(keyword) + "[ \\t]+([^\\r\\n]+)").matcher(prompt);
        return m.find() ? m.group(1).strip() : fallback;
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getPath();
            synchronized (log) {
                log.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), body));
                if (log.size() > KEPT_BODIES) {
                    log.remove(0);
                }
            }
            if ("POST".equals(ex.getRequestMethod()) && path.equals("/v1/messages")) {
                messageRequests.incrementAndGet();
                answerMessages(ex, body);
            } else if (path.equals("/v1/messages/count_tokens")) {
                sendJson(ex, 200, "{\"input_tokens\":1000}");
            } else {
                sendJson(ex, 404, errorBody("not_found_error", "fake API: no " + path));
            }
        } catch (IOException | RuntimeException e) {
            // The client may hang up mid-stream (it was killed); that must not stop the server.
        }
    }

    private void answerMessages(HttpExchange ex, String body) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            sendJson(ex, 400, errorBody("invalid_request_error", "body is not JSON"));
            return;
        }
        String prompt = firstUserText(request);
        Scenario scenario = pick(prompt, body);
        int assistantTurns = 0;
        for (JsonNode m : request.path("messages")) {
            if ("assistant".equals(m.path("role").asText())) {
                assistantTurns++;
            }
        }
        Turn turn = scenario == null
                ? text("fake Messages API: no scenario keyword in the prompt")
                : scenario.turns().get(Math.min(assistantTurns, scenario.turns().size() - 1));
        while (turn instanceof Dynamic d) {
            turn = d.fromPrompt().apply(prompt);
        }
        String model = request.path("model").asText("claude-sonnet-4-5");
        if (turn instanceof Failure f) {
            f.headers().forEach((name, value) -> ex.getResponseHeaders().set(name, value));
            sendJson(ex, f.status(), errorBody(f.errorType(), f.message()));
        } else if (request.path("stream").asBoolean(false)) {
            sendStream(ex, (Reply) turn, model);
        } else {
            sendJson(ex, 200, JSON.writeValueAsString(message((Reply) turn, model, true)));
        }
    }

    private Scenario pick(String prompt, String body) {
        Scenario s = pickIn(prompt);
        return s != null ? s : pickIn(body);
    }

    private Scenario pickIn(String text) {
        Scenario best = null;
        int bestAt = Integer.MAX_VALUE;
        synchronized (scenarios) {
            for (var e : scenarios.entrySet()) {
                Matcher m = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(e.getKey()) + "(?![A-Za-z0-9_])")
                        .matcher(text);
                if (m.find() && m.start() < bestAt) {
                    bestAt = m.start();
                    best = e.getValue();
                }
            }
        }
        return best;
    }

    private static String firstUserText(JsonNode request) {
        for (JsonNode m : request.path("messages")) {
            if (!"user".equals(m.path("role").asText())) {
                continue;
            }
            JsonNode content = m.path("content");
            if (content.isTextual()) {
                return content.asText();
            }
            var sb = new StringBuilder();
            for (JsonNode block : content) {
                if (block.path("text").isTextual()) {
                    sb.append(block.path("text").asText()).append('\n');
                }
            }
            return sb.toString();
        }
        return "";
    }

    private ObjectNode message(Reply reply, String model, boolean withContent) {
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", "msg_fake_" + ids.incrementAndGet());
        msg.put("type", "message");
        msg.put("role", "assistant");
        msg.put("model", model);
        var content = msg.putArray("content");
        if (withContent) {
            for (int i = 0; i < reply.blocks().size(); i++) {
                content.add(fullBlock(reply.blocks().get(i), i));
            }
        }
        msg.put("stop_reason", withContent ? stopReason(reply) : null);
        msg.putNull("stop_sequence");
        ObjectNode usage = msg.putObject("usage");
        usage.put("input_tokens", reply.usage().input());
        usage.put("output_tokens", withContent ? reply.usage().output() : 1);
        usage.put("cache_creation_input_tokens", reply.usage().cacheWrite());
        usage.put("cache_read_input_tokens", reply.usage().cacheRead());
        return msg;
    }

    private ObjectNode fullBlock(Block b, int index) {
        ObjectNode node = startBlock(b, index);
        if (b instanceof TextBlock t) {
            node.put("text", t.text());
        } else if (b instanceof ToolCall c) {
            node.set("input", JSON.valueToTree(c.input()));
        }
        return node;
    }

    private ObjectNode startBlock(Block b, int index) {
        ObjectNode node = JSON.createObjectNode();
        if (b instanceof TextBlock) {
            node.put("type", "text");
            node.put("text", "");
        } else if (b instanceof ToolCall c) {
            node.put("type", "tool_use");
            node.put("id", "toolu_fake_" + ids.incrementAndGet() + "_" + index);
            node.put("name", c.name());
            node.putObject("input");
        }
        return node;
    }

    private static String stopReason(Reply reply) {
        return reply.blocks().stream().anyMatch(b -> b instanceof ToolCall) ? "tool_use" : "end_turn";
    }

    private void sendStream(HttpExchange ex, Reply reply, String model) throws IOException {
        ex.getResponseHeaders().set("content-type", "text/event-stream");
        ex.getResponseHeaders().set("cache-control", "no-cache");
        ex.getResponseHeaders().set("request-id", "req_fake_" + ids.incrementAndGet());
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        ObjectNode start = JSON.createObjectNode();
        start.put("type", "message_start");
        start.set("message", message(reply, model, false));
        event(out, start);
        for (int i = 0; i < reply.blocks().size(); i++) {
            Block b = reply.blocks().get(i);
            ObjectNode cbs = JSON.createObjectNode();
            cbs.put("type", "content_block_start");
            cbs.put("index", i);
            cbs.set("content_block", startBlock(b, i));
            event(out, cbs);
            ObjectNode delta = JSON.createObjectNode();
            delta.put("type", "content_block_delta");
            delta.put("index", i);
            ObjectNode d = delta.putObject("delta");
            if (b instanceof TextBlock t) {
                d.put("type", "text_delta");
                d.put("text", t.text());
            } else if (b instanceof ToolCall c) {
                d.put("type", "input_json_delta");
                d.put("partial_json", JSON.writeValueAsString(c.input()));
            }
            event(out, delta);
            ObjectNode stop = JSON.createObjectNode();
            stop.put("type", "content_block_stop");
            stop.put("index", i);
            event(out, stop);
        }
        ObjectNode md = JSON.createObjectNode();
        md.put("type", "message_delta");
        md.putObject("delta").put("stop_reason", stopReason(reply)).putNull("stop_sequence");
        md.putObject("usage").put("output_tokens", reply.usage().output());
        event(out, md);
        ObjectNode ms = JSON.createObjectNode();
        ms.put("type", "message_stop");
        event(out, ms);
    }

    private static void event(OutputStream out, ObjectNode data) throws IOException {
        String frame = "event: " + data.path("type").asText() + "\ndata: " + JSON.writeValueAsString(data) + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String errorBody(String type, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        return root.toString();
    }

    private static void sendJson(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
