package dev.claudemulti.cli;

import dev.claudemulti.agent.PermissionDenial;
import dev.claudemulti.display.Costs;
import dev.claudemulti.display.Durations;
import dev.claudemulti.display.LocalZone;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.Engine;
import dev.claudemulti.engine.EngineListener;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.report.BatchText;
import dev.claudemulti.report.Denials;
import dev.claudemulti.report.Status;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Headless mode: one line per state change, for logs and CI, and one when the batch's own state
 * changes (a rate-limit pause, the parallel limit, a halt). Live progress is not printed; it is
 * only a chance to see a pause that a running session reported (a 429 claude retries on its own),
 * which may come before any state change.
 *
 * <p>The batch's state is read from the engine (its batch status, a snapshot only when that
 * changed) on each state change, and on live
 * progress at most every {@link #BATCH_CHECK_MS} ms; not guaranteed: a line for a pause that
 * begins and ends between two events.
 */
final class HeadlessProgress implements EngineListener {
    private static final long BATCH_CHECK_MS = 500;
    private final PrintStream out;
    /** The demo agent's figures are labelled on every line: a reader of a log may never see the header. */
    private final boolean simulated;

    private final Supplier<RunSnapshot> snapshots;
    /** The engine's batch state alone: read on every state change, where a snapshot copies every session. */
    private final Supplier<RunSnapshot.BatchStatus> batchStatus;
    /** The batch state lines were last printed for; guarded by this. */
    private RunSnapshot.BatchStatus lastBatch;

    private long lastBatchCheckNanos;

    /** {@code snapshots} and {@code batchStatus}: the engine's, for the batch's state. */
    HeadlessProgress(
            PrintStream out,
            boolean simulated,
            Supplier<RunSnapshot> snapshots,
            Supplier<RunSnapshot.BatchStatus> batchStatus) {
        this.out = out;
        this.simulated = simulated;
        this.snapshots = snapshots;
        this.batchStatus = batchStatus;
    }

    /** Prints the state changes of {@code engine}'s sessions and batch. */
    HeadlessProgress(PrintStream out, boolean simulated, Engine engine) {
        this(out, simulated, engine::snapshot, engine::batchStatus);
    }

    @Override
    public void sessionChanged(SessionView v, boolean stateChanged) {
        List<String> lines = new ArrayList<>();
        if (stateChanged) {
            String line = describe(v, simulated, Instant.now());
            if (line != null) {
                lines.add(line);
            }
        }
        lines.addAll(batchLines(stateChanged));
        if (!lines.isEmpty()) {
            print(lines);
        }
    }

    private synchronized void print(List<String> lines) {
        String clock = LocalZone.clock(Instant.now());
        for (String line : lines) {
            out.println(clock + " " + line);
        }
        out.flush();
    }

    /** What changed in the batch's state since the last lines; checked on live progress only now and then. */
    private synchronized List<String> batchLines(boolean stateChanged) {
        long nowNanos = System.nanoTime();
        if (!stateChanged && nowNanos - lastBatchCheckNanos < BATCH_CHECK_MS * 1_000_000) {
            return List.of();
        }
        lastBatchCheckNanos = nowNanos;
        if (lastBatch != null && lastBatch.equals(batchStatus.get())) {
            return List.of(); // nearly always: no need for a snapshot
        }
        RunSnapshot snap = snapshots.get();
        RunSnapshot.BatchStatus before =
                lastBatch == null ? RunSnapshot.BatchStatus.steady(snap.parallel()) : lastBatch;
        lastBatch = snap.batch();
        return batchChanges(
                before, snap, Instant.now(), LocalZone.offsetAt(snap.batch().pausedUntil()));
    }

    /**
     * The lines for what changed from {@code before} to {@code now}'s batch state: "paused: rate
     * limited until 14:05", "parallel limit 2/8 (was 4)", "run halted: 3 failures".
     */
    static List<String> batchChanges(RunSnapshot.BatchStatus before, RunSnapshot run, Instant now, ZoneId zone) {
        RunSnapshot.BatchStatus after = run.batch();
        List<String> lines = new ArrayList<>();
        if (after.pausedUntil() != null && !after.pausedUntil().equals(before.pausedUntil())) {
            String paused = BatchText.paused(after, now, zone);
            if (paused != null) {
                lines.add(paused);
            }
        }
        if (after.parallelLimit() != before.parallelLimit()) {
            lines.add("parallel limit " + after.parallelLimit() + "/" + run.parallel() + " (was "
                    + before.parallelLimit() + ")");
        }
        String halted = BatchText.halted(after);
        if (halted != null && !Objects.equals(after.haltReason(), before.haltReason())) {
            lines.add(halted);
        }
        return lines;
    }

    /**
     * The line for a session's new state, or null for none (a first queueing). {@code now}: when
     * a waiting retry is counted from.
     */
    static String describe(SessionView v, boolean simulated, Instant now) {
        String id = v.taskId() + (v.attempt() > 1 ? " (attempt " + v.attempt() + ")" : "");
        Status status = Status.of(v);
        if (v.state() == SessionState.QUEUED && v.retry() != null) {
            return "↻ " + BatchText.retryScheduled(v, now);
        }
        return switch (status) {
            case QUEUED -> v.attempt() > 1 ? "↻ " + id + " queued again" : null;
            case RUNNING ->
                v.checking()
                        ? "▶ " + id + " checking: " + Text.oneLine(v.check().command(), 120)
                        : "▶ " + id + " started (pid " + v.pid() + ")";
            case ATTACHED ->
                v.endedAt() == null
                        ? status.icon(false) + " " + id + " taken over by hand"
                        : status.icon(false) + " " + id + " attached" + (v.reason() == null ? "" : ": " + v.reason())
                                + "  " + figures(v, simulated);
            case COMPLETED -> "✓ " + id + " completed " + figures(v, simulated);
            case COMPLETED_WITH_DENIALS ->
                status.icon(false) + " " + id + " " + status.label() + " " + figures(v, simulated) + "  "
                        + deniedCalls(v);
            default ->
                status.icon(false) + " " + id + " " + status.label() + (v.reason() == null ? "" : ": " + v.reason())
                        + (v.startedAt() == null ? "" : "  " + figures(v, simulated));
        };
    }

    /** "1 permission denial: Write (Write /tmp/x)": the count, the tools, and the first calls refused. */
    private static String deniedCalls(SessionView v) {
        String calls = v.denials().stream()
                .limit(3)
                .map(PermissionDenial::describe)
                .collect(java.util.stream.Collectors.joining("; "));
        return Denials.summary(v.denials()) + " (" + calls + (v.denials().size() > 3 ? "; …" : "") + ")";
    }

    private static String figures(SessionView v, boolean simulated) {
        return Durations.human(v.elapsed(Instant.now())) + " "
                + Costs.usdSpelled(v.costUsd(), simulated, v.costEstimated())
                + " "
                + v.turns()
                + (v.turns() == 1 ? " turn" : " turns")
                + (v.workspace() == null || v.workspace().changes() == null
                        ? ""
                        : "  " + v.workspace().changes().summary());
    }
}
