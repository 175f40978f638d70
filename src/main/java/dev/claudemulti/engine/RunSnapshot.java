package dev.claudemulti.engine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * An immutable picture of a whole run, in task-file order: each task's latest attempt.
 *
 * @param earlierAttemptsCostUsd what attempts no longer shown (retried, resumed) cost: money spent
 *                               all the same, so it counts in {@link #totalCostUsd()}
 * @param batch                  the run-wide state of its policies: parallel limit, pause, budget, halt
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
        double earlierAttemptsCostUsd,
        BatchStatus batch) {

    /**
     * @param parallelLimit how many sessions may run now: {@code parallel} unless a rate limit lowered it
     * @param pausedUntil   no session starts before this (a rate limit's reset), or null
     * @param pauseReason   why: "rate limited"; null when not paused
     * @param maxCostUsd    the batch budget, or null
     * @param haltReason    why the run halted ("halted: 3 failures", "budget: $4.80 of $5.00 spent"), or null
     */
    public record BatchStatus(
            int parallelLimit, Instant pausedUntil, String pauseReason, Double maxCostUsd, String haltReason) {
        public static BatchStatus steady(int parallel) {
            return new BatchStatus(parallel, null, null, null, null);
        }

        // equals and hashCode written out: the scheduler compares statuses before its first start, and a
        // record's own methods are bootstrapped on first call (ObjectMethods), some 15 ms of every run's start.
        @Override
        public boolean equals(Object o) {
            return o instanceof BatchStatus b
                    && parallelLimit == b.parallelLimit
                    && java.util.Objects.equals(pausedUntil, b.pausedUntil)
                    && java.util.Objects.equals(pauseReason, b.pauseReason)
                    && java.util.Objects.equals(maxCostUsd, b.maxCostUsd)
                    && java.util.Objects.equals(haltReason, b.haltReason);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(parallelLimit, pausedUntil, pauseReason, maxCostUsd, haltReason);
        }
    }

    public RunSnapshot {
        sessions = List.copyOf(sessions);
        batch = batch == null ? BatchStatus.steady(parallel) : batch;
    }

    /** A run whose policies left it as it started. */
    public RunSnapshot(
            String runId,
            Path projectDir,
            String model,
            int parallel,
            boolean simulated,
            Instant startedAt,
            Instant endedAt,
            List<SessionView> sessions,
            double earlierAttemptsCostUsd) {
        this(runId, projectDir, model, parallel, simulated, startedAt, endedAt, sessions, earlierAttemptsCostUsd, null);
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
