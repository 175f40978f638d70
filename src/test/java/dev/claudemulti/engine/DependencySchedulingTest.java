package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.FakeLauncher.FakeHandle;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dependsOn} in the scheduler, against the in-memory launcher and recorder: a session
 * starts only once its dependencies completed, waits showing which, and is skipped (with its own
 * dependants) once one ends otherwise. Nothing sleeps: tests wait on the fakes, bounded.
 */
class DependencySchedulingTest {
    private static final long WAIT_S = 10;
    private static final int TRANSIENT_EXIT = PromptAgent.TRANSIENT_EXIT;

    @TempDir
    Path tmp;

    private final FakeLauncher launcher = new FakeLauncher();
    private final FakeRecorder recorder = new FakeRecorder();
    private Scheduler scheduler;

    /** Tasks as "id" or "id:dep1,dep2"; a task named retries1-... may have one retry, the others none. */
    private Scheduler scheduler(int parallel, String... specs) throws Exception {
        return scheduler(parallel, Map.of(), specs);
    }

    /** @param resumed views a resumed run starts from (empty: a new run) */
    private Scheduler scheduler(int parallel, Map<String, SessionView> resumed, String... specs) throws Exception {
        StateDir state = StateDir.open(tmp.resolve("state"));
        RunStore run = state.createRun();
        Task defaults = Task.builder()
                .model("sonnet")
                .budgetUsd(1.0)
                .permissionMode("bypassPermissions")
                .retries(0)
                .build();
        List<Task> tasks = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split(":");
            Task.Builder t = Task.of(parts[0], "work").toBuilder();
            if (parts.length > 1) {
                t.dependsOn(List.of(parts[1].split(",")));
            }
            if (parts[0].startsWith("retries1")) {
                t.retries(1);
            }
            tasks.add(t.build());
        }
        RunPolicy quickRetries =
                new RunPolicy(Duration.ofMillis(10), false, null, null, null, true, RunPolicy.DEFAULT_RESULT_GRACE);
        RunOptions options =
                new RunOptions(defaults, parallel, Duration.ofMillis(300), tmp, Map.of(), null, quickRetries);
        scheduler =
                FakeSchedulers.over(run, new PromptAgent(), options, tasks, state.log(), resumed, launcher, recorder);
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

    /** Waits until the scheduler shows {@code task} queued with exactly this activity. */
    private void awaitActivity(String task, String activity) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!activity.equals(view(scheduler.snapshot(), task).activity())) {
            assertThat(System.nanoTime())
                    .as(task + " never showed '" + activity + "', shows " + view(scheduler.snapshot(), task))
                    .isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(view(scheduler.snapshot(), task).state()).isEqualTo(SessionState.QUEUED);
    }

    private RunSnapshot finished() throws Exception {
        return scheduler.finished().get(WAIT_S, TimeUnit.SECONDS);
    }

    private static void complete(FakeHandle h) {
        h.exit(0, FakeHandle.result(false, 0.01));
    }

    @Test
    void aChainWhoseMiddleFailsSkipsTheRestAndTheRunStillFinishes() throws Exception {
        Scheduler s = scheduler(3, "a", "b:a", "c:b", "free");
        s.start();
        FakeHandle a = launched("a");
        complete(launched("free"));
        awaitActivity("b", "waiting for a");
        awaitActivity("c", "waiting for b");
        assertThat(launcher.launched("b")).isNotDone();
        complete(a);
        launched("b").exit(3, FakeHandle.result(true, 0.02));

        RunSnapshot snap = finished();
        assertThat(view(snap, "b").state()).isEqualTo(SessionState.FAILED);
        assertThat(view(snap, "c").state()).isEqualTo(SessionState.SKIPPED);
        assertThat(view(snap, "c").reason()).isEqualTo("dependency b failed");
        assertThat(view(snap, "c").activity()).isNull();
        assertThat(launcher.launchOrder()).containsExactlyInAnyOrder("a", "free", "b");
        assertThat(launcher.launchOrder().indexOf("b"))
                .isGreaterThan(launcher.launchOrder().indexOf("a"));
        assertThat(recorder.states("c")).containsExactly("queued", "queued", "skipped");
    }

    @Test
    void aDiamondWaitsForBothSides() throws Exception {
        Scheduler s = scheduler(4, "a", "b:a", "c:a", "d:b,c");
        s.start();
        FakeHandle a = launched("a");
        awaitActivity("d", "waiting for b, c");
        complete(a);
        FakeHandle b = launched("b");
        FakeHandle c = launched("c");
        complete(c);
        awaitActivity("d", "waiting for b");
        assertThat(launcher.launched("d")).isNotDone();
        complete(b);
        complete(launched("d"));

        RunSnapshot snap = finished();
        assertThat(snap.sessions()).allSatisfy(v -> assertThat(v.state()).isEqualTo(SessionState.COMPLETED));
        assertThat(launcher.launchOrder()).first().isEqualTo("a");
        assertThat(launcher.launchOrder()).last().isEqualTo("d");
    }

    @Test
    void aSkipCascadesToDependantsOfDependantsNamingWhatEndedThem() throws Exception {
        Scheduler s = scheduler(2, "a", "b:a", "c:b", "d:c,e", "e");
        s.start();
        FakeHandle a = launched("a");
        FakeHandle e = launched("e");
        a.exit(3, FakeHandle.result(true, 0.02));
        complete(e);

        RunSnapshot snap = finished();
        Map<String, String> skipped = new LinkedHashMap<>();
        snap.sessions().stream()
                .filter(v -> v.state() == SessionState.SKIPPED)
                .forEach(v -> skipped.put(v.taskId(), v.reason()));
        assertThat(skipped)
                .containsExactly(
                        Map.entry("b", "dependency a failed"),
                        Map.entry("c", "dependency b skipped"),
                        Map.entry("d", "dependency c skipped"));
        assertThat(launcher.launchOrder()).containsExactlyInAnyOrder("a", "e");
    }

    @Test
    void aDependencyWaitingForItsRetryIsNotFinalAndItsLastAttemptDecides() throws Exception {
        Scheduler s = scheduler(2, "retries1-a", "b:retries1-a");
        s.start();
        FakeHandle first = launched("retries1-a");
        launcher.forget("retries1-a");
        first.exit(TRANSIENT_EXIT, FakeHandle.result("s", true, 0.01));
        FakeHandle second = launched("retries1-a");
        assertThat(view(s.snapshot(), "b").state()).isEqualTo(SessionState.QUEUED);
        assertThat(launcher.launched("b")).isNotDone();
        complete(second);
        complete(launched("b"));

        RunSnapshot snap = finished();
        assertThat(view(snap, "retries1-a").attempt()).isEqualTo(2);
        assertThat(view(snap, "b").state()).isEqualTo(SessionState.COMPLETED);
    }

    @Test
    void aStoppedDependencyIsNamedByItsState() throws Exception {
        Scheduler s = scheduler(2, "a", "b:a");
        s.start();
        FakeHandle a = launched("a");
        s.stop("a");
        RunSnapshot snap = finished();
        assertThat(a.stops).isNotEmpty();
        assertThat(view(snap, "a").state()).isEqualTo(SessionState.STOPPED);
        assertThat(view(snap, "b").state()).isEqualTo(SessionState.SKIPPED);
        assertThat(view(snap, "b").reason()).isEqualTo("dependency a stopped");
    }

    @Test
    void aResumeCountsAKeptCompletedDependencyAsCompletedAndAKeptFailureSkips() throws Exception {
        Instant then = Instant.now().minusSeconds(60);
        SessionView done = SessionView.queued("a", 1, "sonnet")
                .withState(SessionState.COMPLETED, null)
                .withEndedAt(then);
        SessionView failed = SessionView.queued("b", 1, "sonnet")
                .withState(SessionState.FAILED, "exit 1")
                .withEndedAt(then);
        Scheduler s = scheduler(
                2, Map.of("a", done, "b", failed, "c", SessionView.queued("c", 1, "sonnet")), "a", "b", "c:a", "d:b");
        s.start();
        complete(launched("c"));

        RunSnapshot snap = finished();
        assertThat(view(snap, "c").state()).isEqualTo(SessionState.COMPLETED);
        assertThat(view(snap, "d").state()).isEqualTo(SessionState.SKIPPED);
        assertThat(view(snap, "d").reason()).isEqualTo("dependency b failed");
        assertThat(launcher.launchOrder()).containsExactly("c");
    }
}
