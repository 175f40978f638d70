package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.agent.SessionProgress;
import dev.claudemulti.agent.Tokens;
import dev.claudemulti.record.LiveFigures;
import dev.claudemulti.record.SessionRecord;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * status of a running session shows the figures its orchestrator recorded (live.json) without parsing its
 * output, and parses the output as before when none are recorded.
 */
class LiveFiguresTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** A result line whose figures (3 turns, $0.5) disagree with every recorded figure below. */
    private static final String RESULT = "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,"
            + "\"result\":\"done\",\"session_id\":\"from-output\",\"total_cost_usd\":0.5,\"num_turns\":3,"
            + "\"duration_ms\":5,\"usage\":{\"input_tokens\":100,\"output_tokens\":200}}\n";

    @TempDir
    Path tmp;

    private RunStore runningRun() throws Exception {
        RunStore run = StateDir.open(tmp.resolve("state")).createRun();
        ObjectNode started = JSON.objectNode().put("event", "run_started");
        started.putArray("tasks").add("t");
        Journal journal = run.journal();
        try {
            journal.append(started);
            journal.append(JSON.objectNode()
                    .put("event", "session")
                    .put("task", "t")
                    .put("attempt", 1)
                    .put("state", "running")
                    .put("started", "2026-01-01T00:00:00Z"));
        } finally {
            journal.close();
        }
        Files.createDirectories(run.session("t", 1).dir());
        return run;
    }

    private static LiveFigures recorded(int attempt) {
        return new LiveFigures(
                "t",
                attempt,
                Instant.now(),
                10,
                7,
                0.25,
                true,
                new SessionRecord.TokenCounts(1, 2, 3, 4),
                "Bash: make",
                "sid-live",
                "claude-test");
    }

    private static SessionView session(RunStore run) {
        return RecordedRun.load(run).snapshot().sessions().get(0);
    }

    @Test
    void theRecordedFiguresAreShownAndTheOutputIsNotParsed() throws Exception {
        RunStore run = runningRun();
        SessionFiles files = run.session("t", 1);
        Files.writeString(files.output(), RESULT);
        recorded(1).writeTo(files);

        SessionView v = session(run);

        assertThat(v.turns()).isEqualTo(7);
        assertThat(v.costUsd()).isEqualTo(0.25);
        assertThat(v.costEstimated()).isTrue();
        assertThat(v.tokens()).isEqualTo(new Tokens(1, 2, 3, 4));
        assertThat(v.activity()).isEqualTo("Bash: make");
        assertThat(v.model()).isEqualTo("claude-test");
        assertThat(v.sessionId()).isEqualTo("sid-live");
        assertThat(v.outputBytes()).isEqualTo(Files.size(files.output())); // its size now, by a stat
    }

    @Test
    void withoutAnOutputFileTheRecordedFiguresStand() throws Exception {
        RunStore run = runningRun();
        recorded(1).writeTo(run.session("t", 1));

        SessionView v = session(run);

        assertThat(v.turns()).isEqualTo(7);
        assertThat(v.outputBytes()).isEqualTo(10);
    }

    @Test
    void withoutRecordedFiguresTheOutputIsParsedAsBefore() throws Exception {
        RunStore run = runningRun();
        Files.writeString(run.session("t", 1).output(), RESULT);

        SessionView v = session(run);

        assertThat(v.turns()).isEqualTo(3);
        assertThat(v.costUsd()).isEqualTo(0.5);
        assertThat(v.costEstimated()).isFalse();
        assertThat(v.outputBytes()).isEqualTo(RESULT.length());
    }

    @Test
    void withoutRecordedFiguresOrOutputTheJournalsFiguresStandAndAnEmptyRecordIsNone() throws Exception {
        RunStore run = runningRun();
        SessionView missing = session(run);
        assertThat(missing.outputBytes()).isZero();
        assertThat(missing.turns()).isZero();
        assertThat(missing.costUsd()).isNull();

        SessionFiles files = run.session("t", 1);
        Files.writeString(files.output(), "");
        Files.writeString(LiveFigures.file(files), "");
        assertThat(LiveFigures.read(files)).isNull();
        assertThat(session(run).outputBytes()).isZero();
        Files.writeString(files.output(), RESULT);
        assertThat(session(run).turns()).isEqualTo(3);
    }

    /** A tail kept between polls (as attach keeps them) reads only what was added, and nothing while none was. */
    @Test
    void aTailReadsWhatGrewSinceItsLastLookAndStandsWhileNothingDid() throws Exception {
        RunStore run = runningRun();
        SessionFiles files = run.session("t", 1);
        OutputTail tail = new OutputTail(files.output(), RecordedRun.load(run).agent());
        SessionView v = session(run);
        assertThat(tail.apply(v).outputBytes()).isZero();
        String init = "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s1\",\"model\":\"m1\"}\n";
        Files.writeString(files.output(), init);
        assertThat(tail.apply(v).outputBytes()).isEqualTo(init.length());
        assertThat(tail.apply(v).model()).isEqualTo("m1");
        Files.writeString(files.output(), RESULT, java.nio.file.StandardOpenOption.APPEND);
        SessionView grown = tail.apply(v);
        assertThat(grown.outputBytes()).isEqualTo(init.length() + RESULT.length());
        assertThat(grown.turns()).isEqualTo(3);
        assertThat(grown.model()).isEqualTo("m1");
        Files.writeString(files.output(), "");
        assertThat(tail.apply(v).outputBytes())
                .as("cut short: what was read stands")
                .isEqualTo(grown.outputBytes());
    }

    @Test
    void figuresRecordedForAnotherAttemptAreNotThisOnes() throws Exception {
        RunStore run = runningRun();
        SessionFiles files = run.session("t", 1);
        Files.writeString(files.output(), RESULT);
        Files.write(LiveFigures.file(files), Files.readAllBytes(write(run, recorded(2))));

        assertThat(session(run).turns()).isEqualTo(3);
    }

    private Path write(RunStore run, LiveFigures figures) throws Exception {
        SessionFiles other = run.session("t", 2);
        Files.createDirectories(other.dir());
        figures.writeTo(other);
        return LiveFigures.file(other);
    }

    @Test
    void theWriterRecordsTheLatestFiguresOfABurst() throws Exception {
        RunStore run = runningRun();
        SessionFiles files = run.session("t", 1);
        SessionInfoWriter writer = new SessionInfoWriter(run, new OrchestratorLog(tmp.resolve("log")));
        try {
            for (int turns = 1; turns <= 50; turns++) {
                LiveFigures f = recorded(1);
                writer.writeLive(
                        files,
                        new LiveFigures(
                                "t",
                                1,
                                f.at(),
                                f.outputBytes(),
                                turns,
                                f.costUsd(),
                                false,
                                f.tokens(),
                                f.activity(),
                                f.sessionId(),
                                f.model()));
            }
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (!hasTurns(files, 50) && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertThat(LiveFigures.read(files).turns()).isEqualTo(50);
        } finally {
            writer.close(5);
        }
    }

    @Test
    void figuresWaitingForTheirIntervalAreDroppedOnceTheAttemptHasEnded() throws Exception {
        RunStore run = runningRun();
        SessionFiles files = run.session("t", 1);
        SessionInfoWriter writer = new SessionInfoWriter(run, new OrchestratorLog(tmp.resolve("log")));
        LiveFigures first = recorded(1);
        writer.writeLive(files, first);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (LiveFigures.read(files) == null && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
        assertThat(LiveFigures.read(files))
                .as("the first figures are written at once")
                .isNotNull();
        // The next figures wait out the interval; the attempt ends before it is over.
        writer.writeLive(files, withTurns(first, 8));
        writer.write(
                files,
                SessionRecords.toRecord(SessionView.queued("t", 1, null).withState(SessionState.COMPLETED, null)));
        // The end is handled whole before closing begins, as in a batch: the writer has one thread,
        // so once a later write is on disk, so is everything done for this one.
        SessionFiles later = run.session("u", 1);
        Files.createDirectories(later.dir());
        writer.write(
                later,
                SessionRecords.toRecord(SessionView.queued("u", 1, null).withState(SessionState.COMPLETED, null)));
        while (!Files.exists(later.sessionInfo()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
        writer.close(5);

        assertThat(LiveFigures.read(files).turns())
                .as("no live figures are written after the attempt's end, nor while closing")
                .isEqualTo(7);
    }

    private static LiveFigures withTurns(LiveFigures f, int turns) {
        return new LiveFigures(
                f.task(),
                f.attempt(),
                f.at(),
                f.outputBytes(),
                turns,
                f.costUsd(),
                f.costEstimated(),
                f.tokens(),
                f.activity(),
                f.sessionId(),
                f.model());
    }

    @Test
    void theOrchestratorRecordsWhatItShowsOfARunningSessionAndWhatCameBeforeItsStartWasOnDisk() throws Exception {
        RunStore run = runningRun();
        SessionFiles files = run.session("t", 1);
        FakeRecorder recorder = new FakeRecorder();
        StateBoard board =
                new StateBoard(recorder, Redactor.none(), Runnable::run, new OrchestratorLog(tmp.resolve("log")));
        Session s = new Session(Task.of("t", "p"), SessionView.queued("t", 1, null));
        s.files = files;
        recorder.hold();
        board.publish(s, SessionView.queued("t", 1, null).withState(SessionState.RUNNING, null));

        board.progress(s, files, new SessionProgress(), 100, 0.1, true);
        assertThat(recorder.live()).as("not before its start is on disk").isEmpty();

        recorder.release();
        assertThat(recorder.live()).singleElement().satisfies(f -> {
            assertThat(f.outputBytes()).isEqualTo(100);
            assertThat(f.costUsd()).isEqualTo(0.1);
            assertThat(f.costEstimated()).isTrue();
        });

        board.progress(s, files, new SessionProgress(), 200, 0.2, false);
        assertThat(recorder.live()).hasSize(2);
        assertThat(recorder.live().get(1).outputBytes()).isEqualTo(200);
        assertThat(recorder.live().get(1).costEstimated()).isFalse();
    }

    private static boolean hasTurns(SessionFiles files, int turns) {
        LiveFigures f = LiveFigures.read(files);
        return f != null && f.turns() == turns;
    }
}
