package dev.claudemulti.launch.local;

import dev.claudemulti.launch.local.ProcTable.Proc;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Sends signals, each only if the pid still names the same process (same start time) and it is live. */
final class SignalSender {
    private static final File DEV_NULL = new File("/dev/null");

    private SignalSender() {}

    /** SIGTERM; returns whether it was sent. */
    static boolean term(Proc proc) {
        return send(proc, false);
    }

    /** SIGKILL; returns whether it was sent. */
    static boolean kill(Proc proc) {
        return send(proc, true);
    }

    /**
     * SIGCONT, so that stopped processes can act on a SIGTERM already sent. Java has no API for
     * it, so a shell's kill builtin sends it; it runs detached and its failure is ignored (the
     * SIGKILL after the grace period does not need it).
     */
    static void cont(List<Proc> procs) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "kill -CONT \"$@\" 2>/dev/null", "sh"));
        for (Proc proc : procs) {
            if (isSame(proc)) {
                command.add(Long.toString(proc.pid()));
            }
        }
        if (command.size() == 4) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(DEV_NULL)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove(ProcessTree.MARKER_VARIABLE);
        try {
            builder.start();
        } catch (IOException e) {
            // Nothing to do: SIGKILL reaches stopped processes anyway.
        }
    }

    private static boolean send(Proc proc, boolean force) {
        if (!isSame(proc)) {
            return false;
        }
        // ProcessHandle also checks the start time between lookup and kill(2).
        return ProcessHandle.of(proc.pid())
                .map(handle -> force ? handle.destroyForcibly() : handle.destroy())
                .orElse(false);
    }

    private static boolean isSame(Proc proc) {
        Proc now = ProcTable.readOne(proc.pid());
        return now != null && now.live() && now.startTicks() == proc.startTicks();
    }
}
