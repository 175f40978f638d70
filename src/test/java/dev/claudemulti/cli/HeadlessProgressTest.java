package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.agent.Tokens;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Issue 11 in the headless lines: a scheduled retry, a skip, an estimate, a pause, the limit and a halt. */
class HeadlessProgressTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static RunSnapshot run(RunSnapshot.BatchStatus batch) {
        return new RunSnapshot("r", Path.of("/p"), "sonnet", 8, false, NOW, null, List.of(), 0, batch);
    }

    @Test
    void aScheduledRetrySaysWhyWhenAndWhichAttempt() {
        SessionView v = SessionView.queued("t3", 2, "sonnet")
                .withRetry(new SessionView.PendingRetry(NOW.plusSeconds(15), 3, "HTTP 529"));
        assertThat(HeadlessProgress.describe(v, false, NOW)).isEqualTo("↻ t3 failed (HTTP 529): retrying in 15s (2/3)");
        assertThat(HeadlessProgress.describe(SessionView.queued("t3", 2, "sonnet"), false, NOW))
                .isEqualTo("↻ t3 (attempt 2) queued again");
    }

    @Test
    void aSkippedSessionSaysWhyLikeAFailure() {
        SessionView v =
                SessionView.queued("t5", 1, "sonnet").withState(SessionState.SKIPPED, "budget: $4.80 of $5.00 spent");
        assertThat(HeadlessProgress.describe(v, false, NOW)).isEqualTo("⊝ t5 skipped: budget: $4.80 of $5.00 spent");
    }

    @Test
    void anEstimatedCostIsMarked() {
        SessionView v = SessionView.started("t1", 1, 42L, NOW, "sonnet")
                .withFigures(3, null, Tokens.ZERO, null, null)
                .withCost(0.4213, true)
                .withState(SessionState.STOPPED, "stopped by user");
        assertThat(HeadlessProgress.describe(v, false, NOW)).contains("~$0.42 3 turns");
        assertThat(HeadlessProgress.describe(v.withCost(0.4213, false), false, NOW))
                .contains("$0.4213 3 turns");
    }

    @Test
    void batchChangesArePrintedOnce() {
        ZoneId utc = ZoneOffset.UTC;
        RunSnapshot.BatchStatus steady = RunSnapshot.BatchStatus.steady(8);
        RunSnapshot.BatchStatus paused =
                new RunSnapshot.BatchStatus(4, NOW.plusSeconds(300), "rate limited", 5.0, null);
        assertThat(HeadlessProgress.batchChanges(steady, run(steady), NOW, utc)).isEmpty();
        assertThat(HeadlessProgress.batchChanges(steady, run(paused), NOW, utc))
                .containsExactly("paused: rate limited until 12:05", "parallel limit 4/8 (was 8)");
        assertThat(HeadlessProgress.batchChanges(paused, run(paused), NOW, utc)).isEmpty();
        RunSnapshot.BatchStatus grown = new RunSnapshot.BatchStatus(5, NOW.plusSeconds(300), "rate limited", 5.0, null);
        assertThat(HeadlessProgress.batchChanges(paused, run(grown), NOW, utc))
                .containsExactly("parallel limit 5/8 (was 4)");
        RunSnapshot.BatchStatus halted = new RunSnapshot.BatchStatus(5, null, null, 5.0, "halted: 2 failures");
        assertThat(HeadlessProgress.batchChanges(grown, run(halted), NOW, utc))
                .containsExactly("run halted: 2 failures");
    }

    @Test
    void theListenerPrintsAPauseFromTheEngineSnapshotOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicReference<RunSnapshot> snap = new AtomicReference<>(run(RunSnapshot.BatchStatus.steady(8)));
        HeadlessProgress p = new HeadlessProgress(
                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                false,
                snap::get,
                () -> snap.get().batch());
        SessionView started = SessionView.started("t1", 1, 42L, NOW, "sonnet");
        p.sessionChanged(started, true);
        snap.set(run(new RunSnapshot.BatchStatus(4, Instant.now().plusSeconds(3600), "rate limited", null, null)));
        p.sessionChanged(started.withState(SessionState.FAILED, "HTTP 429"), true);
        p.sessionChanged(started.withState(SessionState.FAILED, "HTTP 429"), true);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("▶ t1 started (pid 42)");
        assertThat(out.lines().filter(l -> l.contains("paused: rate limited until ")))
                .hasSize(1);
        assertThat(out.lines().filter(l -> l.contains("parallel limit 4/8 (was 8)")))
                .hasSize(1);
    }
}
