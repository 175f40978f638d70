package dev.claudemulti.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion with the prompt on standard input, for end-to-end tests:
 * {@code ClaudeRun.run(cmd, env, cwd, prompt, timeout)}. Standard error goes to a file in {@code cwd}'s parent.
 */
public record ClaudeRun(int exitCode, String stdout, String stderr) {

    public List<String> lines() {
        return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
    }

    public static ClaudeRun run(
            List<String> command, Map<String, String> env, Path cwd, String prompt, Duration timeout)
            throws IOException, InterruptedException {
        Path err = Files.createTempFile(cwd.getParent(), "stderr", ".txt");
        var pb = new ProcessBuilder(new ArrayList<>(command))
                .directory(cwd.toFile())
                .redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(prompt.getBytes(StandardCharsets.UTF_8));
        }
        var out = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (var s = p.getInputStream()) {
                s.transferTo(out);
            } catch (IOException ignored) {
                // process died
            }
        });
        reader.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        reader.join(5000);
        return new ClaudeRun(p.exitValue(), out.toString(StandardCharsets.UTF_8), Files.readString(err));
    }
}
