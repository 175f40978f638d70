package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.AttemptEnd;
import dev.claudemulti.agent.AttemptPlan;
import dev.claudemulti.agent.ClaudeAgent;
import dev.claudemulti.agent.Outcome;
import dev.claudemulti.agent.OutputDecoder;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.task.Task;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The agent of the state-machine tests: the task's prompt is the fake session's command, so that it
 * can tell the {@link FakeLauncher} what to do. Exit code {@value #TRANSIENT_EXIT} means an
 * overloaded API (a transient outcome); the fake sessions write Claude's stream-json, so Claude's
 * decoder and rules read it. Each attempt's plan is kept.
 */
final class PromptAgent implements Agent {
    static final int TRANSIENT_EXIT = 75;

    private static final Agent CLAUDE = new ClaudeAgent(ClaudeAgent.DEFAULT_BINARY, "");

    final Map<String, List<AttemptPlan>> plans = new ConcurrentHashMap<>();

    @Override
    public List<String> command(Task task, AttemptPlan plan) {
        plans.computeIfAbsent(task.id(), id -> new CopyOnWriteArrayList<>()).add(plan);
        return command(task);
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public void checkAvailable() {}

    @Override
    public List<String> command(Task task) {
        return List.of(task.prompt());
    }

    @Override
    public OutputDecoder decoder(Consumer<SessionEvent> events) {
        return CLAUDE.decoder(events);
    }

    @Override
    public Outcome classify(AttemptEnd end) {
        return end.exitCode() == TRANSIENT_EXIT
                ? Outcome.transientFailure("API Error: overloaded", 529, false, null)
                : CLAUDE.classify(end);
    }

    /** A take-over by hand runs {@code true} (the engine's side of attach is what is tested). */
    @Override
    public java.util.Optional<List<String>> interactiveCommand(String sessionId, String model) {
        return java.util.Optional.of(List.of("true", "--resume", sessionId));
    }
}
