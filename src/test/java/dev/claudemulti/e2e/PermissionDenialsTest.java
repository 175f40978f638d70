package dev.claudemulti.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudemulti.testing.ClaudeEnv;
import dev.claudemulti.testing.FakeMessagesApi;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real claude CLI refused a Write ({@code permissionMode: dontAsk}) and ended with success: the
 * session must read "completed with denials" (⚠) everywhere, not as a clean completion, and the
 * batch still exits 0 (it completed; the README says so).
 */
class PermissionDenialsTest {
    static final FakeMessagesApi api = FakeMessagesApi.start();

    @TempDir
    Path tmp;

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @Test
    void aRefusedWriteIsACompletionWithDenialsInEveryOutput() throws Exception {
        Path claude = ClaudeEnv.binary();
        Batch batch = new Batch(ClaudeEnv.offline(api, tmp));
        batch.task("denied", "SCENARIO_WRITE_FILE denied.txt").put("permissionMode", "dontAsk");
        batch.task("allowed", "SCENARIO_WRITE_FILE allowed.txt");
        // acceptEdits, which the README recommends, accepts edits in the project, not outside it.
        batch.task("accept-edits", "SCENARIO_WRITE_FILE " + tmp.resolve("outside.txt"))
                .put("permissionMode", "acceptEdits");

        Batch.Outcome run = batch.run(tmp, claude.toString(), "--json", "-j", "3");
        System.out.println(
                "aRefusedWriteIsACompletionWithDenialsInEveryOutput: " + run.millis() + " ms\n" + run.printed());

        assertThat(run.exitCode()).as(run.printed()).isZero();
        assertThat(tmp.resolve("project/denied.txt"))
                .as("the refused Write wrote nothing")
                .doesNotExist();
        assertThat(tmp.resolve("project/allowed.txt")).exists();

        JsonNode denied = run.task("denied");
        assertThat(denied.path("status").asText()).as(run.printed()).isEqualTo("completed_with_denials");
        assertThat(denied.path("permission_denials")).hasSize(1);
        assertThat(denied.at("/permission_denials/0/tool_name").asText()).isEqualTo("Write");
        assertThat(denied.at("/permission_denials/0/target").asText()).endsWith("denied.txt");
        assertThat(denied.at("/permission_denials/0/tool_use_id").asText()).isNotBlank();
        JsonNode acceptEdits = run.task("accept-edits");
        assertThat(acceptEdits.path("status").asText()).as(run.printed()).isEqualTo("completed_with_denials");
        assertThat(acceptEdits.at("/permission_denials/0/tool_name").asText()).isEqualTo("Write");
        assertThat(tmp.resolve("outside.txt")).doesNotExist();
        JsonNode allowed = run.task("allowed");
        assertThat(allowed.path("status").asText()).isEqualTo("completed");
        assertThat(allowed.path("permission_denials")).isEmpty();
        JsonNode totals = run.json().path("totals");
        assertThat(totals.path("completed").asInt()).isEqualTo(1);
        assertThat(totals.path("completed_with_denials").asInt()).isEqualTo(2);
        assertThat(totals.path("permission_denials").asInt()).isEqualTo(2);
        // The progress line (on stderr with --json) is a warning, not a tick.
        assertThat(run.err())
                .as(run.printed())
                .containsPattern(
                        "⚠ denied completed with denials .* 1 permission denial: Write \\(Write .*denied\\.txt\\)")
                .containsPattern("✓ allowed completed ");

        Path project = tmp.resolve("project");
        String state = tmp.resolve("state").toString();
        Batch.Outcome status = Batch.execute(tmp.resolve("state"), project, "status", "--state-dir", state);
        assertThat(status.out())
                .as(status.printed())
                .containsPattern("⚠ +denied +completed with denials .*1 permission denial: Write")
                .containsPattern("✓ +allowed +completed ")
                .contains("Total: 3 | Completed: 1 | Running: 0 | Queued: 0 | Failed: 0 | Completed with denials: 2");
        Batch.Outcome statusJson =
                Batch.execute(tmp.resolve("state"), project, "status", "--json", "--state-dir", state);
        JsonNode sj = Batch.JSON.readTree(statusJson.out());
        assertThat(sj.at("/tasks/0/status").asText()).isEqualTo("completed_with_denials");
        assertThat(sj.at("/tasks/0/permission_denials/0/tool_name").asText()).isEqualTo("Write");

        Batch.Outcome result = Batch.execute(tmp.resolve("state"), project, "result", "denied", "--state-dir", state);
        assertThat(result.exitCode()).as(result.printed()).isZero();
        assertThat(result.out())
                .as(result.printed())
                .contains("⚠ completed with denials · cost $")
                .contains(" · 1 permission denial: Write  (run ")
                .containsPattern("  ⚠ denied: Write .*denied\\.txt");

        Path md = tmp.resolve("report.md");
        Path xml = tmp.resolve("report.xml");
        assertThat(Batch.execute(tmp.resolve("state"), project, "report", "-o", md.toString(), "--state-dir", state)
                        .exitCode())
                .isZero();
        assertThat(Batch.execute(tmp.resolve("state"), project, "report", "-o", xml.toString(), "--state-dir", state)
                        .exitCode())
                .isZero();
        assertThat(Files.readString(md)).contains("| denied | completed with denials | 1 permission denial: Write |");
        assertThat(Files.readString(xml))
                .contains("completed with denials: 1 permission denial: Write")
                .contains("failures=\"0\"");
    }
}
