package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --resume} keeps the run's --on-session-end, --on-finish and --notify-url unless given again. */
class HooksOnResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "hook-token-4711";

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/events", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return "http://hook:" + TOKEN + "@127.0.0.1:" + server.getAddress().getPort() + "/events?token=" + TOKEN;
    }

    private List<String> hookCalls() throws IOException {
        List<String> calls = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("end-"))
                    .sorted()
                    .toList()) {
                calls.add(Files.readString(f).strip());
            }
        }
        return calls;
    }

    @Test
    void aResumedRunRunsTheHooksAndPostsToTheUrlItWasStartedWithAndNeverPrintsTheUrlsToken() throws Exception {
        CliHarness h = new CliHarness(dir);
        String url = serve();
        Path tasks = Files.writeString(
                dir.resolve("tasks.json"),
                "[{\"id\":\"a\",\"prompt\":\"hello\"},{\"id\":\"b\",\"prompt\":\"fail now\"}]");
        CliHarness.Result first = h.run(
                "run",
                tasks.toString(),
                "--no-tui",
                "--isolation",
                "none",
                "--on-session-end",
                // One file per call, named so that they sort in call order within a task.
                "echo $CLAUDE_MULTI_TASK $CLAUDE_MULTI_ATTEMPT $CLAUDE_MULTI_STATUS > " + dir
                        + "/end-$CLAUDE_MULTI_TASK-$CLAUDE_MULTI_ATTEMPT.txt",
                "--on-finish",
                "echo $CLAUDE_MULTI_STATUS >> " + dir + "/finished.txt",
                "--notify-url",
                url);
        assertThat(first.code()).as(first.out() + first.err()).isEqualTo(1);
        assertThat(hookCalls()).containsExactly("a 1 completed", "b 1 failed");
        assertThat(bodies).hasSize(3);
        String runId;
        try (Stream<Path> runs = Files.list(h.state.resolve("runs"))) {
            runId = runs.toList().get(0).getFileName().toString();
        }

        CliHarness.Result resumed = h.run("run", "--resume", runId, "--resume-failed", "--no-tui");
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isEqualTo(1);
        assertThat(hookCalls()).containsExactly("a 1 completed", "b 1 failed", "b 2 failed");
        assertThat(Files.readAllLines(dir.resolve("finished.txt"))).containsExactly("failed", "failed");
        assertThat(bodies).hasSize(5);
        List<String> events = new ArrayList<>();
        for (String body : bodies.subList(3, 5)) {
            JsonNode e = JSON.readTree(body);
            events.add(e.get("event").asText()
                    + (e.has("task") ? " " + e.get("task").get("id").asText() : ""));
        }
        assertThat(events).containsExactly("session_end b", "run_finished");

        String status = h.run("status", "--run", runId).out()
                + h.run("status", "--json", "--run", runId).out();
        for (String printed : List.of(
                first.out(),
                first.err(),
                resumed.out(),
                resumed.err(),
                status,
                Files.readString(h.state.resolve("orchestrator.log")))) {
            assertThat(printed).doesNotContain(TOKEN);
        }
    }

    @Test
    void aBadNotifyUrlIsRefusedWithoutShowingItsToken() throws Exception {
        CliHarness h = new CliHarness(dir);
        CliHarness.Result r = h.run(
                "run",
                "[{\"id\":\"a\",\"prompt\":\"hello\"}]",
                "--no-tui",
                "--notify-url",
                "ftp://me:" + TOKEN + "@example.com/x?key=" + TOKEN + "#" + TOKEN);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo(
                        "claude-multi: --notify-url 'ftp://***@example.com/x?***' must be an http:// or https:// URL\n");
        CliHarness.Result syntax = h.run(
                "run",
                "[{\"id\":\"a\",\"prompt\":\"hello\"}]",
                "--no-tui",
                "--notify-url",
                "http://example.com/a b?token=" + TOKEN);
        assertThat(syntax.code()).isEqualTo(2);
        assertThat(syntax.err()).contains("is not a URL").doesNotContain(TOKEN);
    }

    @Test
    void anOptionGivenAgainWinsOverTheRecordedOne() throws Exception {
        CliHarness h = new CliHarness(dir);
        Path tasks = Files.writeString(dir.resolve("tasks.json"), "[{\"id\":\"b\",\"prompt\":\"fail now\"}]");
        CliHarness.Result first = h.run(
                "run",
                tasks.toString(),
                "--no-tui",
                "--isolation",
                "none",
                "--on-session-end",
                "echo old >> " + dir + "/end-calls.txt");
        assertThat(first.code()).as(first.out() + first.err()).isEqualTo(1);
        String runId;
        try (Stream<Path> runs = Files.list(h.state.resolve("runs"))) {
            runId = runs.toList().get(0).getFileName().toString();
        }
        CliHarness.Result resumed = h.run(
                "run",
                "--resume",
                runId,
                "--resume-failed",
                "--no-tui",
                "--on-session-end",
                "echo new >> " + dir + "/end-calls.txt");
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("end-calls.txt"))).containsExactly("old", "new");
    }
}
