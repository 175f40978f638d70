package dev.claudemulti.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.cli.Cli;
import dev.claudemulti.cli.CliContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One {@code claude-multi run} in-process, with a task file whose {@code defaults.env} carries the
 * offline variables (the claude children inherit the JVM's environment plus that, not the
 * {@link CliContext} env).
 */
final class Batch {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode file = JSON.createObjectNode();
    private final ArrayNode tasks = file.putArray("tasks");

    Batch(Map<String, String> offlineEnv) {
        ObjectNode env = file.putObject("defaults").putObject("env");
        offlineEnv.forEach(env::put);
    }

    /** Adds a task; returns it so that fields such as budget or timeout can be set. */
    ObjectNode task(String id, String prompt) {
        return tasks.addObject().put("id", id).put("prompt", prompt);
    }

    /** What one run left: exit code, both streams, and where its state went. */
    record Outcome(int exitCode, String out, String err, Path stateDir, long millis) {
        /** The id of the single run in the state directory. */
        String runId() {
            try (Stream<Path> runs = Files.list(stateDir.resolve("runs"))) {
                List<Path> all = runs.toList();
                if (all.size() != 1) {
                    throw new AssertionError("expected one run in " + stateDir + ", found " + all);
                }
                return all.get(0).getFileName().toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Path runDir() {
            return stateDir.resolve("runs").resolve(runId());
        }

        /** The {@code run --json} summary on standard output. */
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not the JSON summary:\n" + out + "\nstderr:\n" + err, e);
            }
        }

        JsonNode task(String id) {
            for (JsonNode t : json().path("tasks")) {
                if (id.equals(t.path("id").asText())) {
                    return t;
                }
            }
            throw new AssertionError("no task " + id + " in\n" + out);
        }

        Path output(String taskId) {
            return runDir().resolve("sessions").resolve(taskId).resolve("output.jsonl");
        }

        /** For failure messages: everything the run printed. */
        String printed() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Writes the task file to {@code dir/tasks.json} and runs
     * {@code claude-multi run tasks.json --state-dir dir/state --claude CLAUDE ARGS...} with {@code dir/project}
     * as the working directory (created if needed).
     */
    Outcome run(Path dir, String claude, String... args) {
        try {
            Path project = Files.createDirectories(dir.resolve("project"));
            Path taskFile = dir.resolve("tasks.json");
            Files.writeString(taskFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(file));
            List<String> argv = new ArrayList<>(List.of(
                    "run",
                    taskFile.toString(),
                    "--state-dir",
                    dir.resolve("state").toString(),
                    "--claude",
                    claude));
            argv.addAll(List.of(args));
            return execute(dir.resolve("state"), project, argv.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the CLI in-process with an environment that names nothing from CLAUDE_*. */
    static Outcome execute(Path stateDir, Path cwd, String... args) {
        return inProcess(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), cwd, stateDir, args);
    }

    /** The CLI in-process with {@code env}, in {@code cwd}: exit code, stdout, stderr. */
    static String[] cli(Map<String, String> env, Path cwd, String... args) {
        Outcome o = inProcess(Map.copyOf(env), cwd, null, args);
        return new String[] {Integer.toString(o.exitCode()), o.out(), o.err()};
    }

    /** total_cost_usd of the result line in an attempt's output. */
    static double resultCost(Path output) throws IOException {
        for (String line : Files.readAllLines(output)) {
            JsonNode node = JSON.readTree(line);
            if ("result".equals(node.path("type").asText())) {
                return node.path("total_cost_usd").asDouble();
            }
        }
        throw new AssertionError("no result line in " + output);
    }

    private static Outcome inProcess(Map<String, String> env, Path cwd, Path stateDir, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var ctx = new CliContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]),
                env,
                cwd,
                false);
        long t0 = System.nanoTime();
        int code = Cli.execute(ctx, args);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new Outcome(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), stateDir, millis);
    }
}
