package dev.claudemulti.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to start one session, whatever the launcher: what to run, where, with what input.
 *
 * @param command     full argv
 * @param workingDir  the process's working directory
 * @param environment variables added to (or replacing) the inherited environment
 * @param stdinFile   the process reads this file as its standard input (the prompt)
 * @param stderrFile  standard error is appended here; standard output is a pipe the caller reads
 * @param marker      names the session ("runId/taskId/attempt"); the launcher tags everything it starts for
 *                    the session with it (the local launcher: an environment variable), and finds it again by it
 * @param timeout     the session's timeout, which the launcher keeps even if the orchestrator dies (the local one: a watchdog process); null: none
 * @param grace       between the polite stop and the forced one when the launcher enforces that timeout
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
    public LaunchSpec(
            List<String> command,
            Path workingDir,
            Map<String, String> environment,
            Path stdinFile,
            Path stderrFile,
            String marker) {
        this(command, workingDir, environment, stdinFile, stderrFile, marker, null, null);
    }
}
