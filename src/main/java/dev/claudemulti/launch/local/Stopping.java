package dev.claudemulti.launch.local;

import dev.claudemulti.launch.local.ProcTable.Proc;
import dev.claudemulti.launch.local.ProcTable.ProcId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One stop of a set of {@link Members}: SIGTERM (and SIGCONT to stopped ones) to every member,
 * re-collected at each tick so that late children get it too; at the deadline SIGKILL to whatever
 * is left, repeated every tick; done when no member is live. If members survive SIGKILL for
 * {@link #KILL_CONFIRM}, the future fails with an {@link IllegalStateException}.
 */
final class Stopping implements StopTicker.Task {
    static final Duration KILL_CONFIRM = Duration.ofSeconds(2);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Members members;
    private final long killAt;
    private final Set<ProcId> termed = new HashSet<>();
    private final Set<ProcId> continued = new HashSet<>();
    private final Set<ProcId> killed = new HashSet<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private long giveUpAt;
    private boolean killing;
    private long backoff = POLL_NANOS;

    private Stopping(Members members, Duration grace) {
        this.members = members;
        this.killAt = System.nanoTime() + Math.max(0, grace.toNanos());
    }

    /** Starts stopping on the ticker thread; a zero grace means SIGKILL at once. */
    static Stopping start(Members members, Duration grace) {
        Stopping stopping = new Stopping(members, grace);
        StopTicker.watch(stopping);
        return stopping;
    }

    @Override
    public long markersSince() {
        return members.markersSince();
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /** Blocks until done; a failure is rethrown as it is. */
    void await() {
        try {
            done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** How many distinct processes were sent SIGKILL; read it after {@link #done()} completed. */
    int killedCount() {
        synchronized (killed) {
            return killed.size();
        }
    }

    @Override
    public long step(ProcTable table, long now) {
        List<Proc> live = members.collect(table);
        if (live.isEmpty()) {
            done.complete(null);
            return -1;
        }
        if (now - killAt >= 0) {
            if (!killing) {
                killing = true;
                giveUpAt = now + KILL_CONFIRM.toNanos();
            } else if (now - giveUpAt > 0) {
                fail(new IllegalStateException("processes still live " + KILL_CONFIRM.toMillis() + " ms after SIGKILL: "
                        + live.stream().map(Proc::pid).toList()));
                return -1;
            }
            for (Proc proc : live) {
                if (SignalSender.kill(proc)) {
                    synchronized (killed) {
                        killed.add(proc.id());
                    }
                }
            }
            return now + POLL_NANOS;
        }
        List<Proc> stopped = new ArrayList<>();
        for (Proc proc : live) {
            if (termed.add(proc.id())) {
                SignalSender.term(proc);
            }
            if (proc.stopped() && continued.add(proc.id())) {
                stopped.add(proc);
            }
        }
        if (!stopped.isEmpty()) {
            SignalSender.cont(stopped);
        }
        long next = now + backoff;
        backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        return next - killAt < 0 ? next : killAt;
    }

    @Override
    public void fail(Throwable error) {
        done.completeExceptionally(error);
    }
}
