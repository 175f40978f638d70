package dev.claudemulti.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One tmux pane on a server of its own (its own socket, so tests never touch a user's tmux): a real
 * terminal for tests that drive the dashboard with keys and read its screen back. Close it to kill
 * the server and whatever still runs in the pane.
 */
public final class TmuxPane implements AutoCloseable {
    private static final String TARGET = "t";

    private final String socket;
    private final Duration step;
    private boolean started;

    /**
     * @param name what the socket's name starts with (the pid and a nanosecond count follow)
     * @param step how long {@link #await} waits for one condition before it fails
     */
    public TmuxPane(String name, Duration step) {
        this.socket = name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        this.step = step;
    }

    /** Whether tmux is on the PATH (tests skip, saying so, when it is not). */
    public static boolean available() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "tmux"))) {
                return true;
            }
        }
        return false;
    }

    /** Opens the pane, {@code cols} x {@code rows}, in {@code cwd}, running {@code shell} (no tmux config read). */
    public void open(Path cwd, int cols, int rows, String shell) throws Exception {
        tmux(
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                TARGET,
                "-x",
                Integer.toString(cols),
                "-y",
                Integer.toString(rows),
                "-c",
                cwd.toString(),
                shell);
        started = true;
    }

    /** What the pane shows now, a line per row. */
    public String capture() throws Exception {
        return tmux("capture-pane", "-p", "-t", TARGET);
    }

    /** Waits until the screen satisfies {@code ok} and returns it; fails with the screen after the step's time. */
    public String await(String what, Predicate<String> ok) throws Exception {
        long deadline = System.currentTimeMillis() + step.toMillis();
        String screen = capture();
        while (!ok.test(screen)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(
                        "waited " + step.toMillis() + " ms for " + what + "; the pane shows:\n" + screen);
            }
            Thread.sleep(100);
            screen = capture();
        }
        return screen;
    }

    /** Types {@code text} literally. */
    public void type(String text) throws Exception {
        tmux("send-keys", "-t", TARGET, "-l", text);
    }

    /** Presses keys by tmux's names ("Enter", "Escape", "C-c"). */
    public void keys(String... names) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", TARGET));
        args.addAll(List.of(names));
        tmux(args.toArray(new String[0]));
    }

    @Override
    public void close() throws Exception {
        if (started) {
            tmux("kill-server");
        }
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
