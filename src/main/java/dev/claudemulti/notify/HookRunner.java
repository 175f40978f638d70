package dev.claudemulti.notify;

import dev.claudemulti.engine.Launchers;
import dev.claudemulti.launch.RecordedSession;
import dev.claudemulti.launch.SessionLauncher;
import dev.claudemulti.launch.local.LocalLauncher;
import dev.claudemulti.store.OrchestratorLog;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one hook: {@code /bin/sh -c COMMAND} in the project directory, with the command's
 * environment plus the event's variables, output appended to the run's hooks.log. Every process
 * of a hook carries its own marker (the launcher's marker variable, {@code hook:<run>/<n>}), so a
 * hook that outlives its timeout is stopped whole (SIGTERM, a grace, SIGKILL), and whatever it
 * left in the background when it exited is stopped too: no hook process outlives {@link #run}.
 *
 * <p>The hook also carries its own deadline, for when no orchestrator is left to keep it (one
 * killed with SIGKILL): it runs under coreutils {@code timeout}, which signals the hook's process
 * group a second after the orchestrator's own timeout (SIGTERM, then SIGKILL after the grace) and
 * lives on without its parent, as a session's watchdog does. Not guaranteed: that a process the hook
 * moved to a process group of its own ({@code setsid}) ends then (the orchestrator, while it lives,
 * finds those by their marker); a deadline without coreutils {@code timeout} on the PATH (the hook
 * then runs bare, kept by the orchestrator only).
 *
 * <p>Never throws for the hook's sake: a failure to start, an exit code other than 0 and a
 * timeout are each one line in the orchestrator log. Blocks the calling thread for at most
 * the timeout plus the grace (plus the few seconds a SIGKILL may need), so call it off the
 * scheduler thread.
 */
final class HookRunner {
    private static final File DEV_NULL = new File("/dev/null");

    private final String runId;
    private final Path workDir;
    private final Map<String, String> baseEnv;
    private final Path hooksLogFile;
    private final OrchestratorLog hooksLog;
    private final OrchestratorLog log;
    private final Duration timeout;
    private final Duration grace;
    private final AtomicInteger count = new AtomicInteger();
    /** coreutils {@code timeout} on the hooks' PATH, or null. */
    private final Path timeoutProgram;

    /**
     * @param baseEnv  the claude-multi command's environment, which every hook inherits
     * @param hooksLog the run's hooks.log (a heading line per hook goes there, then the hook's output)
     * @param log      the orchestrator log, for failures and timeouts
     */
    HookRunner(
            String runId,
            Path workDir,
            Map<String, String> baseEnv,
            Path hooksLog,
            OrchestratorLog log,
            Duration timeout,
            Duration grace) {
        this.runId = runId;
        this.workDir = workDir;
        this.baseEnv = Map.copyOf(baseEnv);
        this.hooksLogFile = hooksLog;
        this.hooksLog = new OrchestratorLog(hooksLog, baseEnv);
        this.log = log;
        this.timeout = timeout;
        this.grace = grace;
        this.timeoutProgram = onPath("timeout", baseEnv.get("PATH"));
    }

    /**
     * The hook's command line: {@code /bin/sh -c command}, under {@code timeoutProgram} (if not null)
     * with a deadline of {@code timeout} plus a second and {@code grace} from SIGTERM to SIGKILL.
     */
    static List<String> commandLine(Path timeoutProgram, String command, Duration timeout, Duration grace) {
        List<String> argv = new ArrayList<>();
        if (timeoutProgram != null) {
            argv.addAll(List.of(
                    timeoutProgram.toString(),
                    "--kill-after=" + seconds(grace.isZero() ? Duration.ofSeconds(1) : grace),
                    seconds(timeout.plusSeconds(1))));
        }
        argv.addAll(List.of("/bin/sh", "-c", command));
        return argv;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3fs", d.toMillis() / 1000.0);
    }

    /** The executable {@code name} in the first directory of {@code path} that has one, or null. */
    static Path onPath(String name, String path) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /**
     * Runs {@code command} to its end or its timeout.
     *
     * @param what names the hook in the logs: "on-session-end a", "on-finish"
     * @param vars the event's CLAUDE_MULTI_* variables; a null value unsets one
     */
    void run(String what, String command, Map<String, String> vars) {
        String marker = "hook:" + runId + "/" + count.incrementAndGet();
        ProcessBuilder pb = new ProcessBuilder(commandLine(timeoutProgram, command, timeout, grace))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(hooksLogFile.toFile()));
        pb.environment().clear();
        pb.environment().putAll(baseEnv);
        // A null value removes the variable, so that one the command's environment had cannot pass for the event's.
        vars.forEach((name, value) -> {
            if (value == null) {
                pb.environment().remove(name);
            } else {
                pb.environment().put(name, value);
            }
        });
        pb.environment().put(LocalLauncher.MARKER_VARIABLE, marker);
        // Written first: it also creates hooks.log private to the user before the hook appends to it.
        hooksLog.log(what + ": " + command);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            log.log(what + " hook could not start: " + e.getMessage());
            return;
        }
        // Hooks run on this machine whatever launches the sessions: the local launcher stops them.
        SessionLauncher local = Launchers.registry().forKind(LocalLauncher.KIND);
        RecordedSession marked = local.reattach(local.recordOfMarker(marker));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.log(what + " hook timed out after " + timeout.toSeconds() + "s; stopping it: " + command);
                stop(process, marked, what);
                return;
            }
        } catch (InterruptedException e) {
            // The orchestrator is ending and will not wait longer: the hook must not outlive it.
            log.log(what + " hook still running as the run ends; stopping it: " + command);
            stop(process, marked, what);
            Thread.currentThread().interrupt();
            return;
        }
        if (process.exitValue() != 0) {
            log.log(what + " hook exited with code " + process.exitValue() + ": " + command);
        }
        // Whatever it left in the background (a "cmd &") goes now: nothing of a hook outlives it.
        if (stop(process, marked, what)) {
            log.log(what + " hook left processes running; they were stopped: " + command);
        }
    }

    /** Stops every process carrying the hook's marker; true if there was one. */
    private boolean stop(Process process, RecordedSession marked, String what) {
        boolean found;
        try {
            found = marked.stop(grace);
        } catch (IllegalStateException e) {
            log.log(what + " hook: some of its processes survived SIGKILL", e);
            found = true;
        }
        try {
            process.waitFor(grace.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return found;
    }
}
