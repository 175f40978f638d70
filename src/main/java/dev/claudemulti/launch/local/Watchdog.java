package dev.claudemulti.launch.local;

import dev.claudemulti.launch.local.ProcTable.Proc;
import dev.claudemulti.launch.local.ProcTable.ProcId;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's timeout that holds without its orchestrator: a small shell process, started beside
 * the session in a session of its own ({@code setsid}, so a terminal's signals to the orchestrator's
 * process group do not reach it), that carries the session's marker.
 *
 * <p>While the orchestrator lives, it times the session out itself and stops the watchdog when the
 * session ends; the watchdog only waits, and acts as a backstop (grace + 2 s after the deadline) if
 * the orchestrator has not. Once the orchestrator is gone (the watchdog's parent changed), the
 * watchdog enforces the deadline: SIGTERM (and SIGCONT) to every process carrying the marker, the
 * grace period, SIGKILL. When the session's main process ends first, it SIGKILLs what still carries
 * the marker if no orchestrator is left to sweep it, and exits. It checks every 2 s at most, so it
 * outlives an orphaned session by that much. Its own children (sleep, grep) carry the marker as well,
 * so every stop by marker ({@link ProcessTree#stopRecorded}, resume, stop-all) ends it too.
 */
final class Watchdog {
    /** How often the watchdog looks at the session: the most it outlives an orphaned one by. */
    static final int CHECK_SECONDS = 2;

    private static final File DEV_NULL = new File("/dev/null");

    /**
     * Arguments: main pid, its start time in clock ticks (/proc/PID/stat field 22), the orchestrator's
     * pid (the watchdog's parent), timeout and grace in whole seconds. {@code CLAUDE_MULTI_SESSION}
     * in its environment names the session. Dash and bash compatible: no arrays, no {@code read -t}.
     */
    static final String SCRIPT = String.join("\n",
            "# claude-multi watchdog: enforces the session's timeout if its orchestrator is gone",
            "trap '' HUP INT",
            "main=$1 ticks=$2 orch=$3 timeout=$4 grace=$5 me=$$",
            "mark=\"CLAUDE_MULTI_SESSION=$CLAUDE_MULTI_SESSION\"",
            // fields of /proc/PID/stat from the state (field 3) on; the command name may hold spaces
            "stat() { s=; read -r s < /proc/$1/stat 2>/dev/null || return 1; s=${s##*) }; set -- $s;"
                    + " [ $# -ge 20 ] || return 1; st=$1 pp=$2; shift 19; t0=$1; }",
            "now() { read -r up rest < /proc/uptime; now=${up%.*}; }",
            "main_alive() { stat $main && [ \"$st\" != Z ] && [ \"$st\" != X ] && [ \"$t0\" = \"$ticks\" ]; }",
            "orch_alive() { stat $me && [ \"$pp\" = \"$orch\" ]; }",
            // every live process with the marker but this one and its own children (sleep, grep); only
            // processes started since the session can carry it, so only their environment is read
            "scan() { found=; for d in /proc/[0-9]*; do p=${d#/proc/}; [ \"$p\" = \"$me\" ] && continue;"
                    + " stat $p || continue; [ \"$pp\" = \"$me\" ] && continue; case $st in Z|X) continue;; esac;"
                    + " [ \"$t0\" -ge \"$ticks\" ] 2>/dev/null || continue;"
                    + " grep -qxzF -e \"$mark\" $d/environ 2>/dev/null && found=\"$found $p\"; done; }",
            "signal() { scan; for p in $found; do for sig in \"$@\"; do kill -$sig $p 2>/dev/null; done; done; }",
            "now; deadline=$((now + timeout)); backstop=0",
            "while :; do",
            "  if ! main_alive; then orch_alive || signal KILL; exit 0; fi",
            "  now",
            "  if [ $now -ge $deadline ]; then",
            "    if [ $backstop = 0 ] && orch_alive; then backstop=1; deadline=$((deadline + grace + 2)); continue; fi",
            "    break",
            "  fi",
            "  left=$((deadline - now)); [ $left -gt " + CHECK_SECONDS + " ] && left=" + CHECK_SECONDS,
            "  sleep $left",
            "done",
            "signal TERM CONT",
            "now; end=$((now + grace))",
            "while now; [ $now -lt $end ]; do sleep 1; done",
            "signal KILL; sleep 1; signal KILL",
            "exit 0",
            "");

    private final ProcId id;

    private Watchdog(ProcId id) {
        this.id = id;
    }

    /**
     * Starts the watchdog of a session whose main process has just started.
     *
     * @return the watchdog, or null if it could not be started (the orchestrator's own timeout
     *         still applies; only a crash of the orchestrator is then unguarded)
     */
    static Watchdog start(String marker, ProcId main, Duration timeout, Duration grace) {
        List<String> cmd = new ArrayList<>();
        for (String setsid : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            if (Files.isExecutable(Path.of(setsid))) {
                cmd.add(setsid);
                break;
            }
        }
        cmd.addAll(List.of("/bin/sh", "-c", SCRIPT, "claude-multi-watchdog", Long.toString(main.pid()),
                Long.toString(main.startTicks()), Long.toString(ProcessHandle.current().pid()),
                Long.toString(ceilSeconds(timeout)), Long.toString(ceilSeconds(grace))));
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .redirectInput(DEV_NULL)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put(ProcessTree.MARKER_VARIABLE, marker);
        try {
            Process p = builder.start();
            Proc proc = ProcTable.readOne(p.pid());
            return proc == null ? null : new Watchdog(proc.id());
        } catch (IOException e) {
            return null;
        }
    }

    private static long ceilSeconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /** SIGKILL to the watchdog and its children; blocks until they are gone (milliseconds). */
    void stop() {
        Stopping.start(new Members(null, List.of(id)), Duration.ZERO).await();
    }

    long pid() {
        return id.pid();
    }
}
