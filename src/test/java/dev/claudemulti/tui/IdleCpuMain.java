package dev.claudemulti.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the dashboard's CPU use: 100 running sessions on a virtual terminal for 30 s, first with
 * no engine events (only the once-a-second ELAPSED tick), then with a flood of progress events
 * (coalesced to at most 10 frames a second), then scrolling key by key (each key draws at once).
 * Usage: {@code IdleCpuMain [seconds] [sessions] [warm-up seconds]}.
 */
public final class IdleCpuMain {
    private IdleCpuMain() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Instant start = Instant.now().minusSeconds(90);
        List<SessionView> sessions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sessions.add(new SessionView(
                    String.format("task-%03d", i),
                    1,
                    SessionState.RUNNING,
                    null,
                    1000L + i,
                    start.plusSeconds(i % 60),
                    null,
                    1000L * i,
                    i % 9,
                    null,
                    null,
                    "Bash: make test-" + i,
                    null,
                    null,
                    null,
                    "sonnet"));
        }
        ScriptedEngine engine =
                new ScriptedEngine(new RunSnapshot("cpu-probe", null, "sonnet", count, true, start, null, sessions));
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(160, 50));
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        Dashboard dashboard = new Dashboard(
                engine, screen, new DashboardOptions(false, "claude-multi", null), TailSourceFactory.none());
        Thread gui = Harness.startGui(dashboard, Throwable::printStackTrace);
        Thread.sleep(warmup * 1000L); // warm up: JIT, first frames

        guiThread = gui.getId();
        Duration cpu0 = cpu();
        long frames0 = dashboard.frames();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        report("idle (ticks only)", cpu0, frames0, t0, dashboard);
        cpu0 = cpu();
        frames0 = dashboard.frames();
        t0 = System.nanoTime();
        long events = 0;
        long end =
                System.nanoTime() + Duration.ofSeconds(Math.max(5, seconds / 3)).toNanos();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10; i++) {
                engine.ping(sessions.get((int) (events++ % count)).taskId());
            }
            Thread.sleep(10); // ~1000 progress events a second
        }
        report(String.format(Locale.ROOT, "busy (%d progress events)", events), cpu0, frames0, t0, dashboard);
        scroll(dashboard, Math.max(100, seconds * 20));
        dashboard.close();
        gui.join();
        screen.stopScreen();
    }

    /**
     * Scrolls through the table as a user holding a key does: {@code keys} keys one after another
     * (down, and every tenth a page down; up again at the bottom), each sent once the frame of the
     * one before is drawn. Prints the time from a key to its frame (median, 99th percentile, max)
     * and the GUI thread's CPU per key.
     */
    private static void scroll(Dashboard dashboard, int keys) throws InterruptedException {
        KeyStroke down = new KeyStroke(KeyType.ArrowDown);
        KeyStroke pageDown = new KeyStroke(KeyType.PageDown);
        KeyStroke home = new KeyStroke(KeyType.Home);
        long[] latency = new long[keys];
        Duration cpu0 = cpu();
        long frames0 = dashboard.frames();
        long t0 = System.nanoTime();
        for (int i = 0; i < keys; i++) {
            long before = dashboard.frames();
            long sent = System.nanoTime();
            dashboard.press(i % 200 == 199 ? home : i % 10 == 9 ? pageDown : down);
            while (dashboard.frames() == before && System.nanoTime() - sent < 2_000_000_000L) {
                Thread.sleep(0, 50_000);
            }
            latency[i] = System.nanoTime() - sent;
        }
        double guiSeconds =
                report(String.format(Locale.ROOT, "scrolling (%d keys)", keys), cpu0, frames0, t0, dashboard);
        long[] sorted = latency.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-30s median %.2f ms | p99 %.2f ms | max %.2f ms | GUI thread %.2f ms per key%n",
                "key to frame",
                sorted[keys / 2] / 1e6,
                sorted[(int) Math.min(keys - 1, Math.ceil(keys * 0.99) - 1)] / 1e6,
                sorted[keys - 1] / 1e6,
                guiSeconds * 1000 / keys);
    }

    private static long guiThread;
    private static long guiCpu0;

    private static Duration cpu() {
        guiCpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(guiThread);
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Prints what the dashboard cost since t0; returns the GUI thread's CPU seconds of it. */
    private static double report(String what, Duration cpu0, long frames0, long t0, Dashboard d) {
        double wall = (System.nanoTime() - t0) / 1e9;
        double gui =
                (java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(guiThread) - guiCpu0) / 1e9;
        double cpu = ProcessHandle.current()
                        .info()
                        .totalCpuDuration()
                        .orElse(Duration.ZERO)
                        .minus(cpu0)
                        .toNanos()
                / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%-30s wall %5.1f s | process cpu %6.3f s = %5.2f%% of a core"
                        + " | GUI thread %6.3f s = %5.2f%% | frames %d (%.1f/s)%n",
                what,
                wall,
                cpu,
                100 * cpu / wall,
                gui,
                100 * gui / wall,
                d.frames() - frames0,
                (d.frames() - frames0) / wall);
        return gui;
    }
}
