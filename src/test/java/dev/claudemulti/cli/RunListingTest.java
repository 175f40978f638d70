package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** list's per-run summary: used only while it matches the run's records, and the same listing as a replay. */
class RunListingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    CliHarness cli;
    String runId;
    RunStore store;

    @BeforeEach
    void recordARun() throws Exception {
        cli = new CliHarness(dir);
        runId = cli.batch("[{\"id\":\"ok-1\",\"prompt\":\"hello\"},{\"id\":\"bad-2\",\"prompt\":\"fail please\"}]");
        store = StateDir.existing(cli.state).openRun(runId);
    }

    @Test
    void aBatchWritesItsSummaryWhenItEnds() throws Exception {
        assertThat(store.readListSummary()).isNotNull();
        assertThat(store.readListSummary().path("records").asText()).isEqualTo(store.journalKey());
        String fromSummary = cli.run("list", "--json").out();
        Files.delete(store.listSummaryFile());
        assertThat(cli.run("list", "--json").out()).isEqualTo(fromSummary);
    }

    @Test
    void theFirstListOfAnEndedRunWritesTheSummaryAndLaterListsShowTheSame() throws Exception {
        Files.deleteIfExists(store.listSummaryFile());
        String replayed = cli.run("list").out();
        String replayedJson = cli.run("list", "--json").out();
        assertThat(store.listSummaryFile()).exists();
        assertThat(store.readListSummary().path("records").asText()).isEqualTo(store.journalKey());

        assertThat(cli.run("list").out()).isEqualTo(replayed);
        assertThat(cli.run("list", "--json").out()).isEqualTo(replayedJson);
        RunListing fromSummary = RunListing.fromSummary(store.readListSummary(), runId, store.journalKey());
        assertThat(fromSummary).isEqualTo(RunListing.of(RecordedRun.load(store)));
    }

    @Test
    void aFreshSummaryIsWhatListShows() throws Exception {
        cli.run("list");
        tamper(s -> s.put("counts_text", "from the summary"));
        assertThat(cli.run("list").out()).contains("from the summary");
    }

    @Test
    void aSummaryOfOtherRecordsIsIgnoredAndReplaced() throws Exception {
        String replayed = cli.run("list").out();
        tamper(s -> s.put("counts_text", "stale"));
        // A reopened run appends to its journal: here a copy of its last entry, which changes no state.
        List<String> lines = Files.readAllLines(store.journalFile());
        Files.writeString(store.journalFile(), lines.get(lines.size() - 1) + "\n", StandardOpenOption.APPEND);

        assertThat(cli.run("list").out()).isEqualTo(replayed);
        assertThat(store.readListSummary().path("records").asText()).isEqualTo(store.journalKey());
        assertThat(store.readListSummary().path("counts_text").asText()).isNotEqualTo("stale");
    }

    @Test
    void aForeignOrCorruptSummaryIsIgnored() throws Exception {
        String replayed = cli.run("list").out();
        tamper(s -> s.put("run", "20260101-000000-abcd").put("counts_text", "foreign"));
        assertThat(cli.run("list").out()).isEqualTo(replayed);

        Files.write(store.listSummaryFile(), "{\"format\":1,\"run\":".getBytes(StandardCharsets.UTF_8));
        assertThat(cli.run("list").out()).isEqualTo(replayed);
        tamper(s -> s.put("tasks", "not a list"));
        assertThat(cli.run("list").out()).isEqualTo(replayed);
    }

    private void tamper(java.util.function.Consumer<ObjectNode> change) throws Exception {
        JsonNode read = store.readListSummary();
        ObjectNode summary = read == null
                ? RunListing.of(RecordedRun.load(store)).toSummary(store.journalKey())
                : (ObjectNode) JSON.readTree(Files.readAllBytes(store.listSummaryFile()));
        change.accept(summary);
        Files.write(store.listSummaryFile(), JSON.writeValueAsBytes(summary));
    }
}
