package dev.claudemulti.cli;

import dev.claudemulti.agent.ClaudeAgent;
import dev.claudemulti.display.Durations;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.RunPolicy;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs a checked batch in the background: a headless orchestrator in a new session ({@code setsid}:
 * no controlling terminal, so closing the terminal sends it no SIGHUP), with stdin from the parent
 * (the task file, then end of file) and stdout/stderr in the run's {@code orchestrator.out}.
 * It supervises the sessions exactly as a foreground {@code run} does: timeouts, grace, journal.
 *
 * <p>The parent creates the run directory, so it can print the run id, and passes every resolved
 * option explicitly, so the child runs with what was checked here. The task file goes through a
 * pipe, not a file or an argument: prompts never show in {@code ps}, and secrets in a task's
 * {@code env} are never written.
 */
final class Detacher {
    /** How long the parent waits for the orchestrator to record the run before returning anyway. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private Detacher() {}

    /** Starts the orchestrator and returns its run id once the run is recorded. */
    static String start(CliContext ctx, BatchRunner.Plan plan, Path report) {
        RunStore run;
        Path out;
        try {
            run = plan.stateDir().createRun();
            out = run.createOrchestratorOut();
        } catch (StoreException e) {
            throw new UserException(e.getMessage());
        }
        List<String> cmd = new ArrayList<>(launcher());
        cmd.addAll(runArguments(plan, run.runId(), report));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(ctx.cwd().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        pb.environment().clear();
        pb.environment().putAll(ctx.env());
        Process child;
        try {
            child = pb.start();
            try (OutputStream in = child.getOutputStream()) {
                in.write(plan.taskFile().text().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UserException(
                    ExitCodes.NOT_ALL_COMPLETED, "cannot start the background orchestrator: " + e.getMessage());
        }
        awaitRecorded(run, child, recorded -> !recorded.snapshot().sessions().isEmpty());
        return run.runId();
    }

    /**
     * Runs {@code continue TASK --wait} for the recorded run {@code run} in a background
     * orchestrator, {@code prompt} on its standard input (never in {@code ps}), its output appended
     * to the run's {@code orchestrator.out}; returns once the task has gone past its attempt
     * {@code ended} (the follow-up started, or ended without starting). The caller has checked
     * everything and holds no lock: the orchestrator takes the run's lock and journals the follow-up.
     */
    static void continueInBackground(
            CliContext ctx, StateDir stateDir, RunStore run, String taskId, int ended, String prompt) {
        Path out = run.orchestratorOut();
        try {
            if (!Files.exists(out)) {
                run.createOrchestratorOut();
            }
        } catch (StoreException e) {
            throw new UserException(e.getMessage());
        }
        List<String> cmd = new ArrayList<>(launcher());
        cmd.addAll(List.of(
                "continue",
                "--run",
                run.runId(),
                "--state-dir",
                stateDir.root().toString(),
                "--wait",
                ContinueCommand.PROMPT_ON_STDIN,
                taskId));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(ctx.cwd().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        pb.environment().clear();
        pb.environment().putAll(ctx.env());
        Process child;
        try {
            child = pb.start();
            try (OutputStream in = child.getOutputStream()) {
                in.write(prompt.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UserException(
                    ExitCodes.NOT_ALL_COMPLETED, "cannot start the background orchestrator: " + e.getMessage());
        }
        awaitRecorded(run, child, recorded -> {
            SessionView v = recorded.snapshot().session(taskId);
            return v != null && v.attempt() > ended && v.state() != SessionState.QUEUED;
        });
    }

    /**
     * Waits until the journal shows {@code recordedStart}; if the child dies first, its output is the
     * error.
     */
    private static void awaitRecorded(RunStore run, Process child, Predicate<RecordedRun> recordedStart) {
        Instant deadline = Instant.now().plus(STARTUP_WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (recordedStart.test(RecordedRun.loadStates(run))) {
                return;
            }
            if (!child.isAlive()) {
                // It may have recorded and finished in a blink: check once more before calling it a failure.
                if (recordedStart.test(RecordedRun.loadStates(run))) {
                    return;
                }
                throw new UserException(
                        child.exitValue() == 0 ? ExitCodes.NOT_ALL_COMPLETED : child.exitValue(),
                        "the background orchestrator of run " + run.runId() + " exited with code " + child.exitValue()
                                + " before starting:" + System.lineSeparator() + tail(run.orchestratorOut()));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** {@code [setsid] java -cp <this jar or class path> dev.claudemulti.Main}. */
    static List<String> launcher() {
        List<String> cmd = new ArrayList<>();
        for (String setsid : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            if (Files.isExecutable(Path.of(setsid))) {
                cmd.add(setsid);
                break;
            }
        }
        if (cmd.isEmpty()) {
            // No setsid (macOS): nohup at least keeps SIGHUP away.
            cmd.add("nohup");
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The same small-footprint JVM settings as the ./claude-multi launcher (see bench/ in the README).
        cmd.addAll(List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        // orchestrator.out is a file: UTF-8 whatever the locale, or the progress icons become "?".
        cmd.add("-Dfile.encoding=UTF-8");
        cmd.add("-Dsun.stdout.encoding=UTF-8");
        cmd.add("-Dsun.stderr.encoding=UTF-8");
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add("dev.claudemulti.Main");
        return cmd;
    }

    private static String classPath() {
        try {
            var source = Cli.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                Path p = Path.of(source.getLocation().toURI());
                if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                    return p.toString();
                }
            }
        } catch (java.net.URISyntaxException | SecurityException | IllegalArgumentException e) {
            // fall back to the class path
        }
        return System.getProperty("java.class.path");
    }

    /** {@code run - --no-tui --run-id ID ...} with every option as it was resolved here. */
    static List<String> runArguments(BatchRunner.Plan plan, String runId, Path report) {
        BatchOptions.Resolved o = plan.options();
        List<String> args = new ArrayList<>(List.of(
                "run",
                "-",
                "--no-tui",
                "--run-id",
                runId,
                "--state-dir",
                plan.stateDir().root().toString(),
                "--model",
                o.model(),
                "--budget",
                ClaudeAgent.formatUsd(o.budgetUsd()),
                "--parallel",
                Integer.toString(o.parallel()),
                "--timeout",
                Durations.optionSeconds(o.timeout()),
                "--grace",
                o.grace().isZero() ? "0" : Durations.optionSeconds(o.grace()),
                "--project-dir",
                o.projectDir().toString(),
                "--permission-mode",
                o.permissionMode(),
                "--claude",
                plan.agent().checkedExecutable().orElse(plan.options().claude())));
        args.addAll(policyArguments(o));
        args.addAll(NotifyOptions.arguments(o.notifications()));
        if (report != null) {
            args.add("--report");
            args.add(report.toString());
        }
        return args;
    }

    /** The run policy's options, resolved here; the batch budget includes the task file's maxCost. */
    private static List<String> policyArguments(BatchOptions.Resolved o) {
        RunPolicy p = o.policy().policy();
        List<String> args = new ArrayList<>(List.of(
                "--retries",
                Integer.toString(o.policy().retries()),
                "--retry-delay",
                optionDuration(p.retryDelay()),
                "--halt",
                p.halt().toString(),
                "--result-grace",
                optionDuration(p.resultGrace())));
        if (p.retryFresh()) {
            args.add("--retry-fresh");
        }
        if (!p.adaptive()) {
            args.add("--no-adaptive");
        }
        if (p.maxCostUsd() != null) {
            args.add("--max-cost");
            args.add(Double.toString(p.maxCostUsd()));
        }
        if (o.policy().pricesFile() != null) {
            args.add("--prices");
            args.add(o.policy().pricesFile().toString());
        }
        return args;
    }

    private static String optionDuration(Duration d) {
        return d.isZero() ? "0" : Durations.optionSeconds(d);
    }
}
