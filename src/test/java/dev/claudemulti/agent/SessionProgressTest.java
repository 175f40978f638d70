package dev.claudemulti.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.claudemulti.agent.SessionEvent.AssistantText;
import dev.claudemulti.agent.SessionEvent.Other;
import dev.claudemulti.agent.SessionEvent.Result;
import dev.claudemulti.agent.SessionEvent.ToolResult;
import dev.claudemulti.agent.SessionEvent.ToolUse;
import dev.claudemulti.agent.SessionEvent.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionProgressTest {
    @Test
    void figuresOfACapturedSuccess() {
        var p = new SessionProgress();
        List<SessionEvent> events = Captured.events("success");
        for (SessionEvent e : events.subList(0, events.size() - 1)) {
            p.accept(e);
        }
        // Before the result: 4 distinct messages; each message's usage counted once though repeated per line.
        assertThat(p.turns()).isEqualTo(4);
        assertThat(p.tokens()).isEqualTo(new Tokens(4800, 4, 0, 0));
        assertThat(p.costUsd()).isNull();
        assertThat(p.result()).isNull();
        assertThat(p.model()).isEqualTo("claude-sonnet-5-5");
        assertThat(p.sessionId()).hasSize(36);
        assertThat(p.activity()).isEqualTo("All done. The file out.txt holds two lines.");

        assertThat(p.accept(events.get(events.size() - 1))).isTrue();
        assertThat(p.turns()).isEqualTo(4);
        assertThat(p.tokens()).isEqualTo(new Tokens(4800, 320, 0, 0));
        assertThat(p.costUsd()).isCloseTo(0.0128, within(1e-9));
        assertThat(p.result().subtype()).isEqualTo("success");
    }

    @Test
    void activityFollowsToolsAndText() {
        var p = new SessionProgress();
        assertThat(p.activity()).isEmpty();
        assertThat(p.accept(new ToolUse("m1", "t1", "Bash", "npm test"))).isTrue();
        assertThat(p.activity()).isEqualTo("Bash: npm test");
        assertThat(p.accept(new ToolResult("t1", "ok", false))).isFalse();
        p.accept(new ToolUse("m2", "t2", "Edit", "src/a.ts"));
        assertThat(p.activity()).isEqualTo("Edit src/a.ts");
        p.accept(new ToolUse("m3", "t3", "Read", "pom.xml"));
        assertThat(p.activity()).isEqualTo("Read pom.xml");
        p.accept(new ToolUse("m3", "t4", "Grep", "TODO"));
        assertThat(p.activity()).isEqualTo("Grep: TODO");
        p.accept(new AssistantText(
                "m4", "\u001b[31mNow\u001b[0m   I will\n\trun the " + "whole test suite ".repeat(10)));
        assertThat(p.activity())
                .startsWith("Now I will run the whole test suite")
                .hasSizeLessThanOrEqualTo(60)
                .endsWith("…");
        assertThat(p.turns()).isEqualTo(4);
        assertThat(p.accept(new Other("system", "task_started"))).isFalse();
        assertThat(p.accept(new AssistantText("m4", "  "))).isFalse();
    }

    @Test
    void usageOfOneMessageIsNotCountedTwice() {
        var p = new SessionProgress();
        assertThat(p.accept(new Usage("m1", new Tokens(10, 1, 0, 0)))).isTrue();
        assertThat(p.accept(new Usage("m1", new Tokens(10, 1, 0, 0)))).isFalse();
        p.accept(new Usage("m1", new Tokens(10, 5, 0, 0)));
        p.accept(new Usage("m2", new Tokens(20, 2, 3, 4)));
        assertThat(p.tokens()).isEqualTo(new Tokens(30, 7, 3, 4));
        assertThat(p.turns()).isEqualTo(2);
    }

    @Test
    void budgetResultShowsTheError() {
        var p = new SessionProgress();
        Captured.events("budget").forEach(p::accept);
        assertThat(p.activity()).isEqualTo("error_max_budget_usd: Reached maximum budget ($5)");
        assertThat(p.turns()).isEqualTo(4);
        assertThat(p.costUsd()).isGreaterThan(5);
    }

    @Test
    void apiErrorResultShowsTheError() {
        var p = new SessionProgress();
        Captured.events("error529").forEach(p::accept);
        assertThat(p.activity()).startsWith("error: API Error: 529");
        assertThat(p.turns()).isEqualTo(1);
    }

    @Test
    void resultWithoutNumTurnsKeepsCountedTurns() {
        var p = new SessionProgress();
        p.accept(new AssistantText("a", "x"));
        p.accept(new AssistantText("b", "y"));
        p.accept(new Result("success", false, "", 0.5, null, null, null, List.of(), null, null, null));
        assertThat(p.turns()).isEqualTo(2);
        assertThat(p.tokens()).isEqualTo(Tokens.ZERO);
        assertThat(p.activity()).isEqualTo("done");
    }

    @Test
    void apiRetriesShowAsTheActivityAndTheLastRetryAndRejectionAreKept() {
        var p = new SessionProgress();
        assertThat(p.lastApiRetry()).isNull();
        assertThat(p.lastRejectedRateLimit()).isNull();

        var first = new SessionEvent.ApiRetry(1, 2, 581L, 529, "overloaded");
        assertThat(p.accept(first)).isTrue();
        assertThat(p.activity()).isEqualTo("API retry 1/2: overloaded (HTTP 529)");
        var second = new SessionEvent.ApiRetry(2, 2, 1200L, 429, null);
        assertThat(p.accept(second)).isTrue();
        assertThat(p.activity()).isEqualTo("API retry 2/2 (HTTP 429)");
        assertThat(p.lastApiRetry()).isEqualTo(second);
        assertThat(p.accept(new SessionEvent.ApiRetry(null, null, null, null, null)))
                .isTrue();
        assertThat(p.activity()).isEqualTo("API retry");

        var rejected = new SessionEvent.RateLimit("rejected", java.time.Instant.ofEpochSecond(1778565600));
        assertThat(p.accept(new SessionEvent.RateLimit("allowed", null))).isFalse();
        assertThat(p.lastRejectedRateLimit()).isNull();
        assertThat(p.accept(rejected)).isTrue();
        assertThat(p.activity()).isEqualTo("rate limited");
        // A second rejection changes no text but is news for the batch's rate-limit gate.
        assertThat(p.accept(rejected)).isTrue();
        p.accept(new SessionEvent.RateLimit("allowed_warning", null));
        p.accept(new AssistantText("m1", "Working again."));
        // Later events change the activity but not what was seen.
        assertThat(p.activity()).isEqualTo("Working again.");
        assertThat(p.lastRejectedRateLimit()).isEqualTo(rejected);
        assertThat(p.lastApiRetry()).isEqualTo(new SessionEvent.ApiRetry(null, null, null, null, null));
    }
}
