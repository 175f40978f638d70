package dev.claudemulti.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of the outside world. Passed in, never read from {@code System},
 * so that tests can run every command in-process with their own environment.
 *
 * @param terminal whether standard output is an interactive terminal (decides dashboard vs headless)
 */
public record CliContext(
        PrintStream out, PrintStream err, InputStream in, Map<String, String> env, Path cwd, boolean terminal) {

    public static CliContext system(PrintStream out, PrintStream err) {
        return new CliContext(
                out, err, System.in, System.getenv(), Path.of("").toAbsolutePath(), System.console() != null);
    }

    public String env(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
