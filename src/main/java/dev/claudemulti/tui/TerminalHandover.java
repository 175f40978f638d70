package dev.claudemulti.tui;

import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Foreground} of a real terminal: gives it up exactly as the user had it (the screen
 * stopped, the terminal's settings as {@code stty -g} read them before the dashboard took it, the
 * keyboard let go), runs the program with this process's standard streams, then takes the terminal
 * back (the dashboard's settings, the screen started again and drawn whole).
 *
 * <p>GUI thread only. Not guaranteed: that a signal the program leaves to the terminal (a Ctrl-C
 * while its terminal is in the user's cooked mode; claude itself reads Ctrl-C as a key) does not
 * reach this process too: both are in the terminal's foreground process group.
 */
final class TerminalHandover implements Foreground {
    private static final File TTY = new File("/dev/tty");
    private static final long STTY_SECONDS = 5;

    private final TerminalScreen screen;
    private final PausableInput keys;
    /** The user's terminal settings, before the dashboard took the terminal. */
    private final String userSettings;
    /** The dashboard's terminal settings, read once its screen started; null until then. */
    private String dashboardSettings;

    private TerminalHandover(TerminalScreen screen, PausableInput keys, String userSettings) {
        this.screen = screen;
        this.keys = keys;
        this.userSettings = userSettings;
    }

    /** The user's terminal settings now ({@code stty -g}), or null if they cannot be read (no terminal). */
    static String currentSettings() {
        try {
            return stty("-g");
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A hand-over for {@code screen}, which reads its keys from {@code keys}; {@link Foreground#NONE}
     * without the user's settings or a pausable keyboard (nothing could be restored exactly).
     */
    static Foreground of(TerminalScreen screen, PausableInput keys, String userSettings) {
        if (keys == null || userSettings == null || userSettings.isBlank()) {
            return Foreground.NONE;
        }
        return new TerminalHandover(screen, keys, userSettings);
    }

    @Override
    public int run(List<String> command, Path directory) throws IOException {
        if (dashboardSettings == null) {
            dashboardSettings = stty("-g");
        }
        keys.pause();
        screen.stopScreen(false);
        try {
            stty(userSettings);
            Process p = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .inheritIO()
                    .start();
            return waitFor(p);
        } finally {
            stty(dashboardSettings);
            keys.resume();
            screen.startScreen();
            screen.refresh(Screen.RefreshType.COMPLETE);
        }
    }

    private static int waitFor(Process p) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true; // the terminal must be taken back whatever interrupts this thread
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code stty ARGS} on the controlling terminal, as Lanterna does; returns its output. */
    private static String stty(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("stty");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectInput(TTY)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(STTY_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("stty did not answer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the terminal", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("stty " + String.join(" ", args) + " failed");
        }
        return out;
    }
}
