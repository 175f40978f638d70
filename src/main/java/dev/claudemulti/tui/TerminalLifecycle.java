package dev.claudemulti.tui;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import dev.claudemulti.engine.Engine;
import dev.claudemulti.store.OrchestratorLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Takes the real terminal for a dashboard and gives it back on every way out: a normal exit, a
 * crash of the dashboard, or the JVM shutting down (a shutdown hook restores it); and lends it to a
 * program in the foreground ({@link TerminalHandover}, the dashboard's {@code a}). Only this class
 * opens a terminal; {@link Dashboard} works on any Lanterna screen.
 */
final class TerminalLifecycle {
    private TerminalLifecycle() {}

    /** See {@link Dashboard#runOnTerminal(Engine, DashboardOptions, TailSourceFactory, Consumer, Consumer)}. */
    static Dashboard.Exit run(
            Engine engine,
            DashboardOptions options,
            TailSourceFactory tails,
            Consumer<Throwable> crashLog,
            Consumer<Dashboard> onStart)
            throws IOException {
        // Read before the dashboard takes the terminal: a take-over by hand gives it back exactly so.
        String userSettings = TerminalHandover.currentSettings();
        PausableInput keys = PausableInput.ofStandardInput();
        DefaultTerminalFactory factory = new DefaultTerminalFactory(
                        System.out, keys != null ? keys : System.in, StandardCharsets.UTF_8)
                .setForceTextTerminal(true)
                // Ctrl-C must arrive as a key, so it can ask before stopping sessions.
                .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP);
        Terminal terminal = factory.createTerminal();
        TerminalScreen screen = new TerminalScreen(terminal);
        AtomicBoolean restored = new AtomicBoolean();
        Runnable restore = () -> {
            if (restored.compareAndSet(false, true)) {
                try {
                    screen.stopScreen(false);
                } catch (IOException | RuntimeException e) {
                    // still try to give the terminal back its settings
                }
                try {
                    terminal.close();
                } catch (IOException | RuntimeException e) {
                    // nothing more can be done for it
                }
                // The key reader is blocked reading the terminal, in native code, where the JVM's exit
                // waits up to 300 ms for it (JDK 17): let go of the input, so it waits in Java instead.
                try {
                    if (keys != null) {
                        keys.close();
                    }
                } catch (IOException | RuntimeException e) {
                    // the terminal is given back either way
                }
            }
        };
        Thread hook = new Thread(restore, "dashboard-restore");
        Runtime.getRuntime().addShutdownHook(hook);
        Dashboard dashboard = new Dashboard(engine, screen, options, tails);
        dashboard.foregroundTo(TerminalHandover.of(screen, keys, userSettings));
        if (!options.quiet()) {
            // The stream the terminal draws on; only the GUI thread writes it, between frames.
            dashboard.alertTo(text -> {
                System.out.print(text);
                System.out.flush();
            });
        }
        Throwable crash = null;
        try {
            screen.startScreen();
            if (onStart != null) {
                onStart.accept(dashboard);
            }
            dashboard.run();
        } catch (IOException | RuntimeException | Error e) {
            crash = e;
        } finally {
            restore.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down; the hook has run or will find nothing to do
            }
        }
        if (crash == null) {
            return dashboard.exitReason();
        }
        dashboard.crashed();
        Path log = options.stateDir() == null ? null : options.stateDir().resolve("orchestrator.log");
        try {
            (crashLog != null ? crashLog : appendTo(log)).accept(crash);
        } catch (RuntimeException e) {
            crash.addSuppressed(e);
        }
        System.err.println("claude-multi: the dashboard failed: " + crash
                + (crashLog == null && log != null ? " (details in " + log + ")" : "")
                + "; the batch goes on without it");
        return Dashboard.Exit.CRASHED;
    }

    private static Consumer<Throwable> appendTo(Path log) {
        return t -> {
            if (log != null) {
                new OrchestratorLog(log).log("the dashboard failed", t);
            }
        };
    }
}
