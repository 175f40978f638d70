package dev.claudemulti.launch.local;

import dev.claudemulti.launch.local.ProcTable.ProcId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sessions' timeouts that hold without their orchestrator: one small shell process per
 * orchestrator (this JVM), started on the first session with a timeout, in a session of its own
 * ({@code setsid}, so a terminal's signals to the orchestrator's process group do not reach it).
 * The orchestrator holds the write end of a pipe that is the watchdog's standard input and tells it
 * {@code deadline <marker> <epoch-ms> <grace-ms> <main-pid> <main-start-ticks>} when a session
 * starts and {@code end <marker>} when its main process has ended.
 *
 * <p>While the orchestrator lives the watchdog only reads (its timeouts are the orchestrator's
 * business; see {@link Backstop} for what this JVM does if they are not kept). End of file on the
 * pipe means the orchestrator is gone (or {@link #close()}d it): the watchdog then, for every session
 * not ended, SIGTERMs (and SIGCONTs) every process carrying the marker at the deadline, waits the
 * grace period, SIGKILLs; a session whose main process ends first has what still carries its marker
 * SIGKILLed at once. It looks every second, and exits as soon as no session is left: at once if none
 * was. It carries no session marker, so no stop of a session ends it; it is found by
 * {@link #ORCHESTRATOR_VARIABLE}{@code =<orchestrator pid>} in its environment.
 *
 * <p>Not guaranteed: a deadline is kept to the second, not the millisecond; a watchdog that is
 * itself killed keeps nothing (while this JVM lives, a new one is started with the pending deadlines
 * at the next message); sessions started while the watchdog cannot be started keep only this JVM's
 * timeout. Thread safety: all methods may be called from any thread.
 */
final class Watchdog {
    /** Names the orchestrator (its pid) in the watchdog's environment, so that tests and people can find it. */
    static final String ORCHESTRATOR_VARIABLE = "CLAUDE_MULTI_WATCHDOG_OF";

    private static final Watchdog SHARED = new Watchdog();

    /**
     * Reads the commands from standard input; once it ends, keeps the remaining deadlines. Dash and
     * bash compatible: no arrays, no {@code read -t}. The list of sessions is a newline-separated
     * string of "marker due-s grace-s main-pid main-ticks phase" lines, led by a newline so that
     * every entry is found as "\nmarker ". The main process's pid and start time tell a session that
     * ended on its own (what it left behind is killed at once) from one that still runs.
     */
    static final String SCRIPT = String.join(
            "\n",
            "# claude-multi watchdog: keeps the sessions' timeouts once their orchestrator is gone",
            "trap '' HUP INT",
            "me=$$ nl='",
            "' mark=CLAUDE_MULTI_SESSION=",
            "pending=$nl",
            "forget() { case $pending in *\"$nl$1 \"*) h=${pending%%\"$nl$1 \"*}; t=${pending#*\"$nl$1 \"};"
                    + " t=${t#*\"$nl\"}; pending=\"$h$nl$t\";; esac; }",
            "while read -r op m at grace main ticks; do",
            "  case $op in",
            "    deadline) [ -n \"$ticks\" ] || continue; forget \"$m\"; g=$(( (grace + 999) / 1000 ));"
                    + " [ $g -ge 1 ] || g=1; pending=\"$pending$m $(( (at + 999) / 1000 )) $g $main $ticks wait$nl\";;",
            "    end) forget \"$m\";;",
            "  esac",
            "done",
            "[ \"$pending\" = \"$nl\" ] && exit 0",
            // fields of /proc/PID/stat from the state (field 3) on; the command name may hold spaces
            "stat() { s=; read -r s < /proc/$1/stat 2>/dev/null || return 1; s=${s##*) }; set -- $s;"
                    + " [ $# -ge 20 ] || return 1; st=$1 pp=$2; shift 19; t0=$1; }",
            "alive() { stat $1 && [ \"$st\" != Z ] && [ \"$st\" != X ] && [ \"$t0\" = \"$2\" ]; }",
            // every live process with the marker $1 but this one and its own children (sleep, grep);
            // only processes started since the session ($2) can carry it, so only their environment is read
            "scan() { found=; for d in /proc/[0-9]*; do p=${d#/proc/}; [ \"$p\" = \"$me\" ] && continue;"
                    + " stat $p || continue; [ \"$pp\" = \"$me\" ] && continue; case $st in Z|X) continue;; esac;"
                    + " [ \"$t0\" -ge \"$2\" ] 2>/dev/null || continue;"
                    + " grep -qxzF -e \"$mark$1\" $d/environ 2>/dev/null && found=\"$found $p\"; done; }",
            "signal() { scan \"$1\" \"$2\"; shift 2; for p in $found; do for sig in \"$@\"; do kill -$sig $p 2>/dev/null;"
                    + " done; done; }",
            "while [ \"$pending\" != \"$nl\" ]; do",
            "  now=$(date +%s); rest=${pending#\"$nl\"}; pending=$nl",
            "  while [ -n \"$rest\" ]; do",
            "    line=${rest%%\"$nl\"*}; rest=${rest#*\"$nl\"}; set -f; set -- $line; set +f",
            "    m=$1 due=$2 grace=$3 main=$4 ticks=$5 phase=$6",
            "    case $phase in",
            "      wait) if ! alive $main $ticks; then signal \"$m\" $ticks KILL; continue; fi",
            "        if [ $now -ge $due ]; then signal \"$m\" $ticks TERM CONT; due=$((now + grace)); phase=grace; fi;;",
            "      grace) [ $now -ge $due ] && { signal \"$m\" $ticks KILL; phase=kill; };;",
            // a second SIGKILL a second later: for what was forked while the first went out
            "      *) signal \"$m\" $ticks KILL; continue;;",
            "    esac",
            "    pending=\"$pending$m $due $grace $main $ticks $phase$nl\"",
            "  done",
            "  [ \"$pending\" = \"$nl\" ] || sleep 1",
            "done",
            "exit 0",
            "");

    /** The commands of the sessions not ended, by marker: what a restarted watchdog is told again. */
    private final Map<String, String> pending = new LinkedHashMap<>();

    private Process process;
    /** How long {@link #releaseIfIdle} waits for an idle watchdog to exit (it takes about 10 ms). */
    private static final long RELEASE_WAIT_MS = 1000;

    private OutputStream commands;

    /** A watchdog that is started by its first {@link #guard}. */
    Watchdog() {}

    /** The watchdog of this orchestrator. */
    static Watchdog shared() {
        return SHARED;
    }

    /**
     * Tells the watchdog the deadline of a session whose main process has just started, starting
     * the watchdog if needed.
     *
     * @return false if the watchdog could not be told (the orchestrator's own timeout still applies;
     *         only a crash of the orchestrator is then unguarded), as for a marker with white space,
     *         which the line protocol cannot carry (task and run ids have none)
     */
    synchronized boolean guard(String marker, ProcId main, Instant deadline, Duration grace) {
        if (marker.isEmpty() || marker.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        String command = "deadline " + marker + " " + deadline.toEpochMilli() + " " + grace.toMillis() + " "
                + main.pid() + " " + main.startTicks() + "\n";
        pending.put(marker, command);
        return send(command);
    }

    /** The session's main process has ended: its deadline is no longer the watchdog's business. */
    synchronized void release(String marker) {
        if (pending.remove(marker) != null) {
            send("end " + marker + "\n");
        }
    }

    /** Whether the watchdog holds the deadline of this session (it was guarded and has not been released). */
    synchronized boolean guards(String marker) {
        return pending.containsKey(marker);
    }

    /** The pid of the watchdog process, or -1 if none is running. */
    synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /**
     * Closes the pipe, as the orchestrator's death would: the watchdog keeps the deadlines of the
     * sessions not released and then exits (at once if there are none). A later {@link #guard}
     * starts a new watchdog.
     */
    synchronized void close() {
        closePipe();
        pending.clear();
    }

    /**
     * Lets the watchdog go when it guards no session: closes its pipe, so that it exits at once,
     * and waits a moment for that. Until the watchdog has exited, a thread of this JVM waits on it
     * (the child's reaper, blocked in native code), and a JVM that exits with such a thread waits
     * up to 300 ms for it. Does nothing while sessions are guarded; a later {@link #guard} starts
     * a new watchdog.
     */
    synchronized void releaseIfIdle() {
        if (!pending.isEmpty() || process == null) {
            return;
        }
        Process running = process;
        closePipe();
        try {
            running.waitFor(RELEASE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closePipe() {
        if (commands != null) {
            try {
                commands.close();
            } catch (IOException e) {
                // It is gone already: nothing is left to tell it.
            }
        }
        commands = null;
        process = null;
    }

    private boolean send(String command) {
        if (commands != null && write(command)) {
            return true;
        }
        // Not started yet, or it died: a new one is told every deadline still pending.
        closePipe();
        commands = start();
        if (commands == null) {
            return false;
        }
        StringBuilder all = new StringBuilder();
        pending.values().forEach(all::append);
        return all.isEmpty() || write(all.toString());
    }

    private boolean write(String text) {
        try {
            commands.write(text.getBytes(StandardCharsets.UTF_8));
            commands.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private OutputStream start() {
        List<String> cmd = new ArrayList<>();
        for (String setsid : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            if (Files.isExecutable(Path.of(setsid))) {
                cmd.add(setsid);
                break;
            }
        }
        cmd.addAll(List.of("/bin/sh", "-c", SCRIPT, "claude-multi-watchdog"));
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // Ours, not a session's: a stop by marker must not end the watchdog of every other session.
        builder.environment().remove(ProcessTree.MARKER_VARIABLE);
        builder.environment()
                .put(
                        ORCHESTRATOR_VARIABLE,
                        Long.toString(ProcessHandle.current().pid()));
        try {
            process = builder.start();
            return process.getOutputStream();
        } catch (IOException e) {
            process = null;
            return null;
        }
    }
}
