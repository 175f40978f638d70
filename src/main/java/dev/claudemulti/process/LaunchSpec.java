package dev.claudemulti.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to start one session process.
 *
 * @param command     full argv
 * @param workingDir  the process's working directory
 * @param environment variables added to (or replacing) the inherited environment
 * @param stdinFile   the process reads this file as its standard input (the prompt)
 * @param stderrFile  standard error is appended here; standard output is a pipe the caller reads
 * @param marker      value of {@link ProcessTree#MARKER_VARIABLE} in the environment: it identifies the run,
 *                    task and attempt, and is how every process of the session is found again
 * @param timeout     the session's timeout, kept by a watchdog process even if the orchestrator dies; null: none
 * @param grace       SIGTERM to SIGKILL for that watchdog
 */
public record LaunchSpec(
        List<String> command,
        Path workingDir,
        Map<String, String> environment,
        Path stdinFile,
        Path stderrFile,
        String marker,
        Duration timeout,
        Duration grace) {

    /** A session without a watchdog: nothing but its caller times it out. */
    public LaunchSpec(List<String> command, Path workingDir, Map<String, String> environment, Path stdinFile,
                      Path stderrFile, String marker) {
        this(command, workingDir, environment, stdinFile, stderrFile, marker, null, null);
    }
}
