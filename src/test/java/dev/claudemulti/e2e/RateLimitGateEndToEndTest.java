package dev.claudemulti.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.agent.ClaudeAgent;
import dev.claudemulti.engine.HaltPolicy;
import dev.claudemulti.engine.RunOptions;
import dev.claudemulti.engine.RunPolicy;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.Scheduler;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.record.JournalEntries;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.record.SessionRecord;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.task.Task;
import dev.claudemulti.testing.ClaudeEnv;
import dev.claudemulti.testing.FakeMessagesApi;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, the rate-limit gate, with the real claude CLI against {@link FakeMessagesApi}: three
 * sessions whose first request each gets a 429 (claude's own retries off) all complete on a retry;
 * meanwhile the batch paused, no session was launched inside a pause, and the parallel limit fell
 * from -j and grew back. Driven through the {@link Scheduler}, whose snapshot shows the batch's
 * state ({@link RunSnapshot#batch()}) as it changes; three more plain sessions queued behind give
 * the limit room to grow back.
 */
class RateLimitGateEndToEndTest {
    /** A 429 (with retry-after: 1) for the first request of each task, whose id is the tag after it. */
    static final String LIMITED_ONCE = FakeMessagesApi.SCENARIO_429_ONCE;

    static final int PARALLEL = 3;

    @TempDir
    Path tmp;

    /** One observation of the batch's state. */
    record Seen(Instant at, RunSnapshot.BatchStatus batch) {}

    @Test
    void threeRateLimitedSessionsPauseTheBatchLowerTheLimitAndAllComplete() throws Exception {
        Path claude = ClaudeEnv.binary();
        try (FakeMessagesApi api = FakeMessagesApi.start()) {
            Map<String, String> env = ClaudeEnv.offline(api, tmp);
            List<Task> tasks = new ArrayList<>();
            for (String id : List.of("r1", "r2", "r3")) {
                tasks.add(task(id, LIMITED_ONCE + " " + id, env));
            }
            for (String id : List.of("p1", "p2", "p3")) {
                tasks.add(task(id, FakeMessagesApi.SCENARIO_TEXT + " " + id, env));
            }

            Path state = tmp.resolve("state");
            Path project = Files.createDirectories(tmp.resolve("project"));
            StateDir dir = StateDir.open(state);
            RunStore store = dir.createRun();
            RunPolicy policy = new RunPolicy(
                    Duration.ofSeconds(1), false, HaltPolicy.never(), null, null, true, Duration.ofSeconds(30));
            Task defaults = Task.builder()
                    .model("sonnet")
                    .budgetUsd(1.0)
                    .timeout(Duration.ofMinutes(2))
                    .permissionMode("bypassPermissions")
                    .build();
            RunOptions options =
                    new RunOptions(defaults, PARALLEL, Duration.ofSeconds(1), project, System.getenv(), null, policy);
            List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
            RunSnapshot end;
            try (Scheduler scheduler = new Scheduler(
                    store,
                    store.journal(),
                    new ClaudeAgent(claude.toString(), System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
                    options,
                    tasks,
                    dir.log())) {
                Thread watcher = new Thread(() -> {
                    while (!scheduler.finished().isDone()) {
                        seen.add(new Seen(Instant.now(), scheduler.snapshot().batch()));
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                watcher.setDaemon(true);
                scheduler.start();
                watcher.start();
                end = scheduler.finished().get(3, TimeUnit.MINUTES);
                watcher.join(5000);
            }
            ProcCount.assertNoneLeft(store.runId() + "/", Duration.ofSeconds(2));
            List<Seen> observed = List.copyOf(seen);
            Map<String, Instant> launches = launches(store);
            Map<String, Long> requestsByTask = new LinkedHashMap<>();
            for (String id : List.of("r1", "r2", "r3")) {
                requestsByTask.put(
                        id,
                        api.requests().stream()
                                .filter(r -> r.body().contains(LIMITED_ONCE + " " + id))
                                .count());
            }
            System.out.println("threeRateLimitedSessions: requests " + requestsByTask + ", launches " + launches
                    + "\nlimits " + limitChanges(observed) + "\npauses " + pauses(observed) + "\nsessions "
                    + end.sessions());

            for (SessionView v : end.sessions()) {
                assertThat(v.state()).as(v.toString()).isEqualTo(SessionState.COMPLETED);
            }
            for (String id : List.of("r1", "r2", "r3")) {
                assertThat(view(end, id).attempt()).as(id).isEqualTo(2);
                assertThat(requestsByTask.get(id)).as("requests of " + id).isEqualTo(2);
            }

            Map<Instant, Instant> pauses = pauses(observed);
            assertThat(pauses).as("the batch paused").isNotEmpty();
            assertThat(observed)
                    .filteredOn(s -> s.batch().pausedUntil() != null)
                    .allSatisfy(s -> assertThat(s.batch().pauseReason()).contains("rate limit"));
            pauses.forEach((from, until) -> assertThat(launches)
                    .as("launches inside the pause from %s to %s", from, until)
                    .allSatisfy((attempt, at) -> assertThat(at.isAfter(from) && at.isBefore(until))
                            .as(attempt + " at " + at)
                            .isFalse()));

            List<Integer> limits = limitChanges(observed);
            int lowest = Collections.min(limits);
            assertThat(lowest)
                    .as("the limit fell: %s", limits)
                    .isLessThan(PARALLEL)
                    .isGreaterThanOrEqualTo(1);
            assertThat(limits.subList(limits.indexOf(lowest), limits.size()))
                    .as("the limit grew back after it fell: %s", limits)
                    .anySatisfy(l -> assertThat(l).isGreaterThan(lowest));
            assertThat(limits)
                    .as("never above -j")
                    .allSatisfy(l -> assertThat(l).isLessThanOrEqualTo(PARALLEL));
        }
    }

    private static Task task(String id, String prompt, Map<String, String> env) {
        return Task.builder().id(id).prompt(prompt).env(env).retries(2).build();
    }

    private static SessionView view(RunSnapshot snap, String task) {
        return snap.sessions().stream()
                .filter(v -> v.taskId().equals(task))
                .findFirst()
                .orElseThrow();
    }

    /** When each attempt started ("r1#2"), from the journal. */
    static Map<String, Instant> launches(RunStore store) {
        Map<String, Instant> at = new LinkedHashMap<>();
        for (JournalEntry.Recorded r : JournalEntries.replay(store.journalFile())) {
            if (r.entry() instanceof JournalEntry.SessionChanged c) {
                SessionRecord s = c.session();
                if (s.started() != null) {
                    at.putIfAbsent(s.task() + "#" + s.attempt(), s.started());
                }
            }
        }
        return at;
    }

    /** Each pause seen: from when it was first seen to its end. */
    static Map<Instant, Instant> pauses(List<Seen> observed) {
        Map<Instant, Instant> byEnd = new LinkedHashMap<>();
        for (Seen s : observed) {
            Instant until = s.batch().pausedUntil();
            if (until != null && s.at().isBefore(until)) {
                byEnd.putIfAbsent(until, s.at());
            }
        }
        Map<Instant, Instant> byStart = new LinkedHashMap<>();
        byEnd.forEach((until, from) -> byStart.put(from, until));
        return byStart;
    }

    /** The parallel limit each time it changed, starting with the first seen. */
    static List<Integer> limitChanges(List<Seen> observed) {
        List<Integer> limits = new ArrayList<>();
        for (Seen s : observed) {
            int l = s.batch().parallelLimit();
            if (limits.isEmpty() || limits.get(limits.size() - 1) != l) {
                limits.add(l);
            }
        }
        return limits;
    }
}
