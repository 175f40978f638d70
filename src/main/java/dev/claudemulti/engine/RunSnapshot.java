package dev.claudemulti.engine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** An immutable picture of a whole run, in task-file order. */
public record RunSnapshot(
        String runId,
        Path projectDir,
        String model,
        int parallel,
        boolean simulated,
        Instant startedAt,
        Instant endedAt,
        List<SessionView> sessions) {

    public RunSnapshot {
        sessions = List.copyOf(sessions);
    }

    public long count(SessionState state) {
        return sessions.stream().filter(s -> s.state() == state).count();
    }

    public boolean finished() {
        return sessions.stream().allMatch(s -> s.state().isFinal());
    }

    public double totalCostUsd() {
        return sessions.stream().mapToDouble(s -> s.costUsd() == null ? 0 : s.costUsd()).sum();
    }
}
