package dev.claudemulti.launch.local;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A session's timeout kept inside this JVM when its caller does not keep it: grace + 2 s after the
 * deadline, a session whose main process still runs is stopped (SIGTERM, the grace period, SIGKILL).
 * The orchestrator times sessions out itself at their deadline; this is only the safety net for a
 * caller that does not (the {@link Watchdog} takes over once this JVM is gone).
 *
 * <p>One daemon thread for all sessions; nothing is forked or scanned until a backstop fires.
 * Not guaranteed: to the millisecond; anything once this JVM is gone.
 */
final class Backstop {
    /** How long after the deadline and the grace period the backstop acts: the orchestrator's stop comes first. */
    private static final Duration MARGIN = Duration.ofSeconds(2);

    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "claude-multi-timeout-backstop");
        thread.setDaemon(true);
        return thread;
    });

    static {
        // Nearly every backstop is cancelled long before it is due: keep only the live ones queued.
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private Backstop() {}

    /**
     * Stops the session's members at {@code deadline + grace + }{@link #MARGIN} unless the returned
     * future is cancelled first (do that when the session's main process ends).
     */
    static ScheduledFuture<?> schedule(Members members, Instant deadline, Duration grace) {
        long delay = Duration.between(Instant.now(), deadline.plus(grace).plus(MARGIN))
                .toMillis();
        return TIMER.schedule(() -> Stopping.start(members, grace), Math.max(0, delay), TimeUnit.MILLISECONDS);
    }
}
