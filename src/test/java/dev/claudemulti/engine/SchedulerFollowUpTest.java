package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.claudemulti.agent.AttemptPlan;
import dev.claudemulti.engine.FakeLauncher.FakeHandle;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.record.OwnerRequest;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Scheduler#followUp} and the {@code continue} request: a follow-up of an ended session in a
 * batch this process owns, run like a retry but in the same conversation, with its own prompt and
 * the conversation's cost so far as its base. In-memory launcher and recorder; nothing sleeps.
 */
class SchedulerFollowUpTest {
    private static final long WAIT_S = 10;

    @TempDir
    Path tmp;

    private final FakeLauncher launcher = new FakeLauncher();
    private final FakeRecorder recorder = new FakeRecorder();
    private final PromptAgent agent = new PromptAgent();
    private RunStore run;
    private Scheduler scheduler;

    private Scheduler scheduler(String... taskIds) throws Exception {
        StateDir state = StateDir.open(tmp.resolve("state"));
        run = state.createRun();
        Task defaults = Task.builder()
                .model("sonnet")
                .permissionMode("bypassPermissions")
                .retries(0)
                .build();
        List<Task> tasks =
                List.of(taskIds).stream().map(id -> Task.of(id, "work")).toList();
        RunOptions options =
                new RunOptions(defaults, 1, Duration.ofMillis(300), tmp, Map.of(), null, RunPolicy.defaults());
        scheduler = FakeSchedulers.over(run, agent, options, tasks, state.log(), Map.of(), launcher, recorder);
        return scheduler;
    }

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private FakeHandle launched(String task) throws Exception {
        return launcher.launched(task).get(WAIT_S, TimeUnit.SECONDS);
    }

    private static SessionView view(RunSnapshot snap, String id) {
        return snap.sessions().stream()
                .filter(v -> v.taskId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aFollowUpAfterTheBatchFinishedContinuesTheConversationAndCountsEachDollarOnce() throws Exception {
        Scheduler s = scheduler("a");
        s.start();
        launched("a").exit(0, FakeHandle.result(agent.plans.get("a").get(0).sessionId(), false, 0.01));
        RunSnapshot first = s.finished().get(WAIT_S, TimeUnit.SECONDS);
        SessionView ended = view(first, "a");
        assertThat(ended.state()).isEqualTo(SessionState.COMPLETED);
        launcher.forget("a");

        s.followUp("a", "now add tests");
        FakeHandle second = launched("a");
        AttemptPlan firstPlan = agent.plans.get("a").get(0);
        assertThat(agent.plans.get("a")).containsExactly(firstPlan, AttemptPlan.resuming(firstPlan.sessionId()));
        assertThat(Files.readString(run.session("a", 2).prompt())).isEqualTo("now add tests");
        SessionView queued = recorder.durable().stream()
                .filter(e -> e instanceof JournalEntry.SessionChanged c
                        && c.session().attempt() == 2
                        && c.session().state().equals("queued"))
                .map(e -> ((JournalEntry.SessionChanged) e).session())
                .map(r -> {
                    assertThat(r.costBaseUsd())
                            .as("the conversation's cost so far")
                            .isCloseTo(0.01, within(1e-9));
                    return SessionRecords.toView(r);
                })
                .findFirst()
                .orElseThrow();
        assertThat(queued.sessionId()).isEqualTo(ended.sessionId());
        assertThat(queued.retry().cause()).isEqualTo(FollowUp.CAUSE);

        // claude reports the conversation's running total: $0.03 after the follow-up.
        second.exit(0, FakeHandle.result(firstPlan.sessionId(), false, 0.03));
        RunSnapshot snap = s.idle().get(WAIT_S, TimeUnit.SECONDS);
        SessionView done = view(snap, "a");
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(done.state()).isEqualTo(SessionState.COMPLETED);
        assertThat(done.costUsd()).isCloseTo(0.02, within(1e-9));
        assertThat(snap.totalCostUsd()).isCloseTo(0.03, within(1e-9));
        assertThat(recorder.states("a"))
                .containsExactly("queued", "running", "completed", "queued", "running", "completed");
    }

    @Test
    void aContinueRequestIsQueuedBeforeItsTakingIsRecordedAndARunningSessionIgnoresIt() throws Exception {
        Scheduler s = scheduler("a", "b");
        s.start();
        launched("a").exit(0, FakeHandle.result(agent.plans.get("a").get(0).sessionId(), false, 0.01));
        FakeHandle b = launched("b");
        launcher.forget("a");
        new OwnerRequest(FollowUp.ACTION, "b", 1, "ignored: b runs", null).writeTo(run);
        new OwnerRequest(FollowUp.ACTION, "a", 1, null, null).writeTo(run); // not a retry in disguise
        new OwnerRequest(FollowUp.ACTION, "a", 1, "more", null).writeTo(run);
        b.exit(0, FakeHandle.result(false, 0.01));
        launched("a").exit(0, FakeHandle.result(agent.plans.get("a").get(0).sessionId(), false, 0.02));
        RunSnapshot snap = s.idle().get(WAIT_S, TimeUnit.SECONDS);
        assertThat(view(snap, "a").attempt()).isEqualTo(2);
        assertThat(view(snap, "b").attempt()).isEqualTo(1);
        assertThat(Files.readString(run.session("a", 2).prompt())).isEqualTo("more");
        List<String> order = recorder.durable().stream()
                .map(e -> e instanceof JournalEntry.SessionChanged c
                        ? c.session().task() + c.session().attempt() + " "
                                + c.session().state()
                        : e instanceof JournalEntry.RequestTaken t ? "taken " + t.action() + " " + t.task() : "")
                .filter(line -> line.startsWith("taken") || line.startsWith("a2 queued"))
                .toList();
        assertThat(order).containsExactly("taken continue b", "taken continue a", "a2 queued", "taken continue a");
    }
}
