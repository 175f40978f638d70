package dev.claudemulti.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.TerminalResizeListener;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminal;
import dev.claudemulti.display.Costs;
import dev.claudemulti.display.Durations;
import dev.claudemulti.display.Sizes;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.Engine;
import dev.claudemulti.engine.EngineListener;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.report.Status;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.tui.Canvas.Style;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The full-screen dashboard: a live table of sessions, a tail view of one session's output,
 * and the keys to stop, kill, retry and quit.
 *
 * <p>Threads: {@link #run} is the one GUI thread and the only one that touches Lanterna.
 * Engine callbacks, the key reader and {@link #close} only put a marker into a queue that
 * the GUI thread blocks on, so an idle dashboard uses no CPU: it wakes once a second while
 * something runs (ELAPSED ticks) and not at all once the batch has finished. Engine events
 * are coalesced into at most {@value #MAX_FPS} redraws a second.
 *
 * <p>On a Lanterna {@link VirtualTerminal} (tests, screenshots) no key reader is started,
 * because that terminal's blocking read holds the lock its output needs; keys are delivered
 * with {@link #press} instead.
 */
public final class Dashboard {
    /** Below this the dashboard shows only "terminal too small". */
    static final int MIN_COLS = 60;
    static final int MIN_ROWS = 15;
    static final int MAX_FPS = 10;
    private static final long FRAME_MS = 1000 / MAX_FPS;

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

    private enum Signal { ENGINE, RESIZE, CLOSE, MORE_TAIL }

    private record Sync(CountDownLatch done) {
    }

    private record Confirm(String question, Runnable yes) {
    }

    private final Engine engine;
    private final Screen screen;
    private final DashboardOptions options;
    private final TailSourceFactory tails;
    private final Clock clock;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean enginePending = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean ended;

    // Everything below is owned by the GUI thread.
    private RunSnapshot snap;
    private boolean snapStale = true;
    private long lastDrawNanos = System.nanoTime() - 1_000_000_000L;
    private boolean drawWanted = true;
    private String selectedId;
    private int scrollTop;
    private int pageRows = 10;
    private String filter = "";
    private StringBuilder filterEdit;
    private Confirm confirm;
    private boolean help;
    private boolean stopping;
    private String message;
    private final Notice notice = new Notice();
    private TailView tail;
    private Exit exit;
    private long frames;
    private TerminalSize lastSize;

    public Dashboard(Engine engine, Screen screen, DashboardOptions options, TailSourceFactory tails) {
        this(engine, screen, options, tails, Clock.systemUTC());
    }

    Dashboard(Engine engine, Screen screen, DashboardOptions options, TailSourceFactory tails, Clock clock) {
        this.engine = engine;
        this.screen = screen;
        this.options = options;
        this.tails = tails != null ? tails : TailSourceFactory.none();
        this.clock = clock;
    }

    /** Thread-safe: asks the dashboard to leave (e.g. SIGTERM/SIGHUP while running). */
    public void close() {
        queue.offer(Signal.CLOSE);
    }

    /** Thread-safe: delivers a key as if typed (tests, and terminals without a key reader). */
    public void press(KeyStroke key) {
        queue.offer(key);
    }

    /** Why {@link #run} returned; null while it runs. */
    public Exit exitReason() {
        return exit;
    }

    /**
     * Waits until everything queued before this call has been handled and drawn. For tests:
     * after it returns, the screen shows the effect of earlier {@link #press} calls.
     */
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

    /** Frames drawn so far (a measure of redraw coalescing). */
    long frames() {
        return frames;
    }

    /** Runs on the calling thread (the one GUI thread) until the user quits or close() is called. The screen must be started. */
    public void run() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a dashboard runs once");
        }
        EngineListener listener = new EngineListener() {
            @Override
            public void sessionChanged(SessionView view, boolean stateChanged) {
                wake();
            }

            @Override
            public void runFinished(RunSnapshot snapshot) {
                wake();
            }
        };
        Terminal terminal = screen instanceof TerminalScreen ts ? ts.getTerminal() : null;
        TerminalResizeListener resize = (t, size) -> queue.offer(Signal.RESIZE);
        if (terminal != null) {
            terminal.addResizeListener(resize);
        }
        if (!(terminal instanceof VirtualTerminal)) {
            startKeyReader();
        }
        AutoCloseable subscription = engine.subscribe(listener);
        List<CountDownLatch> synced = new ArrayList<>();
        try {
            while (exit == null) {
                long wait = drawWanted ? Math.max(0, FRAME_MS - millisSinceDraw()) : tickWait();
                Object first = wait < 0 ? queue.take() : queue.poll(wait, TimeUnit.MILLISECONDS);
                List<Object> events = new ArrayList<>();
                if (first != null) {
                    events.add(first);
                }
                queue.drainTo(events);
                boolean now = false;
                for (Object e : events) {
                    if (e instanceof KeyStroke k) {
                        refreshSnapshotIfStale();
                        handleKey(k);
                        now = true;
                    } else if (e instanceof Sync s) {
                        synced.add(s.done());
                        snapStale = true;
                        now = true;
                    } else if (e == Signal.CLOSE) {
                        exit = Exit.CLOSED;
                    } else if (e == Signal.RESIZE) {
                        now = true;
                    } else if (e == Signal.MORE_TAIL) {
                        drawWanted = true;
                    }
                }
                if (enginePending.getAndSet(false)) {
                    snapStale = true;
                    drawWanted = true;
                }
                if (first == null && !drawWanted) {
                    // the once-a-second tick: elapsed times moved
                    snapStale = true;
                    now = true;
                }
                if (exit != null && exit != Exit.QUIT) {
                    break;
                }
                if (now || (drawWanted && millisSinceDraw() >= FRAME_MS)) {
                    refreshSnapshotIfStale();
                    pollTail();
                    afterSnapshot();
                    draw();
                    for (CountDownLatch l : synced) {
                        l.countDown();
                    }
                    synced.clear();
                }
            }
        } catch (InterruptedException e) {
            exit = Exit.CLOSED;
            Thread.currentThread().interrupt();
        } finally {
            ended = true;
            for (CountDownLatch l : synced) {
                l.countDown();
            }
            try {
                subscription.close();
            } catch (Exception e) {
                // unsubscribing cannot fail in a way that matters on the way out
            }
            if (terminal != null) {
                terminal.removeResizeListener(resize);
            }
            if (tail != null) {
                tail.close();
            }
        }
    }

    private void wake() {
        if (!enginePending.getAndSet(true)) {
            queue.offer(Signal.ENGINE);
        }
    }

    private void startKeyReader() {
        Thread reader = new Thread(() -> {
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
        }, "dashboard-keys");
        reader.setDaemon(true);
        reader.start();
    }

    private long millisSinceDraw() {
        return (System.nanoTime() - lastDrawNanos) / 1_000_000;
    }

    /** How long the GUI thread may sleep when nothing is waiting to be drawn: -1 for "until something happens". */
    private long tickWait() {
        boolean ticking = snap == null || !snap.finished() || stopping;
        if (!ticking) {
            return -1;
        }
        long ms = clock.millis();
        return 1000 - (ms % 1000) + 5;
    }

    private void refreshSnapshotIfStale() {
        if (snapStale || snap == null) {
            snap = engine.snapshot();
            snapStale = false;
        }
    }

    private void afterSnapshot() {
        if (notice.stale(snap)) {
            message = null;
        }
        if (stopping && snap.finished()) {
            exit = Exit.INTERRUPTED;
        } else if (options.exitWhenDone() && snap.finished()) {
            exit = Exit.FINISHED;
        }
        if (tail != null) {
            SessionView v = find(tail.taskId);
            if (v != null && v.attempt() != tail.attempt) {
                openTail(v);
            }
        }
    }

    private void pollTail() {
        if (tail == null) {
            return;
        }
        if (tail.poll()) {
            queue.offer(Signal.MORE_TAIL);
        }
    }

    // ---------------------------------------------------------------- keys

    private static boolean isChar(KeyStroke k, char c) {
        return k.getKeyType() == KeyType.Character && k.getCharacter() != null && k.getCharacter() == c
                && !k.isCtrlDown() && !k.isAltDown();
    }

    private static boolean isCtrlC(KeyStroke k) {
        return k.getKeyType() == KeyType.Character && k.isCtrlDown() && k.getCharacter() != null
                && Character.toLowerCase(k.getCharacter()) == 'c';
    }

    void handleKey(KeyStroke k) {
        if (k.getKeyType() == KeyType.EOF) {
            exit = Exit.INPUT_CLOSED;
            return;
        }
        message = null;
        notice.reset();
        if (confirm != null) {
            Confirm c = confirm;
            confirm = null;
            if (isChar(k, 'y') || isChar(k, 'Y')) {
                c.yes().run();
            } else {
                message = "cancelled";
            }
            return;
        }
        if (isCtrlC(k)) {
            help = false;
            filterEdit = null;
            requestQuit();
            return;
        }
        if (help) {
            help = false;
            return;
        }
        if (filterEdit != null) {
            filterKey(k);
            return;
        }
        if (stopping) {
            if (isChar(k, 'K')) {
                List<String> running = ids(SessionState.RUNNING);
                if (!running.isEmpty()) {
                    confirm = new Confirm("kill " + plural(running.size(), "session") + " now (SIGKILL)? y/n",
                            () -> running.forEach(engine::kill));
                }
            } else if (isChar(k, 'q')) {
                message = "still stopping; K kills what is left";
            }
            return;
        }
        if (tail != null) {
            tailKey(k);
            return;
        }
        tableKey(k);
    }

    private void tableKey(KeyStroke k) {
        List<SessionView> rows = visibleRows();
        int idx = selectedIndex(rows);
        KeyType t = k.getKeyType();
        if (t == KeyType.ArrowUp || isChar(k, 'k')) {
            select(rows, idx - 1);
        } else if (t == KeyType.ArrowDown || isChar(k, 'j')) {
            select(rows, idx + 1);
        } else if (t == KeyType.PageUp) {
            select(rows, idx - Math.max(1, pageRows - 1));
        } else if (t == KeyType.PageDown) {
            select(rows, idx + Math.max(1, pageRows - 1));
        } else if (t == KeyType.Home || isChar(k, 'g')) {
            select(rows, 0);
        } else if (t == KeyType.End || isChar(k, 'G')) {
            select(rows, rows.size() - 1);
        } else if (t == KeyType.Enter || isChar(k, 't')) {
            SessionView v = selected(rows);
            if (v != null) {
                openTail(v);
            }
        } else if (isChar(k, 's')) {
            askStop(selected(rows));
        } else if (isChar(k, 'K')) {
            askKill(selected(rows));
        } else if (isChar(k, 'S')) {
            askStopAll();
        } else if (isChar(k, 'r')) {
            askRetry(selected(rows));
        } else if (isChar(k, '/')) {
            filterEdit = new StringBuilder(filter);
        } else if (isChar(k, '?')) {
            help = true;
        } else if (isChar(k, 'q')) {
            requestQuit();
        } else if (t == KeyType.Escape && !filter.isEmpty()) {
            filter = "";
        }
    }

    private void tailKey(KeyStroke k) {
        KeyType t = k.getKeyType();
        if (t == KeyType.Escape || isChar(k, 'q') || t == KeyType.ArrowLeft) {
            closeTail();
        } else if (isChar(k, 'R')) {
            tail.toggleRaw();
        } else if (isChar(k, 'f')) {
            tail.toggleFollow();
        } else if (t == KeyType.ArrowUp || isChar(k, 'k')) {
            tail.scroll(-1);
        } else if (t == KeyType.ArrowDown || isChar(k, 'j')) {
            tail.scroll(1);
        } else if (t == KeyType.PageUp) {
            tail.page(-1);
        } else if (t == KeyType.PageDown) {
            tail.page(1);
        } else if (t == KeyType.Home || isChar(k, 'g')) {
            tail.home();
        } else if (t == KeyType.End || isChar(k, 'G')) {
            tail.end();
        } else if (isChar(k, 's')) {
            askStop(find(tail.taskId));
        } else if (isChar(k, 'K')) {
            askKill(find(tail.taskId));
        } else if (isChar(k, 'r')) {
            askRetry(find(tail.taskId));
        } else if (isChar(k, '?')) {
            help = true;
        }
    }

    private void filterKey(KeyStroke k) {
        KeyType t = k.getKeyType();
        if (t == KeyType.Enter) {
            filter = filterEdit.toString().strip();
            filterEdit = null;
        } else if (t == KeyType.Escape) {
            filter = "";
            filterEdit = null;
        } else if (t == KeyType.Backspace) {
            if (filterEdit.length() > 0) {
                filterEdit.setLength(filterEdit.length() - 1);
            }
            filter = filterEdit.toString().strip();
        } else if (t == KeyType.Character && !k.isCtrlDown() && !k.isAltDown() && filterEdit.length() < 64) {
            filterEdit.append(k.getCharacter());
            filter = filterEdit.toString().strip();
        }
    }

    private void askStop(SessionView v) {
        if (v == null) {
            return;
        }
        if (v.state().isFinal()) {
            message = SessionTable.idText(v) + " has already ended (" + v.state().label() + ")";
            return;
        }
        String id = v.taskId();
        confirm = new Confirm("stop " + SessionTable.idText(v) + "? y/n", () -> {
            engine.stop(id);
            message = "stopping " + Text.sanitizeCell(id) + "…";
            notice.untilEnded(List.of(id));
        });
    }

    private void askKill(SessionView v) {
        if (v == null) {
            return;
        }
        if (v.state() != SessionState.RUNNING) {
            message = SessionTable.idText(v) + " is not running";
            return;
        }
        String id = v.taskId();
        confirm = new Confirm("kill " + SessionTable.idText(v) + " now (SIGKILL, no grace)? y/n", () -> {
            engine.kill(id);
            message = "killed " + Text.sanitizeCell(id);
        });
    }

    private void askStopAll() {
        int running = (int) snap.count(SessionState.RUNNING);
        int queued = (int) snap.count(SessionState.QUEUED);
        if (running + queued == 0) {
            message = "nothing is running";
            return;
        }
        String what = running > 0 ? plural(running, "running session") : plural(queued, "queued session");
        if (running > 0 && queued > 0) {
            what += " and " + queued + " queued";
        }
        confirm = new Confirm("stop all: " + what + "? y/n", () -> {
            List<String> going = ids(SessionState.RUNNING);
            going.addAll(ids(SessionState.QUEUED));
            engine.stopAll();
            message = "stopping all sessions…";
            notice.untilEnded(going);
        });
    }

    private void askRetry(SessionView v) {
        if (v == null) {
            return;
        }
        if (!v.state().isFinal()) {
            message = SessionTable.idText(v) + " is still " + v.state().label() + "; only ended sessions can be retried";
            return;
        }
        if (!engine.canRetry()) {
            message = "no orchestrator runs this batch any more: " + Hints.resumeFailed(Text.sanitizeCell(snap.runId()));
            return;
        }
        String id = v.taskId();
        confirm = new Confirm("retry " + Text.sanitizeCell(id) + " as attempt #" + (v.attempt() + 1) + "? y/n", () -> {
            engine.retry(id);
            message = "retrying " + Text.sanitizeCell(id);
        });
    }

    private void requestQuit() {
        int running = (int) snap.count(SessionState.RUNNING);
        int queued = (int) snap.count(SessionState.QUEUED);
        if (!engine.ownsProcesses() || running + queued == 0) {
            exit = Exit.QUIT;
            return;
        }
        String q = running > 0 ? "stop " + plural(running, "running session") + " and quit? y/n"
                : "cancel " + plural(queued, "queued session") + " and quit? y/n";
        confirm = new Confirm(q, () -> {
            // Quitting before the batch is done abandons it, as Ctrl-C does headless: an interruption.
            engine.interrupt("INT");
            stopping = true;
            closeTail();
        });
    }

    private void openTail(SessionView v) {
        if (tail != null) {
            tail.close();
        }
        tail = new TailView(v.taskId(), v.attempt(), tails.open(v));
        selectedId = v.taskId();
        pollTail();
    }

    private void closeTail() {
        if (tail != null) {
            tail.close();
            tail = null;
        }
    }

    // ---------------------------------------------------------------- rows and selection

    private List<SessionView> visibleRows() {
        if (filter.isEmpty()) {
            return snap.sessions();
        }
        String f = filter.toLowerCase(Locale.ROOT);
        List<SessionView> out = new ArrayList<>();
        for (SessionView s : snap.sessions()) {
            if (s.taskId().toLowerCase(Locale.ROOT).contains(f) || Status.of(s).label().contains(f)) {
                out.add(s);
            }
        }
        return out;
    }

    private int selectedIndex(List<SessionView> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).taskId().equals(selectedId)) {
                return i;
            }
        }
        return rows.isEmpty() ? -1 : 0;
    }

    private SessionView selected(List<SessionView> rows) {
        int i = selectedIndex(rows);
        return i < 0 ? null : rows.get(i);
    }

    private void select(List<SessionView> rows, int index) {
        if (rows.isEmpty()) {
            return;
        }
        selectedId = rows.get(Math.max(0, Math.min(rows.size() - 1, index))).taskId();
    }

    private SessionView find(String taskId) {
        for (SessionView s : snap.sessions()) {
            if (s.taskId().equals(taskId)) {
                return s;
            }
        }
        return null;
    }

    private List<String> ids(SessionState state) {
        List<String> out = new ArrayList<>();
        for (SessionView s : snap.sessions()) {
            if (s.state() == state) {
                out.add(s.taskId());
            }
        }
        return out;
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    // ---------------------------------------------------------------- drawing

    private void draw() throws IOException {
        TerminalSize size = screen.doResizeIfNecessary();
        if (size == null) {
            size = screen.getTerminalSize();
        }
        screen.clear();
        Canvas c = new Canvas(screen, size.getColumns(), size.getRows());
        TerminalPosition cursor = null;
        if (c.cols < MIN_COLS || c.rows < MIN_ROWS) {
            drawTooSmall(c);
        } else if (tail != null) {
            drawTail(c);
        } else {
            cursor = drawTable(c);
        }
        if (help && c.cols >= MIN_COLS && c.rows >= MIN_ROWS) {
            drawHelp(c);
        }
        screen.setCursorPosition(cursor);
        // After a resize the terminal has reflowed or scrolled what it showed: repaint it all.
        screen.refresh(size.equals(lastSize) ? Screen.RefreshType.DELTA : Screen.RefreshType.COMPLETE);
        lastSize = size;
        lastDrawNanos = System.nanoTime();
        drawWanted = false;
        frames++;
    }

    private void drawTooSmall(Canvas c) {
        String[] lines = {
            "terminal too small",
            c.cols + "x" + c.rows + ", needs " + MIN_COLS + "x" + MIN_ROWS,
            "q quits",
        };
        int y0 = Math.max(0, (c.rows - lines.length) / 2);
        for (int i = 0; i < lines.length && y0 + i < c.rows; i++) {
            String l = Text.fit(lines[i], c.cols);
            c.put(Math.max(0, (c.cols - Text.width(l)) / 2), y0 + i, l, i == 0 ? Theme.BANNER_WARN : Theme.TEXT);
        }
        if (confirm != null) {
            c.fillRow(c.rows - 1, Theme.PROMPT);
            c.put(0, c.rows - 1, Text.fit(confirm.question(), c.cols), Theme.PROMPT);
        }
    }

    private Instant now() {
        return clock.instant();
    }

    private void drawHeader(Canvas c, int row, String screenName) {
        c.fillRow(row, Theme.HEADER);
        String title = Text.sanitizeCell(options.title() == null ? "claude-multi" : options.title());
        int right = c.cols;
        if (snap.simulated()) {
            String sim = " SIMULATED ";
            right -= Text.width(sim);
            c.put(right, row, sim, Theme.SIMULATED);
            right -= 1;
        }
        int x = c.put(0, row, " " + title + (screenName == null ? "" : " · " + screenName), Theme.HEADER_TITLE, right);
        Instant end = snap.endedAt() != null ? snap.endedAt() : now();
        Duration wall = snap.startedAt() == null ? Duration.ZERO : Duration.between(snap.startedAt(), end);
        // Wall time matters most when space is short, then the run id; the rest as it fits.
        String wallPart = "wall " + Durations.human(wall);
        String runPart = "run " + Text.sanitizeCell(snap.runId());
        int room = right - x - 2 - Text.width(wallPart) - 2;
        StringBuilder b = new StringBuilder();
        if (room >= 8) {
            b.append("  ").append(Text.fit(runPart, room));
        }
        b.append("  ").append(wallPart);
        int used = x + Text.width(b.toString());
        List<String> parts = new ArrayList<>();
        parts.add("parallel " + snap.parallel());
        if (snap.model() != null) {
            parts.add("model " + Text.sanitizeCell(snap.model()));
        }
        for (String p : parts) {
            if (used + 2 + Text.width(p) > right) {
                break;
            }
            b.append("  ").append(p);
            used += 2 + Text.width(p);
        }
        String dir = snap.projectDir() == null ? null : home(snap.projectDir().toString());
        if (dir != null && right - used - 2 >= 12) {
            b.append("  ").append(Text.fitLeft(Text.sanitizeCell(dir), right - used - 2));
        }
        c.put(x, row, b.toString(), Theme.HEADER, right - x);
    }

    private static String home(String path) {
        String home = System.getProperty("user.home");
        if (home != null && home.length() > 1 && (path.equals(home) || path.startsWith(home + "/"))) {
            return "~" + path.substring(home.length());
        }
        return path;
    }

    /** Returns the cursor position (filter input) or null. */
    private TerminalPosition drawTable(Canvas c) {
        drawHeader(c, 0, null);
        List<SessionView> rows = visibleRows();
        List<SessionTable.Placed> cols = SessionTable.layout(c.cols, rows);
        SessionTable.drawHeader(c, 1, cols);

        String banner = null;
        Style bannerStyle = Theme.MESSAGE;
        if (stopping) {
            banner = " stopping… " + snap.count(SessionState.RUNNING) + " still running; waiting for them to end  (K kill now)";
            bannerStyle = Theme.BANNER_WARN;
        } else if (message != null) {
            banner = " " + message;
        } else if (snap.finished() && !snap.sessions().isEmpty()) {
            banner = RunFooter.finishedBanner(snap);
            bannerStyle = RunFooter.finishedStyle(snap);
        } else if (!filter.isEmpty() && filterEdit == null) {
            banner = " filter: " + Text.sanitizeCell(filter) + "  (" + rows.size() + " of " + snap.sessions().size()
                    + ")   / edit  Esc clear";
        }
        int footerRows = 2;
        int tableTop = 2;
        int tableBottom = c.rows - footerRows - (banner != null ? 1 : 0); // exclusive
        pageRows = Math.max(1, tableBottom - tableTop);

        int sel = selectedIndex(rows);
        if (sel >= 0) {
            selectedId = rows.get(sel).taskId();
        }
        if (sel < scrollTop) {
            scrollTop = Math.max(0, sel);
        } else if (sel >= scrollTop + pageRows) {
            scrollTop = sel - pageRows + 1;
        }
        scrollTop = Math.max(0, Math.min(scrollTop, Math.max(0, rows.size() - pageRows)));
        Instant now = now();
        for (int i = 0; i < pageRows && scrollTop + i < rows.size(); i++) {
            SessionView s = rows.get(scrollTop + i);
            SessionTable.drawRow(c, tableTop + i, cols, s, now, scrollTop + i == sel, snap.simulated());
        }
        if (rows.isEmpty()) {
            c.put(2, tableTop, filter.isEmpty() ? "no sessions" : "no session matches \"" + Text.sanitizeCell(filter) + "\"",
                    Theme.DIM);
        } else if (rows.size() > pageRows) {
            String more = " " + (scrollTop + 1) + "-" + Math.min(rows.size(), scrollTop + pageRows) + " of " + rows.size() + " ";
            c.put(c.cols - Text.width(more), 1, more, Theme.DIM);
        }
        if (banner != null) {
            c.fillRow(tableBottom, bannerStyle == Theme.MESSAGE ? Theme.TEXT : bannerStyle);
            c.put(0, tableBottom, Text.fit(banner, c.cols), bannerStyle);
        }
        RunFooter.drawTotals(c, c.rows - 2, snap);
        int keysRow = c.rows - 1;
        if (confirm != null) {
            drawPrompt(c, keysRow);
            return null;
        }
        if (filterEdit != null) {
            String label = " / filter (id or status): ";
            int x = c.put(0, keysRow, label, Theme.KEY);
            String text = Text.sanitizeCell(filterEdit.toString());
            String hint = "   Enter apply  Esc clear";
            int room = c.cols - x - 1;
            String shown = Text.width(text) > room ? Text.fitLeft(text, room) : text;
            int end = c.put(x, keysRow, shown, Theme.BOLD);
            c.put(end + 1, keysRow, hint, Theme.DIM);
            return new TerminalPosition(Math.min(end, c.cols - 1), keysRow);
        }
        drawKeys(c, keysRow, stopping
                ? new String[][] {{"K", "kill now"}}
                : new String[][] {
                    {"↑↓", "select"}, {"Enter", "tail"}, {"s", "stop"}, {"K", "kill"}, {"S", "stop all"},
                    {"r", "retry"}, {"/", "filter"}, {"?", "help"}, {"q", "quit"}});
        return null;
    }

    private void drawPrompt(Canvas c, int row) {
        c.fillRow(row, Theme.PROMPT);
        c.put(0, row, Text.fit(" " + confirm.question(), c.cols), Theme.PROMPT);
    }

    /** Key hints that fit, in order; the ones that do not fit are left out whole. */
    /**
     * The key hints that fit, in order. The last two (help and quit, or back) always show: when the
     * row is too narrow, hints are dropped from before them, so the way out is never hidden.
     */
    private void drawKeys(Canvas c, int row, String[][] keys) {
        int keep = Math.min(2, keys.length);
        int tailWidth = 0;
        for (int i = keys.length - keep; i < keys.length; i++) {
            tailWidth += hintWidth(keys[i]);
        }
        int x = 1;
        for (int i = 0; i < keys.length - keep; i++) {
            if (x + hintWidth(keys[i]) + tailWidth > c.cols) {
                break;
            }
            x = drawHint(c, row, x, keys[i]);
        }
        for (int i = keys.length - keep; i < keys.length; i++) {
            if (x + hintWidth(keys[i]) > c.cols) {
                break;
            }
            x = drawHint(c, row, x, keys[i]);
        }
    }

    private static int hintWidth(String[] k) {
        return Text.width(k[0]) + 1 + Text.width(k[1]) + 2;
    }

    private static int drawHint(Canvas c, int row, int x, String[] k) {
        x = c.put(x, row, k[0], Theme.KEY);
        return c.put(x + 1, row, k[1], Theme.KEY_TEXT) + 2;
    }

    private void drawTail(Canvas c) {
        drawHeader(c, 0, "tail");
        SessionView v = find(tail.taskId);
        int infoRow = 1;
        c.fillRow(infoRow, Theme.FOOTER);
        int x = 1;
        if (v != null) {
            x = c.put(x, infoRow, Theme.icon(v) + " ", Theme.FOOTER_BOLD);
            x = c.put(x, infoRow, SessionTable.idText(v), Theme.FOOTER_BOLD);
            String facts = "  " + SessionTable.statusText(v)
                    + (v.startedAt() == null ? "" : "  " + Durations.human(v.elapsed(now())))
                    + "  " + Sizes.human(v.outputBytes())
                    + (v.costUsd() == null ? "" : "  " + Costs.usdShort(v.costUsd(), snap.simulated()))
                    + (v.turns() > 0 ? "  " + plural(v.turns(), "turn") : "");
            String mode = (tail.rawMode() ? "RAW" : "readable") + " · " + (tail.following() ? "following" : "paused")
                    + " ";
            int modeX = c.cols - Text.width(mode);
            c.put(x, infoRow, Text.fit(facts, Math.max(0, modeX - x - 1)), Theme.FOOTER);
            c.put(modeX, infoRow, mode, Theme.FOOTER_BOLD);
        }
        int top = 2;
        int bottom = c.rows - 1;
        String banner = stopping ? " stopping… waiting for sessions to end  (K kill now)" : message != null ? " " + message : null;
        if (banner != null) {
            bottom--;
            c.put(0, bottom, Text.fit(banner, c.cols), stopping ? Theme.BANNER_WARN : Theme.MESSAGE);
        }
        tail.draw(c, top, bottom - top);
        int keysRow = c.rows - 1;
        if (confirm != null) {
            drawPrompt(c, keysRow);
            return;
        }
        drawKeys(c, keysRow, new String[][] {
            {"Esc", "back"}, {"R", tail.rawMode() ? "readable" : "raw"}, {"f", tail.following() ? "pause" : "follow"},
            {"↑↓ PgUp PgDn", "scroll"}, {"s", "stop"}, {"K", "kill"}, {"r", "retry"}, {"?", "help"}});
    }

    private static final String[][] HELP = {
        {"↑ ↓  j k", "select a session"},
        {"PgUp PgDn Home End", "move by page, to first, to last"},
        {"Enter  t", "tail the session's output"},
        {"s", "stop the session (SIGTERM, then SIGKILL)"},
        {"K", "kill the session now (SIGKILL)"},
        {"S", "stop all sessions"},
        {"r", "retry an ended session"},
        {"/", "filter by id or status; Esc clears"},
        {"q  Ctrl-C", "quit (asks to stop what runs)"},
        {"", ""},
        {"in the tail view", ""},
        {"R  f", "raw JSON / readable, follow on/off"},
        {"Esc", "back to the table"},
        {"", ""},
        {"s K S r q ask y/n first", "any other key says no"},
    };

    private void drawHelp(Canvas c) {
        int keyW = 0;
        int textW = 0;
        for (String[] h : HELP) {
            keyW = Math.max(keyW, Text.width(h[0]));
            textW = Math.max(textW, Text.width(h[1]));
        }
        int w = Math.min(c.cols - 2, keyW + textW + 6);
        int h = Math.min(c.rows - 2, HELP.length + 4);
        int x0 = (c.cols - w) / 2;
        int y0 = (c.rows - h) / 2;
        for (int y = y0; y < y0 + h; y++) {
            c.fill(x0, y, w, Theme.BOX);
        }
        c.put(x0 + 2, y0 + 1, "keys", Theme.BOX_KEY, w - 4);
        for (int i = 0; i < HELP.length && y0 + 2 + i < y0 + h - 1; i++) {
            int y = y0 + 2 + i;
            c.put(x0 + 2, y, HELP[i][0], Theme.BOX_KEY, keyW);
            c.put(x0 + 4 + keyW, y, HELP[i][1], Theme.BOX, w - keyW - 6);
        }
        String close = "any key closes";
        c.put(x0 + w - 2 - Text.width(close), y0 + h - 1, close, Theme.BOX, w - 4);
    }

    // ---------------------------------------------------------------- terminal

    /** Opens a real terminal (DefaultTerminalFactory), runs the dashboard, and restores the terminal on every way out. Returns normally after restore. */
    public static void runOnTerminal(Engine engine, DashboardOptions options, TailSourceFactory tails) throws IOException {
        runOnTerminal(engine, options, tails, null, null);
    }

    /**
     * As {@link #runOnTerminal(Engine, DashboardOptions, TailSourceFactory)}, and tells why it
     * returned. A crash of the dashboard goes to {@code crashLog} (default: appended to
     * {@code <stateDir>/orchestrator.log}) and one line on standard error, after the terminal is
     * restored. {@code onStart} receives the dashboard (e.g. so a signal handler can call
     * {@link #close}) before it runs.
     */
    public static Exit runOnTerminal(Engine engine, DashboardOptions options, TailSourceFactory tails,
            Consumer<Throwable> crashLog, Consumer<Dashboard> onStart) throws IOException {
        DefaultTerminalFactory factory = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                .setForceTextTerminal(true)
                // Ctrl-C must arrive as a key, so it can ask before stopping sessions.
                .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP);
        Terminal terminal = factory.createTerminal();
        TerminalScreen screen = new TerminalScreen(terminal);
        AtomicBoolean restored = new AtomicBoolean();
        Runnable restore = () -> {
            if (restored.compareAndSet(false, true)) {
                try {
                    screen.stopScreen(false);
                } catch (IOException | RuntimeException e) {
                    // still try to give the terminal back its settings
                }
                try {
                    terminal.close();
                } catch (IOException | RuntimeException e) {
                    // nothing more can be done for it
                }
            }
        };
        Thread hook = new Thread(restore, "dashboard-restore");
        Runtime.getRuntime().addShutdownHook(hook);
        Dashboard dashboard = new Dashboard(engine, screen, options, tails);
        Throwable crash = null;
        try {
            screen.startScreen();
            if (onStart != null) {
                onStart.accept(dashboard);
            }
            dashboard.run();
        } catch (IOException | RuntimeException | Error e) {
            crash = e;
        } finally {
            restore.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down; the hook has run or will find nothing to do
            }
        }
        if (crash == null) {
            return dashboard.exitReason();
        }
        dashboard.exit = Exit.CRASHED;
        Path log = options.stateDir() == null ? null : options.stateDir().resolve("orchestrator.log");
        try {
            (crashLog != null ? crashLog : appendTo(log)).accept(crash);
        } catch (RuntimeException e) {
            crash.addSuppressed(e);
        }
        System.err.println("claude-multi: the dashboard failed: " + crash
                + (crashLog == null && log != null ? " (details in " + log + ")" : "")
                + "; the batch goes on without it");
        return Exit.CRASHED;
    }

    private static Consumer<Throwable> appendTo(Path log) {
        return t -> {
            if (log != null) {
                new OrchestratorLog(log).log("the dashboard failed", t);
            }
        };
    }
}
