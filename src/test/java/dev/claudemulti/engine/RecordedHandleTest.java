package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.launch.HandleRecord;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running session is found again by its recorded handle, whether the journal has one or predates it. */
class RecordedHandleTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @TempDir
    Path tmp;

    private RunStore runWith(ObjectNode... sessionEntries) throws Exception {
        RunStore run = StateDir.open(tmp.resolve("state")).createRun();
        ObjectNode started = JSON.objectNode().put("event", "run_started");
        started.putArray("tasks").add("t");
        Journal journal = run.journal();
        try {
            journal.append(started);
            for (ObjectNode e : sessionEntries) {
                journal.append(e);
            }
        } finally {
            journal.close();
        }
        return run;
    }

    private static ObjectNode running() {
        return JSON.objectNode()
                .put("event", "session")
                .put("task", "t")
                .put("attempt", 1)
                .put("state", "running")
                .put("pid", 4242)
                .put("started_at", "2026-01-01T00:00:00Z");
    }

    @Test
    void anEntryOfTheReleaseBeforeHandlesReadsAsALocalHandle() throws Exception {
        RunStore run = runWith(running().put("pid_start", "2026-01-01T00:00:00Z"));
        RecordedRun.RecordedProcess p = RecordedRun.loadStates(run).running().get("t");
        assertThat(p.handle())
                .isEqualTo(new HandleRecord(
                        "local",
                        Map.of("pid", "4242", "pid_start", "2026-01-01T00:00:00Z", "marker", run.runId() + "/t/1")));
        assertThat(p.marker()).isEqualTo(run.runId() + "/t/1");
        assertThat(p.pid()).isEqualTo(4242L);
    }

    @Test
    void anEntryWithAHandleKeepsItsKindAndAttributes() throws Exception {
        ObjectNode entry = running();
        entry.putObject("handle")
                .put("kind", "ssh")
                .putObject("attributes")
                .put("host", "builder")
                .put("marker", "elsewhere/t/1");
        RecordedRun.RecordedProcess p =
                RecordedRun.loadStates(runWith(entry)).running().get("t");
        assertThat(p.handle()).isEqualTo(new HandleRecord("ssh", Map.of("host", "builder", "marker", "elsewhere/t/1")));
        assertThat(p.marker()).isEqualTo("elsewhere/t/1");
    }

    @Test
    void aSessionThatEndedIsNotRunningAnyMore() throws Exception {
        ObjectNode ended = running().put("state", "completed");
        assertThat(RecordedRun.loadStates(runWith(running(), ended)).running()).isEmpty();
    }
}
