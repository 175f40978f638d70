package dev.claudemulti.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue item 2, at the engine level: a crash can leave the journal cut at any byte. Whatever the
 * cut, {@link RecordedRun#load} does not throw, and every task shows either its state before the
 * torn entry or (when the entry's bytes are all there, only its newline missing) the state after it.
 */
class TruncatedJournalTest {
    @TempDir
    Path tmp;

    @Test
    void aJournalCutAtEveryByteGivesTheOldOrTheNewStateOfEveryTask() throws Exception {
        Path agent = Faults.agent(tmp);
        Path state = tmp.resolve("state");
        String tasks = "[{\"id\": \"ok1\", \"prompt\": \"fast ok1\"}, {\"id\": \"f1\", \"prompt\": \"fail f1\"},"
                + " {\"id\": \"ok2\", \"prompt\": \"fast ok2\"}]";
        assertThat(Faults.cli(
                                tmp,
                                "run",
                                tasks,
                                "--no-tui",
                                "--state-dir",
                                state.toString(),
                                "--claude",
                                agent.toString(),
                                "-j",
                                "2")
                        .exit())
                .isEqualTo(1);
        // A resume adds a "resumed" event, a second attempt and a second run_finished.
        assertThat(Faults.cli(tmp, "run", "--resume-failed", "--no-tui", "--state-dir", state.toString())
                        .exit())
                .isEqualTo(1);
        RunStore real = Faults.latestRun(state);
        byte[] journal = Files.readAllBytes(real.journalFile());

        // A copy of the run whose journal is rewritten for each cut; its sessions are the real ones.
        Path scratchRoot = tmp.resolve("scratch");
        Path runDir = Files.createDirectories(scratchRoot.resolve("runs").resolve(real.runId()));
        Files.copy(real.runInfoFile(), runDir.resolve("run.json"));
        Files.createSymbolicLink(runDir.resolve("sessions"), real.sessionsDir());
        RunStore copy = StateDir.existing(scratchRoot).openRun(real.runId());

        // ends[i]: offset just past line i's last byte (before its newline).
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < journal.length; i++) {
            if (journal[i] == '\n') {
                ends.add(i);
            }
        }
        assertThat(ends).hasSizeGreaterThan(10);
        assertThat(ends.get(ends.size() - 1)).isEqualTo(journal.length - 1);
        // states[n]: each task's view after the first n whole lines.
        List<Map<String, SessionView>> states = new ArrayList<>();
        states.add(load(copy, journal, 0));
        for (int end : ends) {
            states.add(load(copy, journal, end + 1));
        }
        assertThat(states.get(ends.size())).isEqualTo(views(RecordedRun.load(real)));
        assertThat(states.get(ends.size()).keySet()).containsExactly("ok1", "f1", "ok2");

        int olds = 0;
        int news = 0;
        long t0 = System.nanoTime();
        for (int cut = 0; cut <= journal.length; cut++) {
            int whole = 0; // lines whose newline is inside the cut
            while (whole < ends.size() && ends.get(whole) < cut) {
                whole++;
            }
            Map<String, SessionView> seen = load(copy, journal, cut);
            Map<String, SessionView> old = states.get(whole);
            // Documented: a line whose bytes are all there but whose newline is cut still counts.
            boolean lineComplete = whole < ends.size() && ends.get(whole) == cut;
            Map<String, SessionView> expected = lineComplete ? states.get(whole + 1) : old;
            assertThat(seen)
                    .as("journal cut at byte %d of %d", cut, journal.length)
                    .isEqualTo(expected);
            if (expected == old) {
                olds++;
            } else {
                news++;
            }
        }
        System.out.printf(
                "[fault] journal of %d bytes, %d entries, cut at every byte: %d cuts gave the old state,"
                        + " %d the new one (a whole line without its newline), in %d ms%n",
                journal.length, ends.size(), olds, news, (System.nanoTime() - t0) / 1_000_000);
    }

    private static Map<String, SessionView> load(RunStore copy, byte[] journal, int length) throws Exception {
        Files.write(copy.journalFile(), Arrays.copyOf(journal, length));
        return views(RecordedRun.load(copy));
    }

    private static Map<String, SessionView> views(RecordedRun run) {
        Map<String, SessionView> views = new LinkedHashMap<>();
        run.snapshot().sessions().forEach(v -> views.put(v.taskId(), v));
        return views;
    }
}
