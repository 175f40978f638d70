package dev.claudemulti.e2e;

import static dev.claudemulti.testing.FakeMessagesApi.bash;
import static dev.claudemulti.testing.FakeMessagesApi.failure;
import static dev.claudemulti.testing.FakeMessagesApi.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudemulti.record.JournalEntries;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.record.SessionRecord;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.testing.ClaudeEnv;
import dev.claudemulti.testing.FakeMessagesApi;
import dev.claudemulti.testing.FakeMessagesApi.Dynamic;
import dev.claudemulti.testing.FakeMessagesApi.Scenario;
import dev.claudemulti.testing.FakeMessagesApi.Usage;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, retries, with the real claude CLI against {@link FakeMessagesApi}: a transient API
 * error is retried by resuming the same conversation, and its money is counted once; an
 * authentication error is final.
 */
class RetriesEndToEndTest {
    static final String FLAKY = "FLAKY_AFTER_ONE_TOOL";
    /** What the first response costs at claude's sonnet prices (100k input, 1k output): $0.21. */
    static final Usage FIRST_TURN = new Usage(100_000, 1_000, 0, 0);

    @TempDir
    Path tmp;

    /**
     * The first attempt runs a tool (and pays for it), then its next request gets a 529: claude ends
     * with an API error. The retry resumes that session: same session id, {@code --resume} on its
     * command line, the earlier turns in its request, the tool not run again. claude's cost after the
     * resume is cumulative (0.21, then 0.2132): the run's total is the last figure, not the sum.
     */
    @Test
    void overloadedSessionIsResumedOnItsSecondAttemptAndItsCostCountedOnce() throws Exception {
        Path claude = ClaudeEnv.binary();
        AtomicInteger requests = new AtomicInteger();
        try (FakeMessagesApi api = FakeMessagesApi.start()) {
            api.scenario(FLAKY, Scenario.of(new Dynamic(prompt -> switch (requests.incrementAndGet()) {
                case 1 -> bash("echo first-attempt-tool").withUsage(FIRST_TURN);
                case 2 -> failure(529, "overloaded_error");
                default -> text("done");
            })));
            Batch batch = new Batch(ClaudeEnv.offline(api, tmp));
            batch.task("flaky", FLAKY + " do the work");

            Batch.Outcome run;
            Set<String> commandLines;
            try (ProcSampler sampler = ProcSampler.start(tmp.resolve("state"), claude)) {
                run = batch.run(
                        tmp, claude.toString(), "--json", "--model", "sonnet", "--retries", "2", "--retry-delay", "1s");
                commandLines = sampler.commandLines();
            }
            ProcCount.assertNoneLeft(run.runId() + "/", Duration.ZERO);
            System.out.println("overloadedSessionIsResumed: " + run.millis() + " ms, " + requests.get() + " requests\n"
                    + run.printed());

            assertThat(run.exitCode()).as(run.printed()).isZero();
            JsonNode task = run.task("flaky");
            assertThat(task.path("status").asText()).as(run.printed()).isEqualTo("completed");
            assertThat(task.path("attempt").asInt()).as(run.printed()).isEqualTo(2);
            assertThat(requests.get())
                    .as("tool turn, the 529, the resumed turn: nothing redone")
                    .isEqualTo(3);

            RunStore store = StateDir.existing(tmp.resolve("state")).latestRun();
            SessionRecord first = SessionRecord.read(store, store.session("flaky", 1));
            SessionRecord second = SessionRecord.read(store, store.session("flaky", 2));
            assertThat(first.sessionId()).as("attempt 1's session.json").isNotBlank();
            assertThat(second.sessionId()).as("attempt 2's session.json").isEqualTo(first.sessionId());
            String id = first.sessionId();
            assertThat(sessionIdsInJournal(store, "flaky", 1)).containsOnly(id);
            assertThat(sessionIdsInJournal(store, "flaky", 2)).containsOnly(id);
            assertThat(runningWithoutSessionId(store, "flaky"))
                    .as("the session id is in the journal before the process runs")
                    .isZero();

            assertThat(commandLines)
                    .as("claude command lines seen")
                    .anySatisfy(
                            c -> assertThat(c).contains("--session-id " + id).doesNotContain("--resume"))
                    .anySatisfy(c -> assertThat(c).contains("--resume " + id));
            // The resumed request holds the first attempt's tool result: the conversation went on.
            assertThat(api.requests().get(api.requests().size() - 1).body()).contains("first-attempt-tool");

            double firstFigure = Batch.resultCost(store.session("flaky", 1).output());
            double lastFigure = Batch.resultCost(store.session("flaky", 2).output());
            assertThat(firstFigure).isCloseTo(0.21, within(1e-6));
            assertThat(lastFigure).as("cumulative over the session").isGreaterThan(firstFigure);
            assertThat(run.json().path("totals").path("cost_usd").asDouble())
                    .as("the last cumulative figure, not the sum of both (%s)", firstFigure + lastFigure)
                    .isCloseTo(lastFigure, within(1e-6));

            Batch.Outcome status = Batch.execute(
                    tmp.resolve("state"),
                    tmp.resolve("project"),
                    "status",
                    "--json",
                    "--state-dir",
                    tmp.resolve("state").toString());
            assertThat(status.json().path("totals").path("cost_usd").asDouble())
                    .as(status.printed())
                    .isCloseTo(lastFigure, within(1e-6));
        }
    }

    @Test
    void authenticationErrorIsNotRetried() throws Exception {
        Path claude = ClaudeEnv.binary();
        try (FakeMessagesApi api = FakeMessagesApi.start()) {
            Batch batch = new Batch(ClaudeEnv.offline(api, tmp));
            batch.task("unauthorized", FakeMessagesApi.SCENARIO_401);
            Batch.Outcome run = batch.run(tmp, claude.toString(), "--json", "--retries", "3", "--retry-delay", "1s");
            ProcCount.assertNoneLeft(run.runId() + "/", Duration.ZERO);
            System.out.println("authenticationErrorIsNotRetried: " + run.millis() + " ms\n" + run.printed());

            assertThat(run.exitCode()).as(run.printed()).isEqualTo(1);
            JsonNode task = run.task("unauthorized");
            assertThat(task.path("status").asText()).as(run.printed()).isEqualTo("failed");
            assertThat(task.path("attempt").asInt()).as(run.printed()).isEqualTo(1);
            assertThat(task.path("reason").asText()).as(run.printed()).contains("401");
            assertThat(api.messageRequestCount()).as("one attempt, one request").isEqualTo(1);
            RunStore store = StateDir.existing(tmp.resolve("state")).latestRun();
            assertThat(store.session("unauthorized", 2).dir()).doesNotExist();
            assertThat(JournalEntries.replay(store.journalFile()).stream()
                            .filter(r -> r.entry() instanceof JournalEntry.SessionChanged c
                                    && c.session().attempt() > 1))
                    .as("no second attempt in the journal")
                    .isEmpty();
        }
    }

    static List<String> sessionIdsInJournal(RunStore store, String task, int attempt) {
        return JournalEntries.replay(store.journalFile()).stream()
                .map(JournalEntry.Recorded::entry)
                .filter(e -> e instanceof JournalEntry.SessionChanged)
                .map(e -> ((JournalEntry.SessionChanged) e).session())
                .filter(s -> s.task().equals(task)
                        && s.attempt() == attempt
                        && !s.state().equals("queued"))
                .map(SessionRecord::sessionId)
                .distinct()
                .toList();
    }

    /** Journal entries of the task that show it running (a pid) but no session id. */
    static long runningWithoutSessionId(RunStore store, String task) {
        return JournalEntries.replay(store.journalFile()).stream()
                .map(JournalEntry.Recorded::entry)
                .filter(e -> e instanceof JournalEntry.SessionChanged)
                .map(e -> ((JournalEntry.SessionChanged) e).session())
                .filter(s -> s.task().equals(task) && s.pid() != null && s.sessionId() == null)
                .count();
    }
}
