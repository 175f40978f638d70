package dev.claudemulti.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler thread's one wake-up for a time at which something may start with no other event
 * (a retry's backoff or a pause ends): at most one is pending, at the earliest time asked for, so
 * nothing polls. Scheduler thread only.
 *
 * <p>Not guaranteed: that the task finds anything to do (a stop may have come first), or that it
 * runs exactly on time (it may run a little late, never early by more than the clocks differ; a
 * task that runs early asks again for the rest of the wait).
 */
final class WakeUp {
    private final ScheduledExecutorService loop;
    private final Runnable task;
    private ScheduledFuture<?> pending;
    private Instant at;

    WakeUp(ScheduledExecutorService loop, Runnable task) {
        this.loop = loop;
        this.task = task;
    }

    /** Runs the task at {@code when} (null: not needed) unless a wake-up at that time or sooner is pending. */
    void at(Instant when, Instant now) {
        if (when == null || (pending != null && !when.isBefore(at))) {
            return;
        }
        cancel();
        at = when;
        long nanos = Math.max(0, Duration.between(now, when).toNanos());
        long millis = (nanos + 999_999) / 1_000_000; // rounded up: never before the time
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = loop.schedule(
                () -> {
                    if (pending == self[0]) {
                        pending = null;
                        task.run();
                    }
                },
                millis,
                TimeUnit.MILLISECONDS);
        pending = self[0];
    }

    /** Drops the pending wake-up: the run ended, and a delayed task must not hold up the loop's shutdown. */
    void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
