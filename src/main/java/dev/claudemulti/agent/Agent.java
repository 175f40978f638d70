package dev.claudemulti.agent;

import dev.claudemulti.task.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The only code that knows a particular agent CLI: how to start it for a task, how to read what it
 * writes, and how to judge how an attempt went. Agents are found by name in {@link AgentRegistry};
 * the name is what run.json records.
 *
 * <p>Implementations are stateless between sessions (what a session needs is in its decoder) and may
 * be called from any thread.
 */
public interface Agent {
    /** Short name for logs and headers: "claude", "simulated". */
    String name();

    /** True for the demo agent; every place that shows a run labels it SIMULATED. */
    boolean simulated();

    /**
     * Checks the agent can be started at all (binary found and executable).
     *
     * @throws AgentUnavailableException with one line saying what was looked up and how to fix it
     */
    void checkAvailable() throws AgentUnavailableException;

    /**
     * The full command line for a task whose model, budget and permission mode are set.
     * The prompt is NOT on it: it is written to the process's standard input.
     */
    List<String> command(Task task);

    /**
     * The command line for one attempt: {@link #command(Task)} plus what ties it to its
     * conversation ({@code plan}) and the task's pass-through flags. An agent without
     * conversations ignores the plan.
     */
    default List<String> command(Task task, AttemptPlan plan) {
        return command(task);
    }

    /**
     * The prompt for an attempt that continues a conversation an earlier attempt left because of
     * {@code cause} (a transient failure: "HTTP 529", "no result line"): says it was cut off and asks
     * the agent to go on where it stopped.
     */
    default String continuationPrompt(String cause) {
        return "Your previous attempt at this task was cut off by an error (" + cause + ")."
                + " Continue the task from where you stopped; do not redo work that is already done.";
    }

    /** Variables to add to the session's environment (on top of the task's own {@code env}). */
    default Map<String, String> environment(Task task) {
        return Map.of();
    }

    /**
     * A new decoder for one attempt's standard output, sending what it reads to {@code events}. Every
     * reader of an attempt's output (the live pump, a tail, {@code output}) uses its own decoder.
     */
    OutputDecoder decoder(Consumer<SessionEvent> events);

    /**
     * How an attempt that has ended went. Pure: the same end gives the same outcome. Only the agent's
     * view: whether claude-multi itself stopped the attempt (stop, kill, timeout, budget) is the
     * engine's to weigh against this outcome.
     */
    Outcome classify(AttemptEnd end);

    /**
     * The executable this agent checked in {@link #checkAvailable()}, as it should be passed to an
     * orchestrator started in the background ({@code --claude}), so the child runs what was checked
     * here; empty when the agent runs no executable of the user's choosing. Not itself a check: when
     * the lookup failed it is the name as given.
     */
    default Optional<String> checkedExecutable() {
        return Optional.empty();
    }

    /**
     * The command that continues conversation {@code sessionId} interactively, in the user's terminal
     * (a take-over by hand), with {@code model} when it is not null; empty when this agent has no
     * interactive form. Not a check: call {@link #checkAvailable()} first.
     */
    default Optional<List<String>> interactiveCommand(String sessionId, String model) {
        return Optional.empty();
    }
}
