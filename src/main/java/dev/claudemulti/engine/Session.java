package dev.claudemulti.engine;

import dev.claudemulti.process.SessionProcess;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.task.Task;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One task's mutable bookkeeping inside the {@link Scheduler}. Every field except {@link #view}
 * is touched only on the scheduler thread; the view is swapped atomically so the output pump
 * and readers on other threads never need a lock.
 */
final class Session {
    final Task task;
    private final AtomicReference<SessionView> view;

    SessionProcess process;
    SessionFiles files;
    String marker;
    ScheduledFuture<?> timeout;
    /** Its process is being started on the launcher pool: it holds a slot but has no process yet. */
    boolean launching;
    /** Set when a stop, kill or timeout was requested: the state the session ends in, whatever its exit code. */
    SessionState requestedEnd;
    String requestedReason;

    Session(Task task, SessionView initial) {
        this.task = task;
        this.view = new AtomicReference<>(initial);
    }

    SessionView view() {
        return view.get();
    }

    SessionView update(UnaryOperator<SessionView> change) {
        return view.updateAndGet(change);
    }

    String id() {
        return task.id();
    }

    SessionState state() {
        return view.get().state();
    }
}
