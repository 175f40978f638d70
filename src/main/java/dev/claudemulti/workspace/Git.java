package dev.claudemulti.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one {@code git} command in a directory and returns what it printed. Every git call of
 * claude-multi goes through here, so that all of them run with the same environment: no pager,
 * no editor, no prompts for credentials, C locale messages (callers match on them), and no
 * inherited {@code GIT_DIR}/{@code GIT_WORK_TREE} that would point git at another repository.
 *
 * <p>Guaranteed: the process has exited when a method returns; its stdout and stderr are read
 * concurrently, so a chatty command cannot block on a full pipe. Not guaranteed: anything about
 * output larger than memory — use {@link #start} and stream it instead.
 */
public final class Git {
    /** What a finished git command printed. */
    public record Result(int exitCode, String out, String err) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The first line of stderr, else of stdout: what to show a user when the command failed. */
        public String firstErrorLine() {
            String text = err.isBlank() ? out : err;
            return text.strip().lines().findFirst().orElse("git exited " + exitCode);
        }
    }

    private final Path dir;

    public Git(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Runs {@code git args...} in this directory and waits for it. */
    public Result run(String... args) throws IOException {
        Process p = launch(builder(args));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        String out = readAll(p.getInputStream());
        try {
            int code = p.waitFor();
            return new Result(code, out, err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while git " + String.join(" ", args) + " ran", e);
        }
    }

    /** Like {@link #run}, but a non-zero exit is an IOException carrying git's first error line. */
    public String check(String... args) throws IOException {
        Result r = run(args);
        if (!r.ok()) {
            throw new IOException("git " + args[0] + " failed: " + r.firstErrorLine());
        }
        return r.out();
    }

    /**
     * Starts {@code git args...} with its stdout as a stream for the caller to read (a diff can be
     * large); stderr is discarded. The caller must read stdout to the end or destroy the process.
     */
    public Process start(String... args) throws IOException {
        return launch(builder(args).redirectError(ProcessBuilder.Redirect.DISCARD));
    }

    private ProcessBuilder builder(String... args) {
        List<String> cmd = new ArrayList<>(args.length + 1);
        cmd.add("git");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GIT_") && !k.equals("GIT_CONFIG_NOSYSTEM"));
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_PAGER", "cat");
        env.put("GIT_EDITOR", "true");
        env.put("LC_ALL", "C");
        return pb;
    }

    private static Process launch(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        p.getOutputStream().close(); // git never waits for input from us
        return p;
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
