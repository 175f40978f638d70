package dev.claudemulti.launch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudemulti.fixtures.Fixture;
import dev.claudemulti.fixtures.ObeysTerm;
import dev.claudemulti.launch.HandleRecord;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.record.JournalEntries;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.record.SessionRecord;
import dev.claudemulti.store.Journal;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local launcher through the seam: what it records, and that a later process can stop a session from that record. */
class LocalLauncherTest extends SessionTestSupport {
    private final LocalLauncher launcher = new LocalLauncher();
    /** The run id under which {@link #marker()} makes markers. */
    private final String runId = run.substring(0, run.length() - 1);

    @Test
    void aRecordedSessionIsFoundAgainAndStoppedFromItsRecordAlone() throws Exception {
        String marker = marker();
        SessionHandle handle =
                launcher.launch(Fixture.spec(Files.createDirectories(dir.resolve("t")), marker, ObeysTerm.class));
        HandleRecord record = handle.record();
        assertThat(record.kind()).isEqualTo("local");
        assertThat(record.attribute("pid")).isEqualTo(Long.toString(handle.pid()));
        assertThat(record.attribute("marker")).isEqualTo(marker);
        assertThat(Instant.parse(record.attribute("pid_start"))).isEqualTo(ProcessTree.startTime(handle.pid()));
        assertThat(launcher.liveByMarker(runId)).containsEntry(marker, 1);

        // As a journal entry and back, the way a resume or an ownerless stop finds it.
        Path journalFile = dir.resolve("journal.jsonl");
        Journal journal = Journal.open(journalFile);
        try {
            JournalEntries.append(
                    journal,
                    List.of(new JournalEntry.SessionChanged(
                            new SessionRecord(
                                    null,
                                    "t",
                                    1,
                                    "running",
                                    null,
                                    handle.pid(),
                                    null,
                                    null,
                                    0,
                                    0,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    marker,
                                    null),
                            null,
                            record,
                            null)));
        } finally {
            journal.close();
        }
        var changed = (JournalEntry.SessionChanged)
                JournalEntries.replay(journalFile).get(0).entry();
        HandleRecord read = changed.handle();
        assertThat(read).isEqualTo(record);

        assertThat(launcher.reattach(read).stop(Duration.ofSeconds(2))).isTrue();
        ProcCount.assertNoneLeft(marker, Duration.ofSeconds(5));
        assertThat(launcher.reattach(read).stop(Duration.ZERO))
                .as("nothing is left to stop")
                .isFalse();
        assertThat(launcher.liveByMarker(runId)).isEmpty();
    }

    @Test
    void aMarkerAloneFindsLeftoversAndOtherKindsAreRefused() {
        assertThat(launcher.recordOfMarker("run/t/1"))
                .isEqualTo(new HandleRecord("local", Map.of("marker", "run/t/1")));
        assertThat(launcher.reattach(launcher.recordOfMarker(run + "none/1")).stop(Duration.ZERO))
                .isFalse();
        assertThatThrownBy(() -> launcher.reattach(new HandleRecord("ssh", Map.of("marker", "m"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOwnerCheckKnowsThisProcessAndNotAnEarlierOneWithItsPid() {
        LocalOwnerLiveness liveness = new LocalOwnerLiveness();
        var self = liveness.self();
        assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(liveness.isAlive(self)).isTrue();
        assertThat(liveness.isAlive(new dev.claudemulti.launch.OwnerLiveness.Owner(
                        self.pid(), self.startedAt().minusSeconds(60))))
                .isFalse();
    }
}
