package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
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

/** --on-session-end, --on-finish, the task file's hooks and --notify-url through a whole batch. */
class HooksCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** A server on loopback that keeps each POSTed body and answers {@code status}. */
    private String serve(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/events", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(exchange.getRequestMethod() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    private Path tasks(String json) throws IOException {
        return Files.writeString(dir.resolve("tasks.json"), json);
    }

    private Path onlyRunDir(CliHarness h) throws IOException {
        try (Stream<Path> runs = Files.list(h.state.resolve("runs"))) {
            List<Path> all = runs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    /** The lines of each file in {@code dir} whose name starts with {@code prefix}: one file per hook call. */
    private static List<List<String>> calls(Path dir, String prefix) throws IOException {
        List<List<String>> calls = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .toList()) {
                calls.add(Files.readAllLines(f));
            }
        }
        return calls;
    }

    @Test
    void eachSessionEndAndTheBatchEndRunTheirHookWithTheirEnvironment() throws Exception {
        CliHarness h = new CliHarness(dir);
        Path finish = dir.resolve("finish.txt");
        Path file = tasks("{\"onFinish\": \"env | grep ^CLAUDE_MULTI_ | sort > " + finish
                + "; cp \\\"$CLAUDE_MULTI_REPORT\\\" report-copy.json\","
                + "\"tasks\":[{\"id\":\"a\",\"prompt\":\"hello\"},{\"id\":\"b\",\"prompt\":\"fail now\"}]}");
        CliHarness.Result r = h.run(
                "run",
                file.toString(),
                "--no-tui",
                "--isolation",
                "none",
                "--on-session-end",
                // One file per call: two hooks may run at once.
                "env | grep ^CLAUDE_MULTI_ | grep -v ^CLAUDE_MULTI_SESSION= | sort > " + dir
                        + "/env-$CLAUDE_MULTI_TASK-$$.txt");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        String runId = onlyRunDir(h).getFileName().toString();
        Path report = onlyRunDir(h).resolve("report.json");
        List<List<String>> calls = calls(dir, "env-");
        assertThat(calls).hasSize(2);
        assertThat(calls)
                .anySatisfy(c -> assertThat(c)
                        .containsExactly(
                                "CLAUDE_MULTI_ATTEMPT=1",
                                "CLAUDE_MULTI_COST_USD=0.01",
                                "CLAUDE_MULTI_EVENT=session_end",
                                "CLAUDE_MULTI_REASON=",
                                "CLAUDE_MULTI_REPORT=" + report,
                                "CLAUDE_MULTI_RUN=" + runId,
                                "CLAUDE_MULTI_STATUS=completed",
                                "CLAUDE_MULTI_TASK=a"))
                .anySatisfy(c -> assertThat(c)
                        .contains("CLAUDE_MULTI_COST_USD=0.02", "CLAUDE_MULTI_STATUS=failed", "CLAUDE_MULTI_TASK=b")
                        .anyMatch(l -> l.startsWith("CLAUDE_MULTI_REASON=") && l.contains("boom")));
        assertThat(Files.readAllLines(finish))
                .contains(
                        "CLAUDE_MULTI_EVENT=run_finished",
                        "CLAUDE_MULTI_RUN=" + runId,
                        "CLAUDE_MULTI_STATUS=failed",
                        "CLAUDE_MULTI_COST_USD=0.03");
        // The hook ran in the project directory and found the report already written.
        JsonNode copy = JSON.readTree(dir.resolve("report-copy.json").toFile());
        assertThat(copy.get("tasks")).hasSize(2);
        assertThat(report).exists();
        assertThat(Files.readString(onlyRunDir(h).resolve("hooks.log"))).contains("on-finish: env");
    }

    @Test
    void theCommandLineWinsOverTheTaskFilesHook() throws Exception {
        CliHarness h = new CliHarness(dir);
        Path out = dir.resolve("out.txt");
        Path file = tasks("{\"onSessionEnd\": \"echo file >> " + out + "\","
                + "\"tasks\":[{\"id\":\"a\",\"prompt\":\"hello\"}]}");
        CliHarness.Result r = h.run(
                "run", file.toString(), "--no-tui", "--isolation", "none", "--on-session-end", "echo cli >> " + out);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(Files.readAllLines(out)).containsExactly("cli");
    }

    @Test
    void aFailingHookIsLoggedAndTheBatchStillSucceeds() throws Exception {
        CliHarness h = new CliHarness(dir);
        Path file = tasks("[{\"id\":\"a\",\"prompt\":\"hello\"}]");
        CliHarness.Result r = h.run(
                "run", file.toString(), "--no-tui", "--isolation", "none", "--on-session-end", "echo oops; exit 9");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(Files.readString(h.state.resolve("orchestrator.log")))
                .contains("on-session-end a hook exited with code 9: echo oops; exit 9");
        assertThat(Files.readString(onlyRunDir(h).resolve("hooks.log"))).contains("oops");
    }

    @Test
    void theNotifyUrlReceivesEachSessionAndTheFinishAsJson() throws Exception {
        CliHarness h = new CliHarness(dir);
        String url = serve(204);
        Path file = tasks("[{\"id\":\"a\",\"prompt\":\"hello\"},{\"id\":\"b\",\"prompt\":\"fail now\"}]");
        CliHarness.Result r = h.run("run", file.toString(), "--no-tui", "--isolation", "none", "--notify-url", url);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        String runId = onlyRunDir(h).getFileName().toString();
        assertThat(bodies).hasSize(3).allMatch(b -> b.startsWith("POST "));
        List<JsonNode> events = new ArrayList<>();
        for (String body : bodies) {
            events.add(JSON.readTree(body.substring("POST ".length())));
        }
        List<JsonNode> sessionEnds = events.stream()
                .filter(e -> e.get("event").asText().equals("session_end"))
                .toList();
        assertThat(sessionEnds).hasSize(2);
        assertThat(sessionEnds).allMatch(e -> e.get("run").asText().equals(runId));
        assertThat(sessionEnds.stream()
                        .map(e -> e.get("task").get("id").asText() + " "
                                + e.get("task").get("status").asText()))
                .containsExactlyInAnyOrder("a completed", "b failed");
        JsonNode finish = events.get(2);
        assertThat(finish.get("event").asText()).isEqualTo("run_finished");
        assertThat(finish.get("report").get("totals").get("failed").asInt()).isEqualTo(1);
        assertThat(finish.get("report_file").asText())
                .isEqualTo(onlyRunDir(h).resolve("report.json").toString());
    }

    @Test
    void aFailingServerIsTriedThreeTimesPerEventThenLogged() throws Exception {
        CliHarness h = new CliHarness(dir);
        String url = serve(500);
        Path file = tasks("[{\"id\":\"a\",\"prompt\":\"hello\"}]");
        CliHarness.Result r = h.run("run", file.toString(), "--no-tui", "--isolation", "none", "--notify-url", url);
        assertThat(r.code())
                .as("a notification never fails the batch: " + r.out() + r.err())
                .isZero();
        assertThat(bodies).hasSize(6);
        String origin = url.substring(0, url.indexOf("/events"));
        assertThat(Files.readString(h.state.resolve("orchestrator.log")))
                .contains("--notify-url: POST of session_end a to " + origin + " failed after 3 tries: HTTP 500")
                .contains("--notify-url: POST of run_finished to " + origin + " failed after 3 tries: HTTP 500")
                .as("the path may hold the webhook's secret")
                .doesNotContain("/events");
    }

    @Test
    void badNotificationInputIsOneLineAndExit2WithNothingStarted() throws Exception {
        CliHarness h = new CliHarness(dir);
        Path file = tasks("[{\"id\":\"a\",\"prompt\":\"hello\"}]");
        for (String[] args : List.of(
                new String[] {"--notify-url", "ftp://example.com/x"},
                new String[] {"--notify-url", "not a url"},
                new String[] {"--notify-url", "http:///path-only"},
                new String[] {"--on-finish", " "})) {
            List<String> cmd = new ArrayList<>(List.of("run", file.toString(), "--no-tui"));
            cmd.addAll(List.of(args));
            CliHarness.Result r = h.run(cmd.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains(args[0]);
        }
        assertThat(h.state.resolve("runs")).doesNotExist();
        Path badFile = tasks("{\"onFinish\": 3, \"tasks\":[{\"id\":\"a\",\"prompt\":\"hello\"}]}");
        CliHarness.Result r = h.run("run", badFile.toString(), "--no-tui");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("tasks.json:1:14: onFinish must be a string, got a number");
    }

    @Test
    void theDetachedOrchestratorGetsTheHooksAndRunsThem() throws Exception {
        CliHarness h = new CliHarness(dir);
        Path done = dir.resolve("finished.txt");
        Path file = tasks("{\"onFinish\": \"echo \\\"$CLAUDE_MULTI_STATUS\\\" > " + done + "\","
                + "\"tasks\":[{\"id\":\"a\",\"prompt\":\"hello\"}]}");
        BatchOptions options = new BatchOptions();
        options.notify.onSessionEnd = "true";
        options.notify.notifyUrl = "https://example.com/hook";
        var sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        CliContext ctx = new CliContext(
                sink, sink, new java.io.ByteArrayInputStream(new byte[0]), java.util.Map.copyOf(h.env), dir, false);
        BatchRunner.Plan plan = new BatchRunner(ctx).plan(options, new StateDirOption(), file.toString(), null);
        assertThat(String.join(" ", Detacher.runArguments(plan, "RUN", null)))
                .contains(" --on-session-end true --on-finish echo \"$CLAUDE_MULTI_STATUS\" > " + done
                        + " --notify-url https://example.com/hook");

        CliHarness.Result r = h.run("run", "--detach", "--isolation", "none", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (!(Files.exists(done) && Files.readString(done).endsWith("\n")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(done)).isEqualTo("completed\n");
        // Its end (run.json, the wait for hooks) goes on after the hook: not under a deleted temp directory.
        h.awaitOrchestratorGone(r.out().strip());
    }

    @Test
    void aSessionInAWorktreeTellsItsBranchAndHooksLogAndReportArePrivate() throws Exception {
        CliHarness h = new CliHarness(dir);
        Path project = Files.createDirectories(dir.resolve("project"));
        dev.claudemulti.workspace.Git git = new dev.claudemulti.workspace.Git(project);
        git.check("init", "-q", "-b", "main");
        git.check("config", "user.name", "Test User");
        git.check("config", "user.email", "test@example.com");
        Files.writeString(project.resolve("README.md"), "hello\n");
        git.check("add", "-A");
        git.check("commit", "-q", "-m", "initial");
        Path out = dir.resolve("branch.txt");
        Path file = tasks("[{\"id\":\"w\",\"prompt\":\"hello\"}]");
        CliHarness.Result r = h.run(
                "run",
                file.toString(),
                "--no-tui",
                "-C",
                project.toString(),
                "--on-session-end",
                "echo \"$CLAUDE_MULTI_BRANCH $(pwd)\" > " + out);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        String runId = onlyRunDir(h).getFileName().toString();
        assertThat(Files.readString(out).strip()).isEqualTo("claude-multi/" + runId + "/w " + project.toRealPath());
        for (String name : List.of("hooks.log", "report.json")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(onlyRunDir(h).resolve(name))))
                    .as(name)
                    .isEqualTo("rw-------");
        }
    }
}
