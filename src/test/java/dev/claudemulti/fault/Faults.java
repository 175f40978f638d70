package dev.claudemulti.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.AttemptEnd;
import dev.claudemulti.agent.ClaudeAgent;
import dev.claudemulti.agent.Outcome;
import dev.claudemulti.agent.OutputDecoder;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.cli.Cli;
import dev.claudemulti.cli.CliContext;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.RunOptions;
import dev.claudemulti.engine.Scheduler;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.task.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the fault-injection tests share: a fake {@code claude} as a shell script, the orchestrator
 * as a real subprocess (so it can be signalled or SIGKILLed), and reading back what it recorded.
 */
final class Faults {
    static final String RESULT_OK =
            "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"done\","
                    + "\"session_id\":\"fake-1\",\"total_cost_usd\":0.01,\"num_turns\":1,\"duration_ms\":5,"
                    + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
    static final String RESULT_ERROR = "{\"type\":\"result\",\"subtype\":\"error_during_execution\",\"is_error\":true,"
            + "\"result\":\"the task broke\",\"session_id\":\"fake-1\",\"total_cost_usd\":0.01,\"num_turns\":1,"
            + "\"duration_ms\":5,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
    static final String INIT =
            "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"fake-1\",\"model\":\"fake\",\"tools\":[]}";

    /** The command prefix that resets SIGINT to its default; empty if this env cannot (then SignalsTest says so). */
    /**
     * The signals an orchestrator under test must see, whatever its test JVM inherited: a background
     * job of a script ignores INT, and one started under {@code nohup} ignores HUP too.
     */
    private static final String DEFAULT_SIGNALS = "INT,HUP,TERM";

    private static final List<String> DEFAULT_SIGINT = defaultSigintPrefix();

    private Faults() {}

    private static List<String> defaultSigintPrefix() {
        List<String> prefix = List.of("env", "--default-signal=" + DEFAULT_SIGNALS);
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=" + DEFAULT_SIGNALS, "true")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0 ? prefix : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The signals process {@code pid} ignores, by name ("INT"), from /proc/PID/status (SigIgn). */
    static List<String> ignoredSignals(long pid) throws IOException {
        String mask = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("SigIgn:"))
                .findFirst()
                .orElse("SigIgn: 0")
                .substring(7)
                .strip();
        long bits = Long.parseUnsignedLong(mask, 16);
        List<String> names = new ArrayList<>();
        String[] known = {
            "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
            "TERM"
        };
        for (int i = 0; i < known.length; i++) {
            if ((bits & (1L << i)) != 0) {
                names.add(known[i]);
            }
        }
        return names;
    }

    /**
     * A fake {@code claude -p} in {@code dir}: prints an init line, then acts on words of the prompt
     * (which arrives on stdin, as claude's does). It never prints its environment.
     * <ul>
     *   <li>{@code fail}: an error result, "agent failed" on stderr, exit 1;</li>
     *   <li>{@code flaky}: fails like {@code fail}, unless {@code dir/release} exists (then completes);</li>
     *   <li>{@code slow}: sleeps 300 s, unless {@code dir/release} exists (then completes at once);</li>
     *   <li>{@code barrier}: completes when a writer opens and closes the FIFO {@code dir/barrier};</li>
     *   <li>{@code envcheck}: writes its environment to {@code dir/agent-env} (not to its output) and completes;</li>
     *   <li>anything else: completes at once.</li>
     * </ul>
     * Every launch appends its (one-line) prompt to {@code dir/launches}.
     */
    static Path agent(Path dir) throws IOException {
        Path script = dir.resolve("fake-claude");
        String ctl = dir.toAbsolutePath().toString();
        String text = "#!/bin/sh\n"
                + "p=$(cat)\n"
                + "ctl='" + ctl + "'\n"
                // As claude: a conversation started with --session-id holds the task's prompt, which a
                // --resume of it goes on with (its own prompt only says to continue).
                + "while [ $# -gt 0 ]; do case \"$1\" in\n"
                + "  --session-id) printf '%s\\n' \"$p\" > \"$ctl/conversation-$2\" ;;\n"
                + "  --resume) p=$(cat \"$ctl/conversation-$2\") ;;\n"
                + "esac; shift; done\n"
                + "echo \"$p\" >> \"$ctl/launches\"\n"
                + "echo '" + INIT + "'\n"
                + "ok() { echo '" + RESULT_OK + "'; exit 0; }\n"
                + "fail() { echo '" + RESULT_ERROR + "'; echo 'agent failed' >&2; exit 1; }\n"
                + "case \"$p\" in\n"
                + "  *fail*) fail ;;\n"
                + "  *flaky*) [ -e \"$ctl/release\" ] && ok; fail ;;\n"
                + "  *slow*) [ -e \"$ctl/release\" ] && ok; sleep 300; ok ;;\n"
                + "  *barrier*) read x < \"$ctl/barrier\"; ok ;;\n"
                + "  *envcheck*) env > \"$ctl/agent-env\"; ok ;;\n"
                + "  *) ok ;;\n"
                + "esac\n";
        Files.writeString(script, text);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /**
     * A fake {@code claude -p} whose attempts end as real claude's do on an HTTP 529 with its own
     * retries off: a result line with {@code is_error}, {@code api_error_status: 529} and
     * {@code terminal_reason: "api_error"}, exit 1; once {@code dir/release} exists it completes.
     * It takes its session id from {@code --session-id} or {@code --resume}, as claude does, and
     * reports {@code total_cost_usd} as claude does after a resume: cumulative over the session
     * ({@code usd} per run of that session id so far, this one included). Every launch appends its
     * arguments, one line, to {@code dir/launches}.
     */
    static Path overloadedAgent(Path dir, String usd) throws IOException {
        Path script = dir.resolve("fake-claude");
        String ctl = dir.toAbsolutePath().toString();
        String text = "#!/bin/sh\n"
                + "ctl='" + ctl + "'\n"
                + "cat > /dev/null\n"
                + "echo \"$*\" >> \"$ctl/launches\"\n"
                + "id=fresh\n"
                + "while [ $# -gt 0 ]; do\n"
                + "  case \"$1\" in --session-id|--resume) id=\"$2\"; shift ;; esac\n"
                + "  shift\n"
                + "done\n"
                + "runs=$(grep -c -- \"$id\" \"$ctl/launches\")\n"
                + "cost=$(awk \"BEGIN { printf \\\"%.4f\\\", $runs * " + usd + " }\")\n"
                + "echo '{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"'$id'\",\"model\":\"fake\",\"tools\":[]}'\n"
                + "if [ -e \"$ctl/release\" ]; then\n"
                + "  echo '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"done\","
                + "\"session_id\":\"'$id'\",\"total_cost_usd\":'$cost',\"num_turns\":1,\"duration_ms\":5,"
                + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}'\n"
                + "  exit 0\n"
                + "fi\n"
                + "echo '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,"
                + "\"result\":\"API Error: 529 overloaded\",\"api_error_status\":529,"
                + "\"terminal_reason\":\"api_error\",\"session_id\":\"'$id'\",\"total_cost_usd\":'$cost',"
                + "\"num_turns\":1,\"duration_ms\":5,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}'\n"
                + "exit 1\n";
        Files.writeString(script, text);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** Prompts the agent received so far, in launch order. */
    static List<String> launches(Path dir) throws IOException {
        Path f = dir.resolve("launches");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    /**
     * {@code run ARGS} as a real orchestrator process; its stdout and stderr go to files in {@code dir}.
     *
     * <p>It starts with SIGINT, SIGHUP and SIGTERM at their default disposition, as from an
     * interactive terminal, however this test JVM was started ({@code nohup} ignores SIGHUP the same way). A shell without job control (a script, CI, {@code ./mvnw verify &})
     * starts background jobs with SIGINT ignored; the ignore is inherited through fork and exec by
     * Maven, surefire's JVM and this child, and a JVM that starts with SIGINT ignored keeps it
     * ignored (HotSpot installs no handler then, by design), so {@code kill -INT} would do nothing.
     * Neither a shell (POSIX forbids it) nor Java can un-ignore a signal for a child; coreutils
     * {@code env --default-signal} (8.31+, Debian 11+) can, and execs in place (same pid).
     */
    static Process orchestrator(Path dir, Map<String, String> env, String... args) throws IOException {
        return orchestrator(dir, env, List.of(), args);
    }

    /** Whether {@link #orchestrator} can give its child SIGINT's default disposition here. */
    static boolean resetsSigint() {
        return !DEFAULT_SIGINT.isEmpty();
    }

    /** As {@link #orchestrator(Path, Map, String...)}, started by {@code launcher} (a command that execs its arguments). */
    static Process orchestrator(Path dir, Map<String, String> env, List<String> launcher, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(DEFAULT_SIGINT);
        cmd.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.claudemulti.Main"));
        cmd.addAll(List.of(args));
        // In dir, not in the build's checkout: a project directory inside a git work tree would isolate its sessions.
        ProcessBuilder b = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(dir.resolve("orchestrator.out").toFile())
                .redirectError(dir.resolve("orchestrator.err").toFile());
        // The tests may run as root, where bypassPermissions (the default) is refused without it.
        b.environment().put("IS_SANDBOX", "1");
        b.environment().putAll(env);
        return b.start();
    }

    static String stdout(Path dir) throws IOException {
        return Files.readString(dir.resolve("orchestrator.out"));
    }

    static String stderr(Path dir) throws IOException {
        return Files.readString(dir.resolve("orchestrator.err"));
    }

    static int waitFor(Process p, Duration limit) throws InterruptedException {
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("orchestrator still running after " + limit);
        }
        return p.exitValue();
    }

    /** The result of running the CLI in this JVM. */
    record CliResult(int exit, String out, String err) {}

    static CliResult cli(Path cwd, String... args) {
        Map<String, String> env = new TreeMap<>(System.getenv());
        env.put("IS_SANDBOX", "1"); // see orchestrator()
        return cli(cwd, env, args);
    }

    static CliResult cli(Path cwd, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Cli.execute(new CliContext(o, e, InputStream.nullInputStream(), env, cwd, false), args);
        }
        return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static RunStore latestRun(Path stateDir) throws Exception {
        return StateDir.existing(stateDir).latestRun();
    }

    static RecordedRun recorded(Path stateDir) throws Exception {
        return RecordedRun.load(latestRun(stateDir));
    }

    static SessionView view(RecordedRun run, String task) {
        return run.snapshot().sessions().stream()
                .filter(v -> v.taskId().equals(task))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no session " + task + " in " + run.snapshot().sessions()));
    }

    /** Waits until {@code condition} holds; fails naming {@code what} after {@code limit}. */
    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Waits until the latest run of {@code stateDir}, as another process reads it, satisfies {@code condition}. */
    static void awaitRecorded(Path stateDir, String what, Predicate<RecordedRun> condition)
            throws InterruptedException {
        await(what, Duration.ofSeconds(30), () -> {
            try {
                return condition.test(recorded(stateDir));
            } catch (Exception | AssertionError e) {
                return false; // not written yet, or the session not recorded yet
            }
        });
    }

    /** Every regular file under {@code dir} with its bytes, by relative path. */
    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    /** Every file of {@code before} is in {@code after} with the same bytes. */
    static void assertSameBytes(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertKept(before, after, name -> false);
    }

    /** A scheduler of a new run in {@code stateDir}, as {@code run} builds it, for tests that drive the engine. */
    static Scheduler scheduler(
            Path stateDir, Agent agent, List<Task> tasks, int parallel, Duration timeout, Duration grace)
            throws Exception {
        StateDir state = StateDir.open(stateDir);
        RunStore run = state.createRun();
        Task defaults = Task.builder()
                .model("sonnet")
                .budgetUsd(1.0)
                .timeout(timeout)
                .permissionMode("bypassPermissions")
                .build();
        return new Scheduler(
                run,
                run.journal(),
                agent,
                new RunOptions(defaults, parallel, grace, stateDir.getParent(), System.getenv()),
                tasks,
                state.log());
    }

    /** An agent whose every session runs {@code command}, read as Claude's. */
    static Agent agentRunning(List<String> command) {
        Agent claude = new ClaudeAgent(ClaudeAgent.DEFAULT_BINARY, "");
        return new Agent() {
            @Override
            public OutputDecoder decoder(Consumer<SessionEvent> events) {
                return claude.decoder(events);
            }

            @Override
            public Outcome classify(AttemptEnd end) {
                return claude.classify(end);
            }

            @Override
            public String name() {
                return "fixture";
            }

            @Override
            public boolean simulated() {
                return false;
            }

            @Override
            public void checkAvailable() {}

            @Override
            public List<String> command(Task task) {
                return command;
            }
        };
    }

    /**
     * Like {@link #assertSameBytes}, except that the files {@code mayGrow} accepts may have had bytes
     * appended (never changed, never cut): a leftover agent being stopped still writes to its own
     * stderr.log ("Terminated" from its shell).
     */
    static void assertKept(Map<String, byte[]> before, Map<String, byte[]> after, Predicate<String> mayGrow) {
        before.forEach((name, bytes) -> {
            assertThat(after).as("file %s is still there", name).containsKey(name);
            if (mayGrow.test(name)) {
                assertThat(Arrays.copyOf(after.get(name), Math.min(bytes.length, after.get(name).length)))
                        .as("file %s only grew", name)
                        .isEqualTo(bytes);
            } else {
                assertThat(after.get(name)).as("file %s is unchanged", name).isEqualTo(bytes);
            }
        });
    }

    /** Sends a signal by name ("INT", "KILL") with kill(1). */
    static void signal(long pid, String name) throws IOException, InterruptedException {
        int code = new ProcessBuilder("kill", "-s", name, Long.toString(pid))
                .inheritIO()
                .start()
                .waitFor();
        assertThat(code).as("kill -s %s %d", name, pid).isZero();
    }
}
