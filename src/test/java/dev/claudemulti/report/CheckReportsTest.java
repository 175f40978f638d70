package dev.claudemulti.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.agent.Tokens;
import dev.claudemulti.engine.CheckOutcome;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON, Markdown and JUnit reports and the summary carry each session's check; a run without checks shows none. */
class CheckReportsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final CheckOutcome PASSED = new CheckOutcome("npm test", 0, false, 2, 3);
    private static final CheckOutcome FAILED = new CheckOutcome("npm test", 1, false, 3, 3);

    private static SessionView session(String id, SessionState state, CheckOutcome check) {
        return new SessionView(
                        id,
                        1,
                        state,
                        state == SessionState.FAILED ? "check failed: npm test exit 1" : null,
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
                .withCheck(check);
    }

    private static RunSnapshot run(SessionView... sessions) {
        return new RunSnapshot(
                "r1", java.nio.file.Path.of("/p"), "m", 2, false, T0, T0.plusSeconds(6), List.of(sessions));
    }

    @Test
    void jsonHasTheCheckOfEachCheckedSession() throws Exception {
        JsonNode tasks = new ObjectMapper()
                .readTree(JsonReport.render(run(
                        session("a", SessionState.COMPLETED, PASSED),
                        session("b", SessionState.FAILED, FAILED),
                        session("c", SessionState.COMPLETED, null))))
                .path("tasks");
        assertThat(tasks.get(0).path("check").path("command").asText()).isEqualTo("npm test");
        assertThat(tasks.get(0).path("check").path("exit_code").asInt()).isZero();
        assertThat(tasks.get(0).path("check").path("rounds").asInt()).isEqualTo(2);
        assertThat(tasks.get(1).path("check").path("exit_code").asInt()).isEqualTo(1);
        assertThat(tasks.get(1).path("check").path("max_rounds").asInt()).isEqualTo(3);
        assertThat(tasks.get(2).has("check")).isFalse();
    }

    @Test
    void markdownJUnitAndTheSummaryShowTheCheck() {
        RunSnapshot checked =
                run(session("a", SessionState.COMPLETED, PASSED), session("b", SessionState.FAILED, FAILED));
        assertThat(MarkdownReport.render(checked))
                .contains("| Check |")
                .contains("| check ✓ |")
                .contains("| check ✗ (3/3) |");
        assertThat(MarkdownReport.render(run(session("c", SessionState.COMPLETED, null))))
                .doesNotContain("Check");
        assertThat(JUnitReport.render(checked))
                .contains("<property name=\"check_command\" value=\"npm test\"/>")
                .contains("<property name=\"check_exit_code\" value=\"1\"/>")
                .contains("<property name=\"check_rounds\" value=\"3/3\"/>");
        assertThat(Summary.render(checked, 0)).contains("check ✓").contains("check ✗ (3/3)");
        assertThat(Summary.render(checked, 0, true)).contains("check ok").contains("check failed (3/3)");
    }
}
