package dev.claudemulti.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** A dashboard running on its own GUI thread over a virtual terminal, with keys and screen text for tests. */
final class Harness implements AutoCloseable {
    final DefaultVirtualTerminal terminal;
    final TerminalScreen screen;
    final Dashboard dashboard;
    final ScriptedEngine engine;
    final MutableClock clock;
    private final Thread gui;
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    Harness(ScriptedEngine engine, int cols, int rows, DashboardOptions options, TailSourceFactory tails)
            throws IOException {
        this.engine = engine;
        this.terminal = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
        this.screen = new TerminalScreen(terminal);
        screen.startScreen();
        this.clock = new MutableClock(DemoRun.NOW);
        this.dashboard = new Dashboard(engine, screen, options, tails, clock);
        this.gui = startGui(dashboard, failure::set);
        sync();
    }

    /** Runs the dashboard on a new daemon thread, its GUI thread; a failure goes to {@code onFailure}. */
    static Thread startGui(Dashboard dashboard, java.util.function.Consumer<Throwable> onFailure) {
        Thread t = new Thread(
                () -> {
                    try {
                        dashboard.run();
                    } catch (Throwable e) {
                        onFailure.accept(e);
                    }
                },
                "gui");
        t.setDaemon(true);
        t.start();
        return t;
    }

    Harness(ScriptedEngine engine, int cols, int rows) throws IOException {
        this(engine, cols, rows, new DashboardOptions(false, "claude-multi", null), TailSourceFactory.none());
    }

    void sync() {
        if (!gui.isAlive()) {
            return;
        }
        try {
            dashboard.awaitDrawn();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        if (failure.get() != null) {
            throw new AssertionError("dashboard failed", failure.get());
        }
    }

    Harness press(String chars) {
        for (char c : chars.toCharArray()) {
            dashboard.press(new KeyStroke(c, false, false));
        }
        sync();
        return this;
    }

    Harness press(KeyType type) {
        dashboard.press(new KeyStroke(type));
        sync();
        return this;
    }

    Harness ctrlC() {
        dashboard.press(new KeyStroke('c', true, false));
        sync();
        return this;
    }

    Harness resize(int cols, int rows) {
        terminal.setTerminalSize(new TerminalSize(cols, rows));
        sync();
        return this;
    }

    /** The screen as lines of text, trailing spaces removed; a wide character counts once. */
    List<String> lines() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> out = new ArrayList<>();
        for (int r = 0; r < size.getRows(); r++) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < size.getColumns(); c++) {
                TextCharacter tc = terminal.getCharacter(c, r);
                b.append(tc.getCharacterString());
                if (tc.isDoubleWidth()) {
                    c++;
                }
            }
            out.add(b.toString().stripTrailing());
        }
        return out;
    }

    String text() {
        return String.join("\n", lines());
    }

    String line(int row) {
        List<String> l = lines();
        return row < 0 ? l.get(l.size() + row) : l.get(row);
    }

    /** The first line containing {@code s}. */
    String lineWith(String s) {
        return lines().stream()
                .filter(l -> l.contains(s))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line contains '" + s + "' in:\n" + text()));
    }

    TextCharacter cellAt(int col, int row) {
        return terminal.getCharacter(col, row);
    }

    boolean running() {
        return gui.isAlive();
    }

    void awaitExit() throws InterruptedException {
        gui.join(10_000);
        if (gui.isAlive()) {
            throw new AssertionError("dashboard did not exit; screen:\n" + text());
        }
        if (failure.get() != null) {
            throw new AssertionError("dashboard failed", failure.get());
        }
    }

    @Override
    public void close() {
        dashboard.close();
        try {
            gui.join(10_000);
            screen.stopScreen();
        } catch (InterruptedException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant i) {
            now = i;
        }

        void advanceSeconds(long s) {
            now = now.plusSeconds(s);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
