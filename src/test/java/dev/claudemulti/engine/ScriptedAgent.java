package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.AttemptEnd;
import dev.claudemulti.agent.AttemptPlan;
import dev.claudemulti.agent.ClaudeAgent;
import dev.claudemulti.agent.Outcome;
import dev.claudemulti.agent.OutputDecoder;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.task.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs {@link ScriptedAgentMain} from the test classes as a session's agent; it writes Claude's stream-json. */
final class ScriptedAgent implements Agent {
    private final Agent claude = new ClaudeAgent(ClaudeAgent.DEFAULT_BINARY, "");

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public void checkAvailable() {}

    @Override
    public OutputDecoder decoder(Consumer<SessionEvent> events) {
        return claude.decoder(events);
    }

    @Override
    public Outcome classify(AttemptEnd end) {
        return claude.classify(end);
    }

    /** The attempt's conversation goes to the fake as claude's flags, which it echoes as its session id. */
    @Override
    public List<String> command(Task task, AttemptPlan plan) {
        List<String> command = new ArrayList<>(command(task));
        command.add(plan.resume() ? "--resume" : "--session-id");
        command.add(plan.sessionId());
        return command;
    }

    @Override
    public List<String> command(Task task) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(
                java,
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-Xmx32m",
                "-cp",
                System.getProperty("java.class.path"),
                ScriptedAgentMain.class.getName());
    }
}
