package dev.claudemulti.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.TerminalResizeListener;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminal;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The dashboard's GUI thread: it blocks on one queue that keys, engine events, resizes and
 * {@link #close} feed, and decides when to draw. Keys and resizes draw at once; engine events are
 * coalesced into at most {@value #MAX_FPS} frames a second; while the {@link Handler} says time is
 * moving it wakes once a second (ELAPSED ticks), else it sleeps until something arrives, so an idle
 * dashboard uses no CPU.
 *
 * <p>Thread-safe: {@link #offerKey}, {@link #engineChanged}, {@link #post}, {@link #drawSoon},
 * {@link #close} and {@link #awaitDrawn} may be called from any thread. The handler is only called on the thread in {@link #run}.
 * Not guaranteed: that every engine event gets a frame of its own (they are coalesced), or a frame
 * rate above {@value #MAX_FPS} a second.
 *
 * <p>On a Lanterna {@link VirtualTerminal} (tests, screenshots) no key reader is started, because
 * that terminal's blocking read holds the lock its output needs; keys come through {@link #offerKey}.
 */
final class EventLoop {
    static final int MAX_FPS = 10;
    private static final long FRAME_MS = 1000 / MAX_FPS;

    /**
     * What the loop drives. Every call is on the GUI thread, one at a time. Not guaranteed: a
     * {@link #frame} after each {@link #invalidate} (several are coalesced into one frame), or
     * a frame between two keys that arrive together.
     */
    interface Handler {
        /** Acts on a key. */
        void key(KeyStroke key);

        /** What the engine reports may have changed: read it again before the next key or frame. */
        void invalidate();

        /** Brings the state up to date and draws it. */
        void frame() throws IOException;

        /** True while shown times move, so the screen needs a frame every second without events. */
        boolean ticking();

        /** Why the dashboard is leaving, or null to go on. */
        Dashboard.Exit exit();

        /** {@link #close} was called or the GUI thread was interrupted. */
        void closed();
    }

    private enum Signal {
        ENGINE,
        RESIZE,
        CLOSE,
        MORE_TO_DRAW
    }

    private record Sync(CountDownLatch done) {}

    private record Posted(Runnable task) {}

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean enginePending = new AtomicBoolean();
    private final Clock clock;
    private volatile boolean ended;

    // Owned by the GUI thread.
    private long lastDrawNanos = System.nanoTime() - 1_000_000_000L;
    private boolean drawWanted = true;
    private volatile long frames;

    EventLoop(Clock clock) {
        this.clock = clock;
    }

    void offerKey(KeyStroke key) {
        queue.offer(key);
    }

    void close() {
        queue.offer(Signal.CLOSE);
    }

    /** Coalesced: many calls before the GUI thread wakes make one wake-up. */
    void engineChanged() {
        if (!enginePending.getAndSet(true)) {
            queue.offer(Signal.ENGINE);
        }
    }

    /** There is more to show (more output waiting to be read, more of a diff arrived); draw again within a frame's time. */
    void drawSoon() {
        queue.offer(Signal.MORE_TO_DRAW);
    }

    /**
     * Runs {@code task} on the GUI thread, before the next frame, which comes at once: how work done
     * off the GUI thread (a merge, the conflicts) hands its result to the state.
     */
    void post(Runnable task) {
        queue.offer(new Posted(task));
    }

    /** Frames drawn so far. */
    long frames() {
        return frames;
    }

    /** Waits until everything queued before this call has been handled and drawn, or the loop has ended. */
    void awaitDrawn() throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        queue.offer(new Sync(latch));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!latch.await(20, TimeUnit.MILLISECONDS)) {
            if (ended) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("dashboard did not draw within 10 s");
            }
        }
    }

    /** Runs on the calling thread until the handler has an exit reason. */
    void run(Screen screen, Handler handler) throws IOException {
        Terminal terminal = screen instanceof TerminalScreen ts ? ts.getTerminal() : null;
        TerminalResizeListener resize = (t, size) -> queue.offer(Signal.RESIZE);
        if (terminal != null) {
            terminal.addResizeListener(resize);
        }
        if (!(terminal instanceof VirtualTerminal)) {
            startKeyReader(screen);
        }
        List<CountDownLatch> synced = new ArrayList<>();
        try {
            loop(handler, synced);
        } catch (InterruptedException e) {
            handler.closed();
            Thread.currentThread().interrupt();
        } finally {
            ended = true;
            synced.forEach(CountDownLatch::countDown);
            if (terminal != null) {
                terminal.removeResizeListener(resize);
            }
        }
    }

    private void loop(Handler handler, List<CountDownLatch> synced) throws InterruptedException, IOException {
        while (handler.exit() == null) {
            long wait = drawWanted ? Math.max(0, FRAME_MS - millisSinceDraw()) : tickWait(handler);
            Object first = wait < 0 ? queue.take() : queue.poll(wait, TimeUnit.MILLISECONDS);
            List<Object> events = new ArrayList<>();
            if (first != null) {
                events.add(first);
            }
            queue.drainTo(events);
            boolean now = false;
            for (Object e : events) {
                if (e instanceof KeyStroke k) {
                    handler.key(k);
                    now = true;
                } else if (e instanceof Posted p) {
                    p.task().run();
                    now = true;
                } else if (e instanceof Sync s) {
                    synced.add(s.done());
                    handler.invalidate();
                    now = true;
                } else if (e == Signal.CLOSE) {
                    handler.closed();
                } else if (e == Signal.RESIZE) {
                    now = true;
                } else if (e == Signal.MORE_TO_DRAW) {
                    drawWanted = true;
                }
            }
            if (enginePending.getAndSet(false)) {
                handler.invalidate();
                drawWanted = true;
            }
            if (first == null && !drawWanted) {
                // the once-a-second tick: elapsed times moved
                handler.invalidate();
                now = true;
            }
            Dashboard.Exit exit = handler.exit();
            if (exit != null && exit != Dashboard.Exit.QUIT) {
                break;
            }
            if (now || (drawWanted && millisSinceDraw() >= FRAME_MS)) {
                drawWanted = false;
                handler.frame();
                lastDrawNanos = System.nanoTime();
                frames++;
                synced.forEach(CountDownLatch::countDown);
                synced.clear();
            }
        }
    }

    private void startKeyReader(Screen screen) {
        Thread reader = new Thread(
                () -> {
                    try {
                        while (true) {
                            KeyStroke k = screen.readInput();
                            if (k == null) {
                                Thread.sleep(20); // not expected from a blocking read; never spin
                                continue;
                            }
                            queue.offer(k);
                            if (k.getKeyType() == KeyType.EOF) {
                                return;
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        queue.offer(new KeyStroke(KeyType.EOF));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "dashboard-keys");
        reader.setDaemon(true);
        reader.start();
    }

    private long millisSinceDraw() {
        return (System.nanoTime() - lastDrawNanos) / 1_000_000;
    }

    /** How long the GUI thread may sleep when nothing is waiting to be drawn: -1 for "until something happens". */
    private long tickWait(Handler handler) {
        if (!handler.ticking()) {
            return -1;
        }
        return 1000 - (clock.millis() % 1000) + 5;
    }
}
