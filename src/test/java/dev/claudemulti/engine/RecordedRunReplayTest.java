package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.record.JournalEntries;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.record.LocalHandles;
import dev.claudemulti.record.SessionRecord;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RecordedRun#load} folds the journal less the session entries that the next entry of the
 * same task and attempt makes moot ({@link JournalEntries#replayLatest}): on random journals
 * (retries, late records of earlier attempts, tasks no run_started lists, resumes, interruptions)
 * that fold must give exactly the run the whole journal gives.
 */
class RecordedRunReplayTest {
    private static final String[] STATES = {"queued", "running", "completed", "failed", "timed_out", "stopped"};

    @TempDir
    Path tmp;

    @Test
    void leavingOutSupersededEntriesChangesNothing() throws Exception {
        Random random = new Random(13);
        int dropped = 0;
        for (int round = 0; round < 300; round++) {
            RunStore store = StateDir.open(tmp.resolve("s" + round)).createRun();
            try (Journal journal = Journal.open(store.journalFile())) {
                JournalEntries.append(journal, randomEntries(random, store.runId()));
            }
            List<JournalEntry.Recorded> all = JournalEntries.replay(store.journalFile());
            List<JournalEntry.Recorded> latest = JournalEntries.replayLatest(store.journalFile());
            dropped += all.size() - latest.size();
            assertThat(RecordedRun.fold(store, null, latest, false))
                    .as("round %d", round)
                    .isEqualTo(RecordedRun.fold(store, null, all, false));
        }
        assertThat(dropped).as("entries left out over all rounds").isGreaterThan(1000);
    }

    @Test
    void aThousandSessionRunIsReadFromAboutOneEntryPerSession() throws Exception {
        RunStore store = StateDir.open(tmp.resolve("big")).createRun();
        List<JournalEntry> entries = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add("t" + i);
        }
        entries.add(new JournalEntry.RunStarted(1, "claude", ids));
        for (String state : new String[] {"queued", "running", "completed"}) {
            for (String id : ids) {
                entries.add(session(id, 1, state, 0.01, store.runId()));
            }
        }
        entries.add(new JournalEntry.RunFinished());
        try (Journal journal = Journal.open(store.journalFile())) {
            JournalEntries.append(journal, entries);
        }
        assertThat(JournalEntries.replayLatest(store.journalFile())).hasSize(1002);
        RecordedRun run = RecordedRun.load(store);
        assertThat(run.snapshot().sessions()).hasSize(1000);
        assertThat(run.snapshot().sessions()).allMatch(v -> v.state() == SessionState.COMPLETED);
        assertThat(run.snapshot().sessions().get(999).taskId()).isEqualTo("t999");
    }

    @Test
    void aSessionLineLaidOutOtherwiseMakesTheWholeJournalBeRead() throws Exception {
        RunStore store = StateDir.open(tmp.resolve("old")).createRun();
        try (Journal journal = Journal.open(store.journalFile())) {
            JournalEntries.append(
                    journal,
                    List.of(
                            new JournalEntry.RunStarted(1, "claude", List.of("a")),
                            session("a", 1, "queued", null, store.runId()),
                            session("a", 1, "running", null, store.runId())));
            // As release 0.1.0 wrote a session line: no schema_version after the event.
            ObjectNode old = JsonNodeFactory.instance.objectNode();
            old.put("event", "session").put("task", "a").put("attempt", 1).put("state", "completed");
            journal.append(old);
        }
        assertThat(JournalEntries.replayLatest(store.journalFile()))
                .hasSize(JournalEntries.replay(store.journalFile()).size())
                .hasSize(4);
        assertThat(RecordedRun.load(store).snapshot().session("a").state()).isEqualTo(SessionState.COMPLETED);
    }

    private static List<JournalEntry> randomEntries(Random random, String runId) {
        List<String> ids = List.of("a", "b", "c", "d", "e");
        List<JournalEntry> entries = new ArrayList<>();
        int[] attempts = {1, 1, 1, 1, 1};
        if (random.nextInt(4) > 0) { // sometimes the journal starts without run_started
            entries.add(new JournalEntry.RunStarted(1, "claude", ids.subList(0, 1 + random.nextInt(ids.size()))));
        }
        int n = 5 + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            int r = random.nextInt(20);
            if (r == 0) {
                entries.add(new JournalEntry.RunFinished());
            } else if (r == 1) {
                entries.add(new JournalEntry.Interrupted(random.nextBoolean() ? "SIGINT" : null));
            } else if (r == 2) {
                entries.add(new JournalEntry.RunResumed(2, "claude", ids.subList(random.nextInt(3), ids.size())));
            } else if (r == 3) {
                entries.add(new JournalEntry.RequestTaken("stop", ids.get(random.nextInt(ids.size())), 7L));
            } else {
                int t = random.nextInt(ids.size());
                if (random.nextInt(6) == 0) {
                    attempts[t]++; // a retry
                }
                // Now and then a late record of an earlier attempt.
                int attempt = attempts[t] > 1 && random.nextInt(8) == 0 ? attempts[t] - 1 : attempts[t];
                Double cost = random.nextInt(3) == 0 ? null : random.nextInt(100) / 100.0;
                entries.add(session(ids.get(t), attempt, STATES[random.nextInt(STATES.length)], cost, runId));
            }
        }
        return entries;
    }

    private static JournalEntry.SessionChanged session(
            String task, int attempt, String state, Double cost, String runId) {
        boolean running = state.equals("running");
        String marker = runId + "/" + task + "/" + attempt;
        var record = new SessionRecord(
                null,
                task,
                attempt,
                state,
                state.equals("failed") ? "exit 1" : null,
                running ? 4_000_000L + attempt : null,
                state.equals("queued") ? null : Instant.parse("2026-01-01T00:00:00Z"),
                running || state.equals("queued") ? null : Instant.parse("2026-01-01T00:01:00Z"),
                attempt * 10L,
                attempt,
                cost,
                new SessionRecord.TokenCounts(1, 2, 3, 4),
                null,
                null,
                "sid-" + task,
                null,
                "sonnet",
                List.of(),
                marker,
                null,
                null,
                cost == null ? null : 0.01,
                null);
        var handle =
                running ? LocalHandles.of(4_000_000L + attempt, Instant.parse("2026-01-01T00:00:00Z"), marker) : null;
        return new JournalEntry.SessionChanged(
                record, running ? Instant.parse("2026-01-01T00:00:00Z") : null, handle, null);
    }
}
