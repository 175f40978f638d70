package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.FakeLauncher.FakeHandle;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler's side of a take-over by hand, against the in-memory launcher and recorder. */
class HandsOnTest {
    private static final long WAIT_S = 10;

    @TempDir
    Path tmp;

    private final FakeLauncher launcher = new FakeLauncher();
    private final FakeRecorder recorder = new FakeRecorder();
    private Scheduler scheduler;

    private Scheduler scheduler(String... ids) throws Exception {
        StateDir state = StateDir.open(tmp.resolve("state"));
        Task defaults = Task.builder()
                .model("sonnet")
                .permissionMode("bypassPermissions")
                .retries(0)
                .build();
        List<Task> tasks =
                java.util.stream.Stream.of(ids).map(id -> Task.of(id, "work")).toList();
        RunOptions options =
                new RunOptions(defaults, 4, Duration.ofMillis(300), tmp, Map.of(), null, RunPolicy.defaults());
        scheduler = FakeSchedulers.over(
                state.createRun(), new PromptAgent(), options, tasks, state.log(), Map.of(), launcher, recorder);
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

    private SessionView view(String id) {
        return scheduler.snapshot().session(id);
    }

    private void await(String what, java.util.function.BooleanSupplier ok) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!ok.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void aTakeOverIsANewAttemptThatHoldsTheRunOpenUntilItEnds() throws Exception {
        Scheduler s = scheduler("a", "b");
        s.start();
        FakeHandle a = launched("a");
        FakeHandle b = launched("b");
        await("b running", () -> view("b").state() == SessionState.RUNNING);
        assertThat(s.attachBegin("b").refusal())
                .as("a running session is stopped first")
                .contains("stop it first");

        a.exit(0, FakeHandle.result(false, 0.01));
        await("a completed", () -> view("a").state() == SessionState.COMPLETED);
        String conversation = view("a").sessionId();

        Handover handover = s.attachBegin("a");
        assertThat(handover.refusal()).isNull();
        assertThat(handover.command()).containsExactly("true", "--resume", conversation);
        assertThat(handover.directory()).isEqualTo(tmp);
        await("the begin shown", () -> view("a").attempt() == 2);
        assertThat(view("a").state()).isEqualTo(SessionState.ATTACHED);
        assertThat(view("a").endedAt()).isNull();
        assertThat(view("a").sessionId()).isEqualTo(conversation);
        assertThat(s.attachBegin("a").refusal()).contains("already taken over");

        b.exit(0, FakeHandle.result(false, 0.01));
        await("b completed", () -> view("b").state() == SessionState.COMPLETED);
        s.retry("a"); // ignored: the user has it in hand
        assertThat(s.finished()).as("the run stays open while a is taken over").isNotDone();

        s.attachEnd("a", 0);
        RunSnapshot end = s.finished().get(WAIT_S, TimeUnit.SECONDS);
        SessionView a2 = end.session("a");
        assertThat(a2.state()).isEqualTo(SessionState.ATTACHED);
        assertThat(a2.attempt()).isEqualTo(2);
        assertThat(a2.endedAt()).isNotNull();
        assertThat(a2.exitCode()).isZero();
        assertThat(end.earlierAttemptsCostUsd()).as("a's first attempt, spent").isEqualTo(0.01);
        assertThat(launcher.launchOrder())
                .as("nothing launched for the take-over")
                .containsExactlyInAnyOrder("a", "b");
        assertThat(recorder.states("a")).containsExactly("queued", "running", "completed", "attached", "attached");
        assertThat(recorder.durable().get(recorder.durable().size() - 1)).isInstanceOf(JournalEntry.RunFinished.class);
    }
}
