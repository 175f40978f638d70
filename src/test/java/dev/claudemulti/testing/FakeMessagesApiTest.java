package dev.claudemulti.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeMessagesApiTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(FakeMessagesApi api, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String request(String prompt, boolean stream, String... assistantTurns) {
        var sb = new StringBuilder("{\"model\":\"claude-x\",\"stream\":" + stream + ",\"messages\":[")
                .append(
                        "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"<system-reminder>x</system-reminder>\"},")
                .append("{\"type\":\"text\",\"text\":\"")
                .append(prompt)
                .append("\"}]}");
        for (String a : assistantTurns) {
            sb.append(",{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"")
                    .append(a)
                    .append("\"}]}")
                    .append(
                            ",{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"x\",\"content\":\"ok\"}]}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void streamsTurnsInOrderAndRepeatsTheLast() throws Exception {
        try (var api = FakeMessagesApi.start()) {
            var first =
                    post(api, "/v1/messages?beta=true", request("please SCENARIO_WRITE_FILE /tmp/x/out.txt now", true));
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("content-type")).hasValue("text/event-stream");
            assertThat(first.body())
                    .startsWith("event: message_start\ndata: {")
                    .contains(
                            "\"name\":\"Write\"",
                            "input_json_delta",
                            "\\\"file_path\\\":\\\"/tmp/x/out.txt\\\"",
                            "\"stop_reason\":\"tool_use\"")
                    .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
            var second = post(api, "/v1/messages", request("SCENARIO_WRITE_FILE out.txt", true, "a"));
            assertThat(second.body()).contains("\"text\":\"done\"", "\"stop_reason\":\"end_turn\"");
            var third = post(api, "/v1/messages", request("SCENARIO_WRITE_FILE out.txt", true, "a", "b", "c"));
            assertThat(third.body()).contains("\"text\":\"done\"");
            assertThat(api.messageRequestCount()).isEqualTo(3);
        }
    }

    @Test
    void errorsNonStreamingAndOtherEndpoints() throws Exception {
        try (var api = FakeMessagesApi.start()) {
            var err = post(api, "/v1/messages", request("SCENARIO_529", true));
            assertThat(err.statusCode()).isEqualTo(529);
            assertThat(err.body()).contains("\"type\":\"error\"", "\"overloaded_error\"");
            var plain = post(api, "/v1/messages", request("SCENARIO_TEXT", false));
            assertThat(plain.body()).startsWith("{\"id\":\"msg_fake_").contains("Hello from the fake Messages API");
            var none = post(api, "/v1/messages", request("nothing to see", true));
            assertThat(none.body()).contains("no scenario keyword");
            var other = http.send(
                    HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/hello"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(post(api, "/v1/messages", "not json").statusCode()).isEqualTo(400);
            assertThat(api.requestCount()).isEqualTo(5);
            assertThat(api.requests()).extracting(FakeMessagesApi.Request::path).contains("/api/hello");
        }
    }

    @Test
    void errorsOnEveryRequest() throws Exception {
        try (var api = FakeMessagesApi.start()) {
            for (int i = 0; i < 2; i++) {
                var overloaded = post(api, "/v1/messages", request("SCENARIO_529", true));
                assertThat(overloaded.statusCode()).isEqualTo(529);
                var limited = post(api, "/v1/messages", request("SCENARIO_429", true));
                assertThat(limited.statusCode()).isEqualTo(429);
                assertThat(limited.body()).contains("\"rate_limit_error\"");
                assertThat(limited.headers().firstValue("retry-after")).isEmpty();
                var server = post(api, "/v1/messages", request("SCENARIO_500", true));
                assertThat(server.statusCode()).isEqualTo(500);
                assertThat(server.body()).contains("\"type\":\"error\"", "\"api_error\"");
                var auth = post(api, "/v1/messages", request("SCENARIO_401", true));
                assertThat(auth.statusCode()).isEqualTo(401);
                assertThat(auth.body()).contains("\"authentication_error\"");
            }
        }
    }

    @Test
    void onceScenariosFailTheFirstRequestOfEachTagOnly() throws Exception {
        try (var api = FakeMessagesApi.start()) {
            var first = post(api, "/v1/messages", request("SCENARIO_529_ONCE a1 please", true));
            assertThat(first.statusCode()).isEqualTo(529);
            assertThat(first.body()).contains("\"overloaded_error\"");
            // The same tag again, also as a resumed conversation that holds earlier turns: answered.
            var again = post(api, "/v1/messages", request("SCENARIO_529_ONCE a1 please", true));
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).contains(FakeMessagesApi.RECOVERED_TEXT, "\"stop_reason\":\"end_turn\"");
            var resumed = post(api, "/v1/messages", request("SCENARIO_529_ONCE a1 please", true, "API Error"));
            assertThat(resumed.body()).contains(FakeMessagesApi.RECOVERED_TEXT);
            // Another tag fails once on its own.
            assertThat(post(api, "/v1/messages", request("SCENARIO_529_ONCE a2", true))
                            .statusCode())
                    .isEqualTo(529);
            assertThat(post(api, "/v1/messages", request("SCENARIO_529_ONCE a2", true))
                            .statusCode())
                    .isEqualTo(200);

            var limited = post(api, "/v1/messages", request("SCENARIO_429_ONCE b1", true));
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.body()).contains("\"rate_limit_error\"");
            assertThat(limited.headers().firstValue("retry-after"))
                    .hasValue(String.valueOf(FakeMessagesApi.RETRY_AFTER_SECONDS));
            var afterLimit = post(api, "/v1/messages", request("SCENARIO_429_ONCE b1", true));
            assertThat(afterLimit.statusCode()).isEqualTo(200);
            assertThat(afterLimit.body()).contains(FakeMessagesApi.RECOVERED_TEXT);
            // A tag that failed as 529 does not make the 429 scenario's same tag pass.
            assertThat(post(api, "/v1/messages", request("SCENARIO_429_ONCE a1", true))
                            .statusCode())
                    .isEqualTo(429);

            api.scenario(
                    "K_ONCE",
                    api.failingFirst("K_ONCE", FakeMessagesApi.failure(503, "api_error"), FakeMessagesApi.text("ok")));
            assertThat(post(api, "/v1/messages", request("K_ONCE", true)).statusCode())
                    .isEqualTo(503);
            assertThat(post(api, "/v1/messages", request("K_ONCE", true)).body())
                    .contains("\"text\":\"ok\"");
        }
    }

    @Test
    void customScenariosAndWholeWordKeywords() throws Exception {
        try (var api = FakeMessagesApi.start()) {
            api.scenario("SCENARIO_TEXT_LONG", FakeMessagesApi.Scenario.of(FakeMessagesApi.text("custom")));
            assertThat(post(api, "/v1/messages", request("SCENARIO_TEXT_LONG", true))
                            .body())
                    .contains("custom");
            assertThat(post(api, "/v1/messages", request("SCENARIO_TEXT", true)).body())
                    .contains("Hello");
            api.scenario("K", FakeMessagesApi.Scenario.of(FakeMessagesApi.tool("Grep", Map.of("pattern", "x"))));
            assertThat(post(api, "/v1/messages", request("use K please", true)).body())
                    .contains("\"name\":\"Grep\"");
            assertThat(post(api, "/v1/messages", request("SCENARIO_BASH echo hi && ls\\nmore", true))
                            .body())
                    .contains("echo hi && ls")
                    .doesNotContain("more");
        }
    }

    @Test
    void environmentForOfflineRuns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        try (var api = FakeMessagesApi.start()) {
            Map<String, String> env = ClaudeEnv.offline(api, tmp);
            assertThat(env)
                    .containsEntry("ANTHROPIC_BASE_URL", api.baseUrl())
                    .containsEntry("IS_SANDBOX", "1")
                    .containsEntry("CLAUDE_CODE_MAX_RETRIES", "0")
                    .containsKeys(
                            "HOME",
                            "ANTHROPIC_API_KEY",
                            "DISABLE_AUTOUPDATER",
                            "DISABLE_TELEMETRY",
                            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC");
            assertThat(java.nio.file.Path.of(env.get("HOME")))
                    .isEmptyDirectory()
                    .startsWith(tmp);
        }
    }
}
