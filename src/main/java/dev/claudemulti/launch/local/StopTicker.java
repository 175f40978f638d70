package dev.claudemulti.launch.local;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that drives every pending stop. Each tick reads /proc once and hands the same
 * table to all pending tasks, so a hundred sessions stopping together cost one scan per tick, not
 * a hundred, and no thread sleeps per session.
 */
final class StopTicker {
    /** A pending stop, always called on the ticker thread. */
    interface Task {
        /** Acts on this table; returns the nanoTime by which it wants the next tick, or -1 when finished. */
        long step(ProcTable table, long now);

        /** The task cannot go on (it is dropped). */
        void fail(Throwable error);

        /**
         * Markers are read only of processes started at or after this many clock ticks after boot
         * (0: all). Reading every process's environment is most of a scan's cost.
         */
        default long markersSince() {
            return 0;
        }
    }

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "claude-multi-stop-ticker");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * The shortest time between the starts of two scans. Sessions that end within it share one
     * scan: with many short sessions ending back to back, a scan per ending was most of this
     * thread's time, and a few milliseconds more before a session is declared ended cost nothing.
     */
    private static final long MIN_SCAN_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(3);

    private static final Object LOCK = new Object();
    private static final List<Task> TASKS = new ArrayList<>();
    private static ScheduledFuture<?> next;
    private static long nextAt;
    private static long lastScanAt = System.nanoTime() - MIN_SCAN_GAP_NANOS;

    private StopTicker() {}

    /** Adds a task whose first step runs at once. */
    static void watch(Task task) {
        synchronized (LOCK) {
            TASKS.add(task);
        }
        wake();
    }

    /** Asks for a tick now, e.g. because a main process has exited and its tree may be gone. */
    static void wake() {
        scheduleBy(System.nanoTime());
    }

    private static void scheduleBy(long wanted) {
        synchronized (LOCK) {
            if (TASKS.isEmpty()) {
                return;
            }
            long due = Math.max(wanted, lastScanAt + MIN_SCAN_GAP_NANOS);
            if (next != null && nextAt - due <= 0) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            nextAt = due;
            next = TIMER.schedule(StopTicker::tick, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private static void tick() {
        List<Task> tasks;
        synchronized (LOCK) {
            next = null;
            tasks = new ArrayList<>(TASKS);
            if (!tasks.isEmpty()) {
                lastScanAt = System.nanoTime();
            }
        }
        if (tasks.isEmpty()) {
            return;
        }
        long earliest = Long.MAX_VALUE;
        List<Task> finished = new ArrayList<>();
        try {
            long since = tasks.stream().mapToLong(Task::markersSince).min().orElse(0);
            ProcTable table = ProcTable.scan(since);
            long now = System.nanoTime();
            for (Task task : tasks) {
                long due;
                try {
                    due = task.step(table, now);
                } catch (RuntimeException | Error e) {
                    task.fail(e);
                    due = -1;
                }
                if (due < 0) {
                    finished.add(task);
                } else if (due < earliest) {
                    earliest = due;
                }
            }
        } catch (RuntimeException e) {
            tasks.forEach(task -> task.fail(e));
            finished.addAll(tasks);
        }
        synchronized (LOCK) {
            TASKS.removeAll(finished);
        }
        if (earliest != Long.MAX_VALUE) {
            scheduleBy(earliest);
        }
    }
}
