package dev.claudemulti.agent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agents this build knows, by the name run.json records ({@link Agent#name()}): "claude" and
 * "simulated". A new agent CLI is one more entry here.
 *
 * <p>Guaranteed: {@link #named} returns a new agent whose {@link Agent#name()} is the name asked for.
 * NOT guaranteed: that the agent can run here; call {@link Agent#checkAvailable()}.
 */
public final class AgentRegistry {
    /** The agent a run uses when nothing chooses another. */
    public static final String DEFAULT = "claude";

    private final Map<String, Supplier<Agent>> agents;

    private AgentRegistry(Map<String, Supplier<Agent>> agents) {
        this.agents = agents;
    }

    /** The built-in agents; {@code claudeBinary} is the claude executable (a path or a name looked up on PATH). */
    public static AgentRegistry builtIn(String claudeBinary, String searchPath) {
        Map<String, Supplier<Agent>> agents = new LinkedHashMap<>();
        agents.put("claude", () -> new ClaudeAgent(claudeBinary, searchPath));
        agents.put("simulated", SimulatedAgent::new);
        return new AgentRegistry(agents);
    }

    /**
     * The agent whose decoder reads the output of a run recorded with agent {@code recordedName}: that
     * built-in agent, else claude (a run recorded without a name, or by a build with other agents, is
     * read as Claude's stream-json, as it always was). Never null. For reading only: its claude
     * executable is the default name, not the one the run used.
     */
    public static Agent forReading(String recordedName) {
        // Reading output needs no binary: nothing is looked up on a search path.
        AgentRegistry builtIn = builtIn(ClaudeAgent.DEFAULT_BINARY, "");
        Supplier<Agent> agent = builtIn.agents.get(recordedName);
        return agent != null ? agent.get() : builtIn.agents.get(DEFAULT).get();
    }

    /**
     * The agent recorded under {@code name}.
     *
     * @throws AgentUnavailableException when no agent has that name (a run recorded by another build)
     */
    public Agent named(String name) throws AgentUnavailableException {
        Supplier<Agent> agent = agents.get(name);
        if (agent == null) {
            throw new AgentUnavailableException("claude-multi: the run was recorded with agent '" + name
                    + "', which this version does not know (it knows " + String.join(", ", agents.keySet()) + ")");
        }
        return agent.get();
    }
}
