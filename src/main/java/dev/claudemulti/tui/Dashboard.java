package dev.claudemulti.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminal;
import dev.claudemulti.engine.Engine;
import dev.claudemulti.engine.EngineListener;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionView;
import java.io.IOException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The full-screen dashboard: a live table of sessions, a tail view of one session's output,
 * the diff of a session's worktree, and the keys to stop, kill, retry, merge and quit.
 *
 * <p>Made of parts, each with one job: the {@link EventLoop} (the GUI thread: when to handle
 * what and when to draw), the {@link DashboardState} (selection, filter, mode, scroll), the
 * {@link KeyBindings} table and the {@link KeyDispatcher} that carries it out, the
 * {@link Renderer} and its screens (which only read the state), the {@link ReviewWorker} (merges
 * and conflicts, off the GUI thread), and the
 * {@link TerminalLifecycle} (taking and restoring a real terminal). This class wires them to
 * an {@link Engine} and keeps the state in step with the engine's snapshots.
 *
 * <p>Threads: {@link #run} is the one GUI thread and the only one that touches Lanterna.
 * Engine callbacks, the key reader and {@link #close} only put a marker into a queue that
 * the GUI thread blocks on, so an idle dashboard uses no CPU: it wakes once a second while
 * something runs (ELAPSED ticks) and not at all once the batch has finished. Engine events
 * are coalesced into at most {@value EventLoop#MAX_FPS} redraws a second.
 *
 * <p>On a Lanterna {@link VirtualTerminal} (tests, screenshots) no key reader is started,
 * because that terminal's blocking read holds the lock its output needs; keys are delivered
 * with {@link #press} instead.
 */
public final class Dashboard {
    /** Why {@link #run} returned. */
    public enum Exit {
        /** The user quit, with no session running or queued (or from a dashboard that does not own them). */
        QUIT,
        /**
         * The user quit with sessions running or queued and confirmed stopping them: the batch was
         * interrupted (as by SIGINT), and every session has ended.
         */
        INTERRUPTED,
        /** Every session ended and {@link DashboardOptions#exitWhenDone()} was set. */
        FINISHED,
        /** {@link #close} was called. */
        CLOSED,
        /** The terminal's input ended (it was closed). */
        INPUT_CLOSED,
        /** The dashboard failed; the terminal was restored and the error logged. */
        CRASHED
    }

    private final Engine engine;
    private final Screen screen;
    private final DashboardOptions options;
    private final EventLoop loop;
    private final DashboardState state = new DashboardState(null);
    private final KeyDispatcher keys;
    private final Renderer renderer;
    private final ReviewWorker review;
    private final AtomicBoolean started = new AtomicBoolean();
    /** Where alerts go (the real terminal's output), or null: none on a virtual terminal or with --quiet. */
    private volatile Consumer<String> alerts;
    /** Sessions already alerted about, by task and attempt: an engine may repeat a state change. */
    private final Set<String> alerted = ConcurrentHashMap.newKeySet();
    /** GUI thread: the engine may have moved on since the state's snapshot was taken. */
    private boolean snapshotStale = true;

    public Dashboard(Engine engine, Screen screen, DashboardOptions options, TailSourceFactory tails) {
        this(engine, screen, options, tails, Clock.systemUTC());
    }

    Dashboard(Engine engine, Screen screen, DashboardOptions options, TailSourceFactory tails, Clock clock) {
        this.engine = engine;
        this.screen = screen;
        this.options = options;
        this.loop = new EventLoop(clock);
        this.review = new ReviewWorker(options.review(), loop, state);
        this.keys = new KeyDispatcher(
                engine,
                state,
                tails != null ? tails : TailSourceFactory.none(),
                this::pollTail,
                review,
                loop::drawSoon);
        this.renderer = new Renderer(screen, options.title(), clock);
    }

    /** Thread-safe: asks the dashboard to leave (e.g. SIGTERM/SIGHUP while running). */
    public void close() {
        loop.close();
    }

    /**
     * Sends the bell and desktop notifications ({@link DesktopAlert}) to {@code sink} when the batch
     * finishes or a session fails; written on the GUI thread, between frames. Call before {@link #run}.
     */
    void alertTo(Consumer<String> sink) {
        this.alerts = sink;
    }

    /** Where {@code a} runs claude: the real terminal's {@link Foreground}. Call before {@link #run}. */
    void foregroundTo(Foreground foreground) {
        keys.takeOver().foreground(foreground);
    }

    /** Queues {@code text} for the GUI thread, which writes it between frames. */
    private void alert(String text) {
        Consumer<String> sink = alerts;
        if (sink != null) {
            loop.post(() -> sink.accept(text));
        }
    }

    /** Thread-safe: delivers a key as if typed (tests, and terminals without a key reader). */
    public void press(KeyStroke key) {
        loop.offerKey(key);
    }

    /** Why {@link #run} returned; null while it runs. */
    public Exit exitReason() {
        return state.exit();
    }

    /**
     * Waits until everything queued before this call has been handled and drawn. For tests:
     * after it returns, the screen shows the effect of earlier {@link #press} calls.
     */
    void awaitDrawn() throws InterruptedException {
        loop.awaitDrawn();
    }

    /** Frames drawn so far (a measure of redraw coalescing). */
    long frames() {
        return loop.frames();
    }

    /** Runs on the calling thread (the one GUI thread) until the user quits or close() is called. The screen must be started. */
    public void run() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a dashboard runs once");
        }
        AutoCloseable subscription = engine.subscribe(new EngineListener() {
            @Override
            public void sessionChanged(SessionView view, boolean stateChanged) {
                // A failure with a retry is not an end: its next attempt follows at once.
                if (stateChanged && view.retry() == null) {
                    DesktopAlert.forSession(view)
                            .filter(text -> alerted.add(view.taskId() + "\0" + view.attempt()))
                            .ifPresent(text -> alert(text));
                }
                loop.engineChanged();
            }

            @Override
            public void runFinished(RunSnapshot snapshot) {
                alert(DesktopAlert.forFinish(snapshot));
                loop.engineChanged();
            }
        });
        try {
            loop.run(screen, new Handler());
        } finally {
            try {
                subscription.close();
            } catch (Exception e) {
                // unsubscribing cannot fail in a way that matters on the way out
            }
            state.closeTail();
            state.closeDiff();
            review.close();
        }
    }

    /**
     * Opens a real terminal (DefaultTerminalFactory), runs the dashboard, and restores the
     * terminal on every way out. Returns normally after restore.
     */
    public static void runOnTerminal(Engine engine, DashboardOptions options, TailSourceFactory tails)
            throws IOException {
        runOnTerminal(engine, options, tails, null, null);
    }

    /**
     * As {@link #runOnTerminal(Engine, DashboardOptions, TailSourceFactory)}, and tells why it
     * returned. A crash of the dashboard goes to {@code crashLog} (default: appended to
     * {@code <stateDir>/orchestrator.log}) and one line on standard error, after the terminal is
     * restored. {@code onStart} receives the dashboard (e.g. so a signal handler can call
     * {@link #close}) before it runs.
     */
    public static Exit runOnTerminal(
            Engine engine,
            DashboardOptions options,
            TailSourceFactory tails,
            Consumer<Throwable> crashLog,
            Consumer<Dashboard> onStart)
            throws IOException {
        return TerminalLifecycle.run(engine, options, tails, crashLog, onStart);
    }

    /** The dashboard failed and {@link TerminalLifecycle} restored the terminal. */
    void crashed() {
        state.exit(Exit.CRASHED);
    }

    private void refreshSnapshotIfStale() {
        if (snapshotStale || state.snapshot() == null) {
            state.update(engine.snapshot());
            state.runNotice(engine.notice());
            snapshotStale = false;
        }
    }

    private void pollTail() {
        TailView tail = state.tail();
        if (tail != null && tail.poll()) {
            loop.drawSoon();
        }
    }

    /** With a new snapshot: stale messages go, the dashboard may be done, and a retried session's tail follows its new attempt. */
    private void afterSnapshot() {
        RunSnapshot snap = state.snapshot();
        state.expireStaleMessage();
        review.snapshotChanged(snap);
        keys.takeOver().snapshotChanged();
        if (state.stopping() && snap.finished()) {
            state.exit(Exit.INTERRUPTED);
        } else if (options.exitWhenDone() && snap.finished()) {
            state.exit(Exit.FINISHED);
        }
        TailView tail = state.tail();
        if (tail != null) {
            SessionView v = state.session(tail.taskId);
            if (v != null && v.attempt() != tail.attempt) {
                keys.openTail(v);
            }
        }
    }

    /** The loop's view of the dashboard; every call is on the GUI thread. */
    private final class Handler implements EventLoop.Handler {
        @Override
        public void key(KeyStroke key) {
            refreshSnapshotIfStale();
            keys.handle(key);
        }

        @Override
        public void invalidate() {
            snapshotStale = true;
        }

        @Override
        public void frame() throws IOException {
            refreshSnapshotIfStale();
            pollTail();
            afterSnapshot();
            renderer.draw(state);
        }

        @Override
        public boolean ticking() {
            RunSnapshot snap = state.snapshot();
            return snap == null || !snap.finished() || state.stopping();
        }

        @Override
        public Exit exit() {
            return state.exit();
        }

        @Override
        public void closed() {
            state.exit(Exit.CLOSED);
        }
    }
}
