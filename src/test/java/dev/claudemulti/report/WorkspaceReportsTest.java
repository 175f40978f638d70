package dev.claudemulti.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.agent.Tokens;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.workspace.Changes;
import dev.claudemulti.workspace.SessionWorkspace;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three reports show each isolated session's branch, commit and changes; a run in place shows none. */
class WorkspaceReportsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static SessionView session(String id, SessionWorkspace ws) {
        return new SessionView(
                        id,
                        1,
                        SessionState.COMPLETED,
                        null,
                        1L,
                        T0,
                        T0.plusSeconds(5),
                        10,
                        1,
                        0.01,
                        Tokens.ZERO,
                        null,
                        "done",
                        "s",
                        0,
                        "m")
                .withWorkspace(ws);
    }

    private static RunSnapshot run(SessionView... sessions) {
        return new RunSnapshot(
                "r1", java.nio.file.Path.of("/p"), "m", 2, false, T0, T0.plusSeconds(6), List.of(sessions));
    }

    private static final SessionWorkspace CHANGED = new SessionWorkspace(
            "/repo", "/state/runs/r1/worktrees/a", "claude-multi/r1/a", "b4se", "c0mmit", new Changes(5, 120, 8));
    private static final SessionWorkspace UNCHANGED = new SessionWorkspace(
            "/repo", "/state/runs/r1/worktrees/n", "claude-multi/r1/n", "b4se", null, Changes.NONE);

    @Test
    void jsonHasTheWorkspaceOfEachIsolatedSession() throws Exception {
        JsonNode tasks = new ObjectMapper()
                .readTree(JsonReport.render(run(session("a", CHANGED), session("n", UNCHANGED), session("p", null))))
                .path("tasks");
        assertThat(tasks.get(0).path("workspace").path("branch").asText()).isEqualTo("claude-multi/r1/a");
        assertThat(tasks.get(0).path("workspace").path("commit").asText()).isEqualTo("c0mmit");
        assertThat(tasks.get(0)
                        .path("workspace")
                        .path("changes")
                        .path("insertions")
                        .asInt())
                .isEqualTo(120);
        assertThat(tasks.get(1).path("workspace").path("commit").isNull()).isTrue();
        assertThat(tasks.get(1).path("workspace").path("changes").path("files").asInt(-1))
                .isZero();
        assertThat(tasks.get(2).has("workspace")).isFalse();
    }

    @Test
    void markdownAndJUnitShowBranchAndChanges() {
        String md = MarkdownReport.render(run(session("a", CHANGED), session("n", UNCHANGED)));
        assertThat(md)
                .contains("| Branch | Changes |")
                .contains("claude-multi/r1/a | +120 \u22128 \u00b7 5 files |")
                .contains("claude-multi/r1/n | no changes |");
        String inPlace = MarkdownReport.render(run(session("p", null)));
        assertThat(inPlace).doesNotContain("Branch");
        assertThat(Summary.render(run(session("a", CHANGED)), 0))
                .contains("+120 \u22128 \u00b7 5 files on claude-multi/r1/a");
        assertThat(Summary.render(run(session("a", CHANGED)), 0, true))
                .contains("+120 -8, 5 files on claude-multi/r1/a");
        String xml = JUnitReport.render(run(session("a", CHANGED), session("n", UNCHANGED)));
        assertThat(xml)
                .contains("<property name=\"branch\" value=\"claude-multi/r1/a\"/>")
                .contains("<property name=\"commit\" value=\"c0mmit\"/>")
                .contains("<property name=\"changes\" value=\"no changes\"/>");
    }
}
