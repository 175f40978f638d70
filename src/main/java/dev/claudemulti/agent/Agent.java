package dev.claudemulti.agent;

import dev.claudemulti.task.Task;
import java.util.List;
import java.util.Map;

/**
 * The only code that knows a particular agent CLI: how to start it for a task. Its output is
 * stream-json either way, parsed by {@link StreamJsonParser}.
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

    /** Variables to add to the session's environment (on top of the task's own {@code env}). */
    default Map<String, String> environment(Task task) {
        return Map.of();
    }
}
