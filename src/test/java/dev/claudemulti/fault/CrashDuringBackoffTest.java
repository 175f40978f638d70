package dev.claudemulti.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.record.JournalEntries;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.record.SessionRecord;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a crash ({@code kill -9} of the orchestrator) while a session waits out its backoff,
 * then {@code run --resume}: the retry goes on from where it was. The attempt made before the crash
 * counts against {@code --retries}, the retry continues the recorded conversation ({@code --resume}
 * with the first attempt's session id), and what the first attempt spent still counts against
 * {@code --max-cost}, once.
 *
 * <p>The fake agent fails every attempt with an HTTP 529 result and reports, as claude does after a
 * resume, a cost cumulative over the session: $0.25 for its first run, $0.50 for the second.
 */
class CrashDuringBackoffTest {
    @TempDir
    Path tmp;

    @Test
    void resumeAfterSigkillDuringBackoffKeepsTheAttemptCount() throws Exception {
        String runId = crashDuringBackoff("[{\"id\": \"flaky\", \"prompt\": \"work\"}]", "--retries", "1");

        Faults.CliResult resumed = resume(runId);
        String printed = printed(resumed);
        List<String> launches = Faults.launches(tmp);
        // --retries 1: two attempts in all, the one before the crash included; a count started afresh makes three.
        assertThat(launches).as(printed).hasSize(2);
        String sessionId = flag(launches.get(0), "--session-id");
        assertThat(sessionId)
                .as("the first attempt's session id, chosen before launch")
                .isNotBlank();
        assertThat(flag(launches.get(1), "--resume"))
                .as("the retry after the crash continues the first attempt's conversation")
                .isEqualTo(sessionId);

        assertThat(resumed.exit()).as(printed).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(resumed.out());
        JsonNode task = json.path("tasks").path(0);
        assertThat(task.path("status").asText()).as(printed).isEqualTo("failed");
        assertThat(task.path("attempt").asInt()).as(printed).isEqualTo(2);
        // claude's figure after the resume (0.50) already holds the first run's 0.25: counted once, not 0.75.
        assertThat(json.path("totals").path("cost_usd").asDouble()).as(printed).isCloseTo(0.50, within(1e-6));
    }

    /**
     * $0.60 for the batch, $0.30 a session: $0.25 spent before the crash leaves room for one more
     * attempt ($0.35), whose $0.25 leaves $0.10, too little for a third. A resume that forgot the
     * money spent before the crash would launch a third attempt.
     */
    @Test
    void resumeAfterSigkillDuringBackoffKeepsTheSpentBudget() throws Exception {
        String runId = crashDuringBackoff(
                "[{\"id\": \"flaky\", \"prompt\": \"work\", \"budget\": 0.3}]", "--retries", "5", "--max-cost", "0.6");

        // No --max-cost here: the run's recorded budget holds for the resume too.
        Faults.CliResult resumed = resume(runId);
        String printed = printed(resumed);
        List<String> launches = Faults.launches(tmp);
        assertThat(launches).as(printed).hasSize(2);
        assertThat(flag(launches.get(1), "--resume")).isEqualTo(flag(launches.get(0), "--session-id"));

        assertThat(resumed.exit()).as(printed).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(resumed.out());
        JsonNode task = json.path("tasks").path(0);
        assertThat(task.path("status").asText()).as(printed).isEqualTo("skipped");
        assertThat(task.path("reason").asText()).as(printed).contains("budget: $0.50 of $0.60 spent");
        assertThat(json.path("totals").path("cost_usd").asDouble()).as(printed).isCloseTo(0.50, within(1e-6));
    }

    /**
     * The journal holds attempt 1's failure but not the queued retry after it. The engine appends
     * both in one write, but a SIGKILL can cut a write short (Linux ends a write early for a fatal
     * signal), leaving the first line whole; here the journal is cut there by hand to make that
     * certain. The failure was transient and retries were left, so a resume must still retry it,
     * not keep it as final.
     */
    @Test
    void resumeAfterSigkillBetweenTheFailureAndItsRetryStillRetries() throws Exception {
        String runId = crashDuringBackoff("[{\"id\": \"flaky\", \"prompt\": \"work\"}]", "--retries", "1");
        Path journal = Faults.latestRun(tmp.resolve("state")).journalFile();
        List<String> lines = java.nio.file.Files.readAllLines(journal);
        int failedAt = -1;
        for (int i = 0; i < lines.size() && failedAt < 0; i++) {
            JsonNode line = new ObjectMapper().readTree(lines.get(i));
            if (line.path("event").asText().equals("session")
                    && line.path("attempt").asInt(1) == 1
                    && line.path("state").asText().equals("failed")) {
                failedAt = i;
            }
        }
        assertThat(failedAt)
                .as("attempt 1's failure in the journal:\n" + String.join("\n", lines))
                .isNotNegative();
        java.nio.file.Files.write(journal, lines.subList(0, failedAt + 1));

        Faults.CliResult resumed = resume(runId);
        String printed = printed(resumed);
        List<String> launches = Faults.launches(tmp);
        assertThat(launches).as(printed).hasSize(2);
        assertThat(flag(launches.get(1), "--resume")).isEqualTo(flag(launches.get(0), "--session-id"));
        JsonNode task = new ObjectMapper().readTree(resumed.out()).path("tasks").path(0);
        assertThat(task.path("attempt").asInt()).as(printed).isEqualTo(2);
    }

    /**
     * Runs the batch as a real orchestrator with a backoff of 8 s (long enough for the kill to land
     * inside it, short enough for the resume to wait it out), SIGKILLs it once the journal holds the
     * pending retry, and returns the run's id.
     */
    private String crashDuringBackoff(String tasks, String... options) throws Exception {
        Path agent = Faults.overloadedAgent(tmp, "0.25");
        Path state = tmp.resolve("state");
        List<String> args = new ArrayList<>(List.of(
                "run",
                tasks,
                "--no-tui",
                "--state-dir",
                state.toString(),
                "--claude",
                agent.toString(),
                "--retry-delay",
                "8s",
                "--grace",
                "1s"));
        args.addAll(List.of(options));
        Process orchestrator = Faults.orchestrator(tmp, Map.of(), args.toArray(String[]::new));
        try {
            Faults.await("the first attempt failed and its retry waits", Duration.ofSeconds(30), () -> {
                try {
                    return retryPending(state);
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            orchestrator.destroyForcibly(); // SIGKILL: no handler, no cleanup
        }
        assertThat(orchestrator.waitFor()).isEqualTo(137);
        assertThat(Faults.launches(tmp))
                .as("killed inside the backoff: one launch so far; " + Faults.stdout(tmp) + Faults.stderr(tmp))
                .hasSize(1);
        return Faults.latestRun(state).runId();
    }

    private Faults.CliResult resume(String runId) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--resume",
                runId,
                "--json",
                "--state-dir",
                tmp.resolve("state").toString(),
                "--retry-delay",
                "1s"));
        Faults.CliResult resumed = Faults.cli(tmp, args.toArray(String[]::new));
        System.out.println("resume after a crash during backoff:\n" + printed(resumed));
        ProcCount.assertNoneLeft(runId + "/", Duration.ofSeconds(2));
        return resumed;
    }

    private String printed(Faults.CliResult r) {
        try {
            return "exit " + r.exit() + "\n--- stdout\n" + r.out() + "--- stderr\n" + r.err() + "--- launches\n"
                    + String.join("\n", Faults.launches(tmp));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The journal holds the retry: attempt 2 of the task, queued, waiting out its backoff. */
    private static boolean retryPending(Path state) throws Exception {
        Path journal = Faults.latestRun(state).journalFile();
        for (JournalEntry.Recorded r : JournalEntries.replay(journal)) {
            if (r.entry() instanceof JournalEntry.SessionChanged c) {
                SessionRecord s = c.session();
                if (s.attempt() >= 2 && s.state().equals("queued")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The value after {@code name} in a recorded command line ("" when absent). */
    private static String flag(String commandLine, String name) {
        Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(name) + " (\\S+)").matcher(commandLine);
        return m.find() ? m.group(1) : "";
    }
}
