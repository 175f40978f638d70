package dev.claudemulti.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret values planted in the orchestrator's real environment and in the task file's {@code env}
 * reach the agent, and are written nowhere: not under the state directory (journal, run.json,
 * session.json, orchestrator.log, and the agent's own output.jsonl and stderr.log, which are kept
 * verbatim; the fake agent never prints its environment, so nothing needs excluding), not on
 * stdout or stderr, not in the {@code --report} files. Through a failing task and a resume that must restore the task's secrets.
 */
class SecretsNeverWrittenTest {
    private static final Map<String, String> ORCHESTRATOR_ENV = Map.of(
            "ANTHROPIC_API_KEY", "sk-ant-PLANTED-123456",
            "GITHUB_TOKEN", "ghp_PLANTEDgithub0123456789",
            "MY_SECRET", "my-PLANTED-secret-value",
            "AWS_SECRET_ACCESS_KEY", "aws/PLANTED+secretKey42");
    private static final Map<String, String> TASK_ENV = Map.of(
            "TASK_API_TOKEN", "tok-PLANTED-task-987654",
            "DB_PASSWORD", "pw-PLANTED-db-555",
            "STRIPE_KEY", "sk_live_PLANTEDstripe77");

    @TempDir
    Path tmp;

    @Test
    void plantedSecretsReachTheAgentAndAreWrittenNowhere() throws Exception {
        Path agent = Faults.agent(tmp);
        Path state = tmp.resolve("state");
        Path tasks = tmp.resolve("tasks.json");
        StringBuilder env = new StringBuilder();
        TASK_ENV.forEach((k, v) -> env.append(env.length() == 0 ? "" : ", ")
                .append('"')
                .append(k)
                .append("\": \"")
                .append(v)
                .append('"'));
        Files.writeString(
                tasks,
                "{\"defaults\": {\"env\": {" + env + "}}, \"tasks\": ["
                        + "{\"id\": \"ok\", \"prompt\": \"envcheck ok\"},"
                        + "{\"id\": \"bad\", \"prompt\": \"fail bad\", \"env\": {\"OTHER_TOKEN\": \"other-PLANTED-token-1\"}}]}");
        List<String> planted = new ArrayList<>(ORCHESTRATOR_ENV.values());
        planted.addAll(TASK_ENV.values());
        planted.add("other-PLANTED-token-1");

        Process first = Faults.orchestrator(
                tmp,
                ORCHESTRATOR_ENV,
                "run",
                tasks.toString(),
                "--no-tui",
                "--json",
                "--report",
                tmp.resolve("report.md").toString(),
                "--state-dir",
                state.toString(),
                "--claude",
                agent.toString(),
                "-j",
                "2");
        assertThat(Faults.waitFor(first, Duration.ofSeconds(60)))
                .as(Faults.stderr(tmp))
                .isEqualTo(1);
        String agentEnv = Files.readString(tmp.resolve("agent-env"));
        assertThat(agentEnv)
                .as("the agent got every planted value")
                .contains(ORCHESTRATOR_ENV.values())
                .contains(TASK_ENV.values());
        List<String> written = new ArrayList<>(List.of(Faults.stdout(tmp), Faults.stderr(tmp)));

        // Resuming needs the task file's secrets again (run.json never had them): from the environment.
        Map<String, String> resumeEnv = new HashMap<>(ORCHESTRATOR_ENV);
        resumeEnv.putAll(TASK_ENV);
        resumeEnv.put("OTHER_TOKEN", "other-PLANTED-token-1");
        Process resume = Faults.orchestrator(
                tmp,
                resumeEnv,
                "run",
                "--resume-failed",
                "--no-tui",
                "--json",
                "--report",
                tmp.resolve("report.xml").toString(),
                "--state-dir",
                state.toString());
        assertThat(Faults.waitFor(resume, Duration.ofSeconds(60)))
                .as(Faults.stderr(tmp))
                .isEqualTo(1);
        written.add(Faults.stdout(tmp));
        written.add(Faults.stderr(tmp));
        written.add(Files.readString(tmp.resolve("report.md")));
        written.add(Files.readString(tmp.resolve("report.xml")));
        RecordedRun recorded = Faults.recorded(state);
        assertThat(Faults.view(recorded, "bad").attempt()).isEqualTo(2);
        assertThat(Faults.view(recorded, "bad").state()).isEqualTo(SessionState.FAILED);

        Map<String, byte[]> files = Faults.files(state);
        assertThat(files.keySet())
                .contains("orchestrator.log")
                .anyMatch(f -> f.endsWith("journal.jsonl"))
                .anyMatch(f -> f.endsWith("run.json"))
                .anyMatch(f -> f.endsWith("bad/attempt-2/session.json"))
                .anyMatch(f -> f.endsWith("bad/stderr.log"))
                .anyMatch(f -> f.endsWith("ok/output.jsonl"));
        long bytes = 0;
        for (var file : files.entrySet()) {
            String text = new String(file.getValue(), StandardCharsets.ISO_8859_1); // every byte, whatever it is
            bytes += file.getValue().length;
            for (String secret : planted) {
                assertThat(text)
                        .as("%s must not hold a planted secret", file.getKey())
                        .doesNotContain(secret);
            }
            assertThat(text).as(file.getKey()).doesNotContain("PLANTED");
        }
        assertThat(written.get(4)).contains("bad"); // the reports are real ones
        assertThat(written.get(5)).contains("<failure");
        for (String out : written) {
            assertThat(out).as("what the orchestrator printed or reported").doesNotContain("PLANTED");
        }
        System.out.printf(
                "[fault] secrets: %d planted values, %d files (%d bytes) under the state dir, 4 outputs and 2 reports"
                        + " searched, none found%n",
                planted.size(), files.size(), bytes);
    }
}
