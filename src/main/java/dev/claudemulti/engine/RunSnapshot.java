package dev.claudemulti.engine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * An immutable picture of a whole run, in task-file order: each task's latest attempt.
 *
 * @param earlierAttemptsCostUsd what attempts no longer shown (retried, resumed) cost: money spent
 *                               all the same, so it counts in {@link #totalCostUsd()}
 */
public record RunSnapshot(
        String runId,
        Path projectDir,
        String model,
        int parallel,
        boolean simulated,
        Instant startedAt,
        Instant endedAt,
        List<SessionView> sessions,
        double earlierAttemptsCostUsd) {

    public RunSnapshot {
        sessions = List.copyOf(sessions);
    }

    /** A run with no earlier attempts. */
    public RunSnapshot(
            String runId,
            Path projectDir,
            String model,
            int parallel,
            boolean simulated,
            Instant startedAt,
            Instant endedAt,
            List<SessionView> sessions) {
        this(runId, projectDir, model, parallel, simulated, startedAt, endedAt, sessions, 0);
    }

    /** The latest attempt of task {@code taskId}, or null if the run has no such task. */
    public SessionView session(String taskId) {
        for (SessionView s : sessions) {
            if (s.taskId().equals(taskId)) {
                return s;
            }
        }
        return null;
    }

    public long count(SessionState state) {
        return sessions.stream().filter(s -> s.state() == state).count();
    }

    public boolean finished() {
        return sessions.stream().allMatch(s -> s.state().isFinal());
    }

    /** Everything the run spent: the latest attempts and the earlier ones. */
    public double totalCostUsd() {
        return earlierAttemptsCostUsd
                + sessions.stream()
                        .mapToDouble(s -> s.costUsd() == null ? 0 : s.costUsd())
                        .sum();
    }
}
