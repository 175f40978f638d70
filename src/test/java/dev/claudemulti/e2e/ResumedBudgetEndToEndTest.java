package dev.claudemulti.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudemulti.agent.AttemptPlan;
import dev.claudemulti.agent.ClaudeAgent;
import dev.claudemulti.task.Task;
import dev.claudemulti.testing.ClaudeEnv;
import dev.claudemulti.testing.ClaudeRun;
import dev.claudemulti.testing.FakeMessagesApi;
import dev.claudemulti.testing.FakeMessagesApi.Scenario;
import dev.claudemulti.testing.FakeMessagesApi.Usage;
import dev.claudemulti.testing.GitRepo;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code --max-budget-usd} means on a resumed conversation ({@code claude -p --resume}: a
 * transient-error retry, a follow-up, a check's fix round), with the real claude CLI against
 * {@link FakeMessagesApi}. claude reports {@code total_cost_usd} of a resumed run as the whole
 * conversation's, but checks the budget against this run's own spending (seen with 2.1.328): a
 * conversation that already cost more than the budget can still spend the budget again. So
 * claude-multi passes an attempt's own budget unchanged, and its own guard subtracts the
 * conversation's earlier cost too ({@code Session.costBaseUsd}). If a later claude changes this,
 * {@link #aResumedRunMaySpendItsWholeBudgetWhateverTheConversationCostBefore} fails: the flag of a
 * resuming attempt would then need the conversation's cost added. The last test is the same through
 * claude-multi: {@code continue} of a session that spent most of its budget.
 */
class ResumedBudgetEndToEndTest {
    static final String KEYWORD = "SCENARIO_RESUMED_BUDGET";
    /** $0.0201 with sonnet's price table: more than the resumed runs' budget below. */
    static final Usage COSTLY = new Usage(10_000, 10, 0, 0);
    /** The first run answers once, expensively; a resumed run needs two responses (a tool call, then text). */
    static final Scenario SCENARIO = Scenario.of(
            FakeMessagesApi.text("first done").withUsage(COSTLY),
            FakeMessagesApi.bash("true"),
            FakeMessagesApi.text("second done"));

    /** A follow-up's three responses take the conversation past $0.025 at the second: a run-wide check would stop it. */
    static final String FOLLOW_UP_KEYWORD = "SCENARIO_FOLLOW_UP_BUDGET";

    static final Scenario FOLLOW_UP_SCENARIO = Scenario.of(
            FakeMessagesApi.text("first done").withUsage(COSTLY),
            FakeMessagesApi.bash("true"),
            FakeMessagesApi.bash("true"),
            FakeMessagesApi.text("second done"));

    static FakeMessagesApi api;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        api = FakeMessagesApi.start().scenario(KEYWORD, SCENARIO).scenario(FOLLOW_UP_KEYWORD, FOLLOW_UP_SCENARIO);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aResumedRunMaySpendItsWholeBudgetWhateverTheConversationCostBefore() throws Exception {
        Conversation c = new Conversation(tmp);
        JsonNode first = c.run(AttemptPlan.fresh(c.id), 5.0, KEYWORD + " start");
        assertThat(first.path("subtype").asText()).isEqualTo("success");
        double before = first.path("total_cost_usd").asDouble();
        assertThat(before).isGreaterThan(0.02);

        JsonNode resumed = c.run(AttemptPlan.resuming(c.id), 0.02, "go on");
        System.out.printf(
                "ResumedBudgetEndToEndTest: first run $%s; resumed with --max-budget-usd 0.02: %s, %d turns, total $%s%n",
                before,
                resumed.path("subtype").asText(),
                resumed.path("num_turns").asInt(),
                resumed.path("total_cost_usd").asDouble());
        // Past $0.02 over the conversation after its first response, and still ran to the end: a per-run check.
        assertThat(resumed.path("subtype").asText()).as(resumed.toString()).isEqualTo("success");
        assertThat(resumed.path("is_error").asBoolean()).isFalse();
        assertThat(resumed.path("num_turns").asInt()).isEqualTo(2);
        assertThat(resumed.path("result").asText()).isEqualTo("second done");
        assertThat(resumed.path("total_cost_usd").asDouble()).isGreaterThan(before); // still a running total
        assertThat(c.lastExit).isZero();
    }

    @Test
    void aResumedRunIsStillStoppedAtItsOwnBudget() throws Exception {
        Conversation c = new Conversation(tmp);
        double before = c.run(AttemptPlan.fresh(c.id), 5.0, KEYWORD + " start")
                .path("total_cost_usd")
                .asDouble();

        // The resumed run's first response costs $0.0032 on its own: past a budget of $0.001.
        JsonNode resumed = c.run(AttemptPlan.resuming(c.id), 0.001, "go on");
        System.out.printf(
                "ResumedBudgetEndToEndTest: resumed with --max-budget-usd 0.001: %s, %d turns, total $%s%n",
                resumed.path("subtype").asText(),
                resumed.path("num_turns").asInt(),
                resumed.path("total_cost_usd").asDouble());
        assertThat(resumed.path("subtype").asText()).as(resumed.toString()).isEqualTo("error_max_budget_usd");
        assertThat(resumed.path("is_error").asBoolean()).isTrue();
        assertThat(resumed.path("result").asText()).isNotEqualTo("second done");
        assertThat(c.lastExit).isEqualTo(1);
        // The figure it reports is still the conversation's: the earlier run plus one response.
        assertThat(resumed.path("total_cost_usd").asDouble()).isCloseTo(before + 0.0032, within(0.0005));
    }

    @Test
    void aFollowUpOfAConversationThatSpentMostOfItsBudgetCanSpendTheBudgetAgain() throws Exception {
        Path claude = ClaudeEnv.binary();
        GitRepo repo = GitRepo.init(tmp.resolve("project"));
        Map<String, String> offline = ClaudeEnv.offline(api, tmp);
        Batch batch = new Batch(offline);
        batch.task("a", FOLLOW_UP_KEYWORD + " start").put("budget", 0.025);
        Batch.Outcome first = batch.run(tmp, claude.toString(), "--json");
        assertThat(first.exitCode()).as(first.printed()).isZero();
        double firstCost = first.task("a").path("cost_usd").asDouble();
        assertThat(firstCost).isGreaterThan(0.025 / 2);

        Map<String, String> env = new HashMap<>(offline);
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        String state = tmp.resolve("state").toString();
        String[] follow = Batch.cli(
                env, repo.dir, "continue", "a", "Run the checks twice, please.", "--wait", "--state-dir", state);
        assertThat(follow[0]).as(follow[1] + follow[2]).isEqualTo("0");
        ProcCount.assertNoneLeft(first.runId() + "/", Duration.ZERO);

        JsonNode status = Batch.JSON.readTree(Batch.cli(env, repo.dir, "status", "--json", "--state-dir", state)[1]);
        JsonNode a = status.path("tasks").get(0);
        System.out.printf(
                "ResumedBudgetEndToEndTest: follow-up with budget $0.025 after $%s: %s, own $%s, totals $%s%n",
                firstCost,
                a.path("status").asText(),
                a.path("cost_usd").asDouble(),
                status.path("totals").path("cost_usd").asDouble());
        assertThat(a.path("attempt").asInt()).isEqualTo(2);
        assertThat(a.path("status").asText()).as(a.toString()).isEqualTo("completed");
        assertThat(a.path("cost_usd").asDouble()).isPositive().isLessThan(0.025);
        // The conversation as a whole went past the budget: neither claude nor claude-multi counted it.
        assertThat(status.path("totals").path("cost_usd").asDouble()).isGreaterThan(0.025);
    }

    /** One conversation: its id, claude's HOME (where claude keeps it) and working directory. */
    private static final class Conversation {
        final ClaudeAgent agent = new ClaudeAgent(ClaudeEnv.binary().toString(), System.getenv("PATH"));
        final String id = UUID.randomUUID().toString();
        final Path home;
        final Path cwd;
        int lastExit;

        Conversation(Path tmp) throws Exception {
            home = ClaudeEnv.freshHome(tmp);
            cwd = Files.createTempDirectory(tmp, "work");
        }

        /** One claude run of the command claude-multi builds for {@code plan}; its result line. */
        JsonNode run(AttemptPlan plan, double budgetUsd, String prompt) throws Exception {
            Task task = Task.builder()
                    .id("t")
                    .prompt(prompt)
                    .model("sonnet")
                    .budgetUsd(budgetUsd)
                    .permissionMode("bypassPermissions")
                    .build();
            List<String> command = agent.command(task, plan);
            assertThat(command).containsSubsequence("--max-budget-usd", ClaudeAgent.formatUsd(budgetUsd));
            ClaudeRun r =
                    ClaudeRun.run(command, ClaudeEnv.offline(api.baseUrl(), home), cwd, prompt, Duration.ofSeconds(90));
            lastExit = r.exitCode();
            List<String> lines = r.lines();
            for (int i = lines.size() - 1; i >= 0; i--) {
                JsonNode n = Batch.JSON.readTree(lines.get(i));
                if ("result".equals(n.path("type").asText())) {
                    return n;
                }
            }
            throw new AssertionError("no result line; exit " + r.exitCode() + "\n" + r.stdout() + r.stderr());
        }
    }
}
