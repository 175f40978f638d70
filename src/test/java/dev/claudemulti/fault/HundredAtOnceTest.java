package dev.claudemulti.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.agent.ClaudeAgent;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.Scheduler;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.task.Task;
import dev.claudemulti.testing.ProcCount;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue item 4: 100 sessions that exit at the same moment (all blocked on one FIFO, released by
 * one close) through the real Scheduler: every end is recorded and published, none is reaped late.
 */
class HundredAtOnceTest {
    private static final int N = 100;

    @TempDir
    Path tmp;

    @Test
    void everyOneOfAHundredSimultaneousExitsIsRecordedAndReaped() throws Exception {
        Path agent = Faults.agent(tmp);
        Path fifo = tmp.resolve("barrier");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        List<Task> tasks = IntStream.range(0, N)
                .mapToObj(i -> Task.of("t" + i, "barrier t" + i))
                .toList();
        AtomicInteger finals = new AtomicInteger();
        Set<String> finalTasks = ConcurrentHashMap.newKeySet();
        Path state = tmp.resolve("state");
        RunSnapshot end;
        long releasedToFinished;
        try (Scheduler s = Faults.scheduler(
                state,
                new ClaudeAgent(agent.toString(), System.getenv("PATH")),
                tasks,
                N,
                Duration.ofMinutes(5),
                Duration.ofSeconds(1))) {
            s.subscribe((v, changed) -> {
                if (changed && v.state().isFinal()) {
                    finals.incrementAndGet();
                    finalTasks.add(v.taskId());
                }
            });
            s.start();
            Faults.await(
                    N + " sessions running with output",
                    Duration.ofSeconds(60),
                    () -> s.snapshot().sessions().stream()
                            .allMatch(v -> v.state() == SessionState.RUNNING && v.outputBytes() > 0));
            assertThat(finals).hasValue(0);
            long t0 = System.nanoTime();
            end = null;
            // Each agent opens the FIFO right after its init line; opening it for writing releases every
            // reader at once, and closing it gives them all EOF together. A straggler that opened late
            // would wait for the next release.
            for (int round = 0; end == null; round++) {
                assertThat(round).as("release rounds").isLessThan(20);
                try (FileOutputStream release = new FileOutputStream(fifo.toFile())) {
                    Thread.sleep(200);
                }
                try {
                    end = s.finished().get(5, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // a straggler; release again
                }
            }
            releasedToFinished = (System.nanoTime() - t0) / 1_000_000;
        }
        System.out.printf(
                "[fault] %d simultaneous exits: all recorded %d ms after the release; %d final events%n",
                N, releasedToFinished, finals.get());
        assertThat(end.sessions()).hasSize(N).allMatch(v -> v.state() == SessionState.COMPLETED);
        assertThat(finals).hasValue(N);
        assertThat(finalTasks).hasSize(N);
        RunStore run = Faults.latestRun(state);
        List<ObjectNode> journal = Journal.replay(run.journalFile());
        assertThat(journal)
                .filteredOn(e -> e.path("event").asText().equals("session")
                        && e.path("state").asText().equals("completed"))
                .hasSize(N)
                .extracting(e -> e.path("task").asText())
                .doesNotHaveDuplicates();
        RecordedRun recorded = RecordedRun.load(run);
        assertThat(recorded.snapshot().count(SessionState.COMPLETED)).isEqualTo(N);
        assertThat(ProcCount.zombieChildrenOf(ProcessHandle.current().pid()))
                .as("unreaped children")
                .isEmpty();
        ProcCount.assertNoneLeft(run.runId() + "/", Duration.ZERO);
    }
}
