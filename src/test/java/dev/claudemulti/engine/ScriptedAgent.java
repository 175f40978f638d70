package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.task.Task;
import java.nio.file.Path;
import java.util.List;

/** Runs {@link ScriptedAgentMain} from the test classes as a session's agent. */
final class ScriptedAgent implements Agent {
    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public void checkAvailable() {
    }

    @Override
    public List<String> command(Task task) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), ScriptedAgentMain.class.getName());
    }
}
