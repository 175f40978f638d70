package dev.claudemulti.launch.local;

import dev.claudemulti.launch.HandleRecord;
import dev.claudemulti.launch.LaunchSpec;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.launch.local.ProcTable.Proc;
import dev.claudemulti.launch.local.ProcTable.ProcId;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A started session process and everything it spawns (found by parentage and by its
 * environment marker, because claude's Bash tool starts shells in new sessions).
 *
 * <p>The session's processes, at any moment, are: the main process; every live process whose
 * environment carries {@link ProcessTree#MARKER_VARIABLE}{@code =marker}; every process seen as
 * one of them by an earlier step of a stop (while the same pid and start time live on, so a child
 * re-parented to pid 1 is still found); and all descendants of those. Every stop re-collects this
 * set at each step, so children forked during the grace period are signalled too.
 *
 * <p>What is <em>not</em> guaranteed: a process that clears or rewrites its environment
 * <em>and</em> was re-parented away from the session before any stop step saw it cannot be found.
 * Zombies count as gone (pid 1 here does not reap orphans). Signals are only ever sent to a pid
 * whose start time still matches, never to this JVM or to pid 1.
 *
 * <p>Thread safety: all methods may be called from any thread. Stops (terminate, kill, sweep, and
 * {@link ProcessTree#stopRecorded}) run on one shared daemon thread that reads /proc once per tick
 * for all pending stops, so stops of many sessions at once share their scans; no thread sleeps per
 * session. {@code terminate} and {@code kill} return before the first signal is sent (it follows
 * within milliseconds, on that thread).
 */
final class SessionProcess implements SessionHandle {
    private static final File DEV_NULL = new File("/dev/null");

    private final Process process;
    private final Instant startTime;
    private final Members members;
    private final HandleRecord record;
    private final CompletableFuture<Integer> exit;
    /** Keeps the timeout if this JVM dies; null without a timeout (or if it could not be told). */
    private volatile Watchdog watchdog;

    private SessionProcess(Process process, long startTicks, Instant startTime, String marker) {
        this.process = process;
        this.startTime = startTime;
        this.members = new Members(marker, startTicks < 0 ? List.of() : List.of(new ProcId(process.pid(), startTicks)));
        this.record = LocalLauncher.record(process.pid(), startTime, marker);
        this.exit = process.onExit().thenApply(Process::exitValue);
        // The whole tree often goes with the main process: let a pending stop look at once.
        exit.thenRun(StopTicker::wake);
    }

    /**
     * Starts the process: {@code spec.command()} in {@code spec.workingDir()}, with the inherited
     * environment plus {@code spec.environment()} plus the marker; standard input read from
     * {@code spec.stdinFile()} (/dev/null if null), standard error appended to
     * {@code spec.stderrFile()} (discarded if null), standard output a pipe read via {@link #stdout()}.
     * With {@code spec.timeout()} set, this orchestrator's {@link Watchdog} keeps that timeout should this
     * JVM die, and a {@link Backstop} should its caller not keep it; both forget the session when its
     * main process ends.
     *
     * @throws IOException if the process cannot be started (no such file, not executable, bad directory)
     */
    public static SessionProcess start(LaunchSpec spec) throws IOException {
        if (spec.marker() == null || spec.marker().isBlank()) {
            throw new IllegalArgumentException("a session needs a marker");
        }
        ProcessBuilder builder = new ProcessBuilder(spec.command())
                .redirectInput(
                        spec.stdinFile() == null ? DEV_NULL : spec.stdinFile().toFile())
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(
                        spec.stderrFile() == null
                                ? ProcessBuilder.Redirect.DISCARD
                                : ProcessBuilder.Redirect.appendTo(
                                        spec.stderrFile().toFile()));
        if (spec.workingDir() != null) {
            builder.directory(spec.workingDir().toFile());
        }
        if (spec.environment() != null) {
            builder.environment().putAll(spec.environment());
        }
        builder.environment().put(ProcessTree.MARKER_VARIABLE, spec.marker());
        Process process = builder.start();
        Proc proc = ProcTable.readOne(process.pid());
        // A process that is already reaped cannot be read; its start time is then only approximate,
        // and stopRecorded will find nothing under that pid (it is gone anyway).
        long ticks = proc == null ? -1 : proc.startTicks();
        Instant startTime = proc == null ? Instant.now() : ProcTable.toInstant(ticks);
        SessionProcess session = new SessionProcess(process, ticks, startTime, spec.marker());
        if (spec.timeout() != null && proc != null) {
            session.keepTimeout(
                    spec.marker(), proc.id(), spec.timeout(), spec.grace() == null ? Duration.ZERO : spec.grace());
        }
        return session;
    }

    private void keepTimeout(String marker, ProcId main, Duration timeout, Duration grace) {
        Instant deadline = Instant.now().plus(timeout);
        Watchdog shared = Watchdog.shared();
        if (shared.guard(marker, main, deadline, grace)) {
            watchdog = shared;
        }
        ScheduledFuture<?> backstop = Backstop.schedule(members, deadline, grace);
        exit.whenComplete((code, error) -> {
            backstop.cancel(false);
            shared.release(marker);
        });
    }

    /** The pid of the watchdog that keeps this session's timeout, or -1 if it has none. */
    public long watchdogPid() {
        Watchdog w = watchdog;
        return w == null ? -1 : w.pid();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /**
     * The process start time as the OS records it (/proc/PID/stat starttime plus the boot time, 10 ms
     * resolution): the same value {@link ProcessTree#startTime(long)} gives for this pid, in any JVM.
     * With the pid, it identifies the process across restarts.
     */
    public Instant startTime() {
        return startTime;
    }

    /**
     * The process's standard output (stream-json). Read it to the end on one thread; it is not
     * buffered beyond the pipe. EOF comes when every process holding the pipe has closed it, which
     * may be after the main process exits (a background child that kept stdout): do not wait for
     * EOF before {@link #sweep()}.
     */
    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    /**
     * Completes with the exit code when the main process has exited and been reaped. A death by
     * signal N gives 128+N, as a shell reports it (137 for SIGKILL, 143 for SIGTERM): the JDK
     * itself maps WTERMSIG that way on Linux. Says nothing about the other processes of the session.
     * Each call returns a new future, so cancelling one does not affect others.
     */
    @Override
    public CompletableFuture<Integer> onExit() {
        return exit.copy();
    }

    /**
     * SIGTERM to every live process of the session, then after {@code grace} SIGKILL to those left.
     * Returns at once; the future completes when no process of the session is left (zombies count as gone).
     *
     * <p>Stopped processes (SIGSTOP) are also sent SIGCONT so that they can act on the SIGTERM.
     * Completes early if everything exits within the grace period. A zero grace is {@link #kill()}.
     * The future fails with {@link IllegalStateException} if processes are still live
     * 2 s after SIGKILL (e.g. stuck in uninterruptible sleep); nothing else is guaranteed about them.
     */
    @Override
    public CompletableFuture<Void> terminate(Duration grace) {
        return Stopping.start(members, grace).done();
    }

    /** SIGKILL to every live process of the session now; the future completes when none is left. Fails as {@link #terminate}. */
    @Override
    public CompletableFuture<Void> kill() {
        return terminate(Duration.ZERO);
    }

    /**
     * After the main process has exited: SIGKILL whatever still carries the marker (background
     * processes an agent left behind) and wait until none is left. Returns how many were swept.
     * Blocks for as long as that takes (normally milliseconds; at most about 2 s, then
     * {@link IllegalStateException}). Called while the main process runs, it kills that too.
     */
    @Override
    public int sweep() {
        Stopping stopping = Stopping.start(members, Duration.ZERO);
        stopping.await();
        return stopping.killedCount();
    }

    @Override
    public HandleRecord record() {
        return record;
    }
}
