package dev.claudemulti.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI in-process with its own environment, against a state directory of its own, with a
 * fake claude: a shell script that prints stream-json and acts on its prompt (standard input):
 * "sleep..." keeps running, "fail..." ends with an error result and exit 3, "deny..." succeeds with a
 * refused Write in its permission_denials, "until-released..." succeeds
 * once the file {@code release} exists in the harness directory, anything else succeeds
 * with the result "done &lt;prompt&gt; | &lt;its arguments&gt; | &lt;its working directory&gt;".
 */
final class CliHarness {
    static final String FAKE_CLAUDE = """
            #!/bin/bash
            prompt=$(cat)
            echo '{"type":"system","subtype":"init","session_id":"s1","model":"m"}'
            echo '{"type":"assistant","message":{"content":[{"type":"text","text":"working on it"}],"usage":{"input_tokens":1,"output_tokens":1}}}'
            case "$prompt" in
              sleep*) sleep 300 ;;
              until-released*) while [ ! -e "$HOME/release" ]; do sleep 0.05; done ;;
              deny*) echo '{"type":"result","subtype":"success","is_error":false,"result":"could not write it","total_cost_usd":0.01,"num_turns":2,"duration_ms":5,"usage":{"input_tokens":1,"output_tokens":1},"permission_denials":[{"tool_name":"Write","tool_use_id":"toolu_1","tool_input":{"file_path":"/work/out.txt"}}]}'; exit 0 ;;
              fail*) echo '{"type":"result","subtype":"error_during_execution","is_error":true,"result":"boom","total_cost_usd":0.02,"num_turns":2,"duration_ms":5,"usage":{"input_tokens":3,"output_tokens":4}}'; exit 3 ;;
            esac
            echo '{"type":"result","subtype":"success","is_error":false,"result":"done '"$prompt | $* | $(pwd)"'","total_cost_usd":0.01,"num_turns":1,"duration_ms":5,"usage":{"input_tokens":1,"output_tokens":1}}'
            """;

    final Path dir;
    final Path state;
    final Path claude;
    final Map<String, String> env = new HashMap<>();

    CliHarness(Path dir) throws IOException {
        this.dir = dir;
        this.state = dir.resolve("state");
        this.claude = dir.resolve("fake-claude");
        Files.writeString(claude, FAKE_CLAUDE);
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", dir.toString());
        env.put("CLAUDE_SESSIONS_DIR", state.toString());
        env.put("CLAUDE_BIN", claude.toString());
        // The tests run as root, where claude-multi refuses bypassPermissions without it (as claude would).
        env.put("IS_SANDBOX", "1");
    }

    record Result(int code, String out, String err) {}

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            CliContext ctx = new CliContext(o, e, new ByteArrayInputStream(new byte[0]), Map.copyOf(env), dir, false);
            int code = Cli.execute(ctx, args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Parses (without running) a command line as the CLI would; a ParameterException for a usage error. */
    picocli.CommandLine.ParseResult parse(String... args) {
        PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream());
        CliContext ctx = new CliContext(sink, sink, new ByteArrayInputStream(new byte[0]), Map.copyOf(env), dir, false);
        return Cli.commandLine(ctx).parseArgs(args);
    }

    /** The CLI in a JVM of its own (classes from this test's class path), as a user in another terminal runs it. */
    Result runProcess(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.claudemulti.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("claude-multi " + String.join(" ", args) + " did not end in 60 s");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Runs a headless batch with the fake claude and returns its run id. */
    String batch(String tasksJson) {
        Result r = run("run", tasksJson, "--no-tui");
        String header = r.out()
                .lines()
                .filter(l -> l.startsWith("claude-multi run "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no run header in:\n" + r.out() + r.err()));
        return header.substring("claude-multi run ".length(), header.indexOf(':'));
    }

    /**
     * Waits until run {@code runId} has no live orchestrator: a detached one writes its run's end
     * after the last session, so a test's temp dir may go only after that.
     */
    void awaitOrchestratorGone(String runId) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            // No answer counts as alive: only a status that says the owner is gone ends the wait.
            if (!new ObjectMapper()
                    .readTree(run("status", "--json", "--run", runId).out())
                    .path("owner_alive")
                    .asBoolean(true)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the orchestrator of run " + runId + " still runs after 60 s");
    }

    /** Every run's journal in the state directory, runs in id order, one after another. */
    String journals() throws IOException {
        try (var runs = Files.list(state.resolve("runs"))) {
            StringBuilder all = new StringBuilder();
            for (Path run : runs.sorted().toList()) {
                all.append(Files.readString(run.resolve("journal.jsonl")));
            }
            return all.toString();
        }
    }

    /** Makes {@code script} the claude this harness runs: a fake agent in shell. */
    void fakeClaude(String script) throws IOException {
        Files.writeString(claude, script);
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
