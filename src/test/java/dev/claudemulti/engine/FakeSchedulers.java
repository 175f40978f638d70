package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.task.Task;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A real {@link Scheduler} over fake processes and a fake recorder: the usual wiring of the engine's tests. */
final class FakeSchedulers {
    private FakeSchedulers() {}

    /**
     * A scheduler of {@code tasks} that launches through {@code launcher} and records through
     * {@code recorder}, with no redaction, the standard end policy and a batch control at the
     * options' parallel limit; {@code resumed} holds the sessions a resume starts from.
     */
    static Scheduler over(
            RunStore run,
            Agent agent,
            RunOptions options,
            List<Task> tasks,
            OrchestratorLog log,
            Map<String, SessionView> resumed,
            FakeLauncher launcher,
            FakeRecorder recorder) {
        return new Scheduler(
                run,
                agent,
                options,
                tasks,
                log,
                resumed,
                Instant.now(),
                0,
                new Scheduler.Parts(
                        launcher,
                        recorder,
                        Redactor.none(),
                        EndPolicy.standard(),
                        new BatchControl(options.parallel(), options.policy())));
    }
}
