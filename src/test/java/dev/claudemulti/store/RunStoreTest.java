package dev.claudemulti.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
    /** SessionFiles writes its equals and hashCode out (a record's own are linked slowly): they must say what a record's say. */
    @Test
    void sessionFilesAreEqualExactlyWhenEveryFileIs() {
        Path d = Path.of("/s/t1");
        SessionFiles f = new SessionFiles("t1", 1, d, d.resolve("p"), d.resolve("o"), d.resolve("e"), d.resolve("i"));
        assertThat(f)
                .isEqualTo(new SessionFiles("t1", 1, d, d.resolve("p"), d.resolve("o"), d.resolve("e"), d.resolve("i")))
                .hasSameHashCodeAs(
                        new SessionFiles("t1", 1, d, d.resolve("p"), d.resolve("o"), d.resolve("e"), d.resolve("i")));
        assertThat(f)
                .isNotEqualTo(
                        new SessionFiles("t2", 1, d, d.resolve("p"), d.resolve("o"), d.resolve("e"), d.resolve("i")))
                .isNotEqualTo(
                        new SessionFiles("t1", 2, d, d.resolve("p"), d.resolve("o"), d.resolve("e"), d.resolve("i")))
                .isNotEqualTo(new SessionFiles(
                        "t1", 1, d.resolve("x"), d.resolve("p"), d.resolve("o"), d.resolve("e"), d.resolve("i")))
                .isNotEqualTo(
                        new SessionFiles("t1", 1, d, d.resolve("x"), d.resolve("o"), d.resolve("e"), d.resolve("i")))
                .isNotEqualTo(
                        new SessionFiles("t1", 1, d, d.resolve("p"), d.resolve("x"), d.resolve("e"), d.resolve("i")))
                .isNotEqualTo(
                        new SessionFiles("t1", 1, d, d.resolve("p"), d.resolve("o"), d.resolve("x"), d.resolve("i")))
                .isNotEqualTo(
                        new SessionFiles("t1", 1, d, d.resolve("p"), d.resolve("o"), d.resolve("e"), d.resolve("x")))
                .isNotEqualTo(null);
        assertThat(new SessionFiles(null, 1, null, null, null, null, null))
                .isEqualTo(new SessionFiles(null, 1, null, null, null, null, null));
    }

    @TempDir
    Path tmp;

    @Test
    void attemptsLiveInTheirOwnDirectories() throws Exception {
        RunStore run = StateDir.open(tmp).createRun();
        SessionFiles first = run.session("fix-login", 1);
        SessionFiles third = run.session("fix-login", 3);
        Path task = run.dir().resolve("sessions/fix-login");
        assertThat(first.dir()).isEqualTo(task);
        assertThat(first.output()).isEqualTo(task.resolve("output.jsonl"));
        assertThat(first.stderr()).isEqualTo(task.resolve("stderr.log"));
        assertThat(third.sessionInfo()).isEqualTo(task.resolve("attempt-3/session.json"));
        assertThat(task).doesNotExist();
        assertThat(run.sessionAttempts("fix-login")).isEmpty();
        assertThat(run.latestAttempt("fix-login")).isZero();

        run.prepareSession("fix-login", 1, "fix it");
        run.prepareSession("fix-login", 3, "fix it again");
        assertThat(Files.readString(third.prompt())).isEqualTo("fix it again");
        assertThat(run.sessionAttempts("fix-login")).containsExactly(1, 3);
        assertThat(run.latestAttempt("fix-login")).isEqualTo(3);
        assertThat(run.taskIds()).containsExactly("fix-login");

        // Only attempt-N with N as the engine names them counts: not a directory a user made beside them.
        for (String other : new String[] {"attempt-07", "attempt-", "attempt-x", "attempt-1234567890", "attempts-4"}) {
            Files.createDirectories(task.resolve(other));
        }
        assertThat(run.sessionAttempts("fix-login")).containsExactly(1, 3);
        assertThat(RunStore.attemptOfDir("attempt-999999999")).isEqualTo(999_999_999);
        assertThat(RunStore.attemptOfDir("attempt-12")).isEqualTo(12);
        assertThat(RunStore.attemptOfDir("attempt-1a")).isZero();
        assertThat(RunStore.attemptOfDir("attempt-0")).isZero();
    }

    @Test
    void sessionInfoRoundTripsAndIsNullWhenMissing() throws Exception {
        RunStore run = StateDir.open(tmp).createRun();
        SessionFiles files = run.prepareSession("a", 1, "p");
        assertThat(run.readSessionInfo(files)).isNull();
        assertThat(run.readRunInfo()).isNull();
        ObjectNode info =
                new ObjectMapper().createObjectNode().put("session_id", "s-1").put("exit_code", 0);
        run.writeSessionInfo(files, info);
        assertThat(run.readSessionInfo(files)).isEqualTo(info);
        assertThat(Files.readString(files.sessionInfo()))
                .contains("\n  \"session_id\" : \"s-1\"")
                .endsWith("}\n");
    }

    @Test
    void theJournalIsOneInstanceUntilClosed() throws Exception {
        RunStore run = StateDir.open(tmp).createRun();
        Journal journal = run.journal();
        assertThat(run.journal()).isSameAs(journal);
        journal.append(JournalTest.entry("x", "a", 0));
        journal.close();
        Journal reopened = run.journal();
        assertThat(reopened).isNotSameAs(journal);
        assertThat(reopened.lastSeq()).isEqualTo(1);
        reopened.close();
        assertThat(Journal.replay(run.journalFile())).hasSize(1);
    }

    @Test
    void taskIdsThatWouldEscapeTheRunAreRefused() throws Exception {
        RunStore run = StateDir.open(tmp).createRun();
        for (String bad : new String[] {"", ".", "..", "a/b", "a\\b"}) {
            assertThatThrownBy(() -> run.session(bad, 1)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> run.session("a", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
