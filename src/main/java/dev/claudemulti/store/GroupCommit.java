package dev.claudemulti.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Makes a journal's writes durable with as few fsyncs as it can: one thread forces the file
 * whenever something was written since its last force, so every entry written while an fsync
 * runs shares the next one. A writer gets a future that completes once an fsync that started
 * after its write has returned, and only then may it show or act on what it wrote.
 *
 * <p>After a failed fsync nothing later is reported durable: the kernel may have dropped the
 * pages it could not write, so a later fsync that succeeds proves nothing about them.
 */
final class GroupCommit {
    /** What forces the file to disk; a test can slow it down to see entries share one. */
    interface Force {
        void force() throws IOException;
    }

    private record Waiter(long ticket, CompletableFuture<Void> durable) {}

    private final Path file;
    private final Force force;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private long written;
    private long synced;
    private long forces;
    private StoreException failure;
    private boolean closed;
    private Thread thread;

    GroupCommit(Path file, Force force) {
        this.file = file;
        this.force = force;
    }

    /** Entries up to {@code ticket} (increasing) have been written: the future completes when they are on disk. */
    synchronized CompletableFuture<Void> written(long ticket) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (failure != null) {
            durable.completeExceptionally(failure);
            return durable;
        }
        written = Math.max(written, ticket);
        waiters.add(new Waiter(ticket, durable));
        if (thread == null) {
            thread = new Thread(this::run, "journal-sync");
            thread.setDaemon(true);
            thread.start();
        }
        notifyAll();
        return durable;
    }

    /** How many fsyncs were made. */
    synchronized long forces() {
        return forces;
    }

    /** Waits until everything written is on disk (or failed), then stops the thread. */
    void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            notifyAll();
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (true) {
            long target;
            synchronized (this) {
                while (synced >= written && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // Only close() ends this thread: what was written must still be forced.
                    }
                }
                if (synced >= written) {
                    return;
                }
                target = written;
            }
            StoreException failed = null;
            try {
                force.force();
            } catch (IOException | RuntimeException e) {
                failed = e instanceof IOException io
                        ? StoreException.io("cannot write journal", file, io)
                        : new StoreException("cannot write journal " + file + ": " + e, e);
            }
            List<Waiter> done = new ArrayList<>();
            StoreException outcome;
            synchronized (this) {
                forces++;
                synced = target;
                if (failed != null && failure == null) {
                    failure = failed;
                }
                while (!waiters.isEmpty() && (failure != null || waiters.peek().ticket() <= target)) {
                    done.add(waiters.poll());
                }
                outcome = failure;
            }
            // Outside the lock: a waiter's continuation may write the next entry at once.
            for (Waiter w : done) {
                if (outcome != null) {
                    w.durable().completeExceptionally(outcome);
                } else {
                    w.durable().complete(null);
                }
            }
        }
    }
}
