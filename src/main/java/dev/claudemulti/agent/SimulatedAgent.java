package dev.claudemulti.agent;

import dev.claudemulti.task.Task;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The demo agent: a JVM running {@link SimulatedAgentMain}, which writes plausible stream-json over a
 * few seconds and spends no money. Every place that shows a run labels it SIMULATED. It imitates
 * Claude's output and exits, so Claude's decoder and rules read it.
 */
public final class SimulatedAgent implements Agent {
    /** Environment variable multiplying the simulated durations (0.05 makes a session last a fraction of a second). */
    public static final String SPEED_VARIABLE = "CLAUDE_MULTI_SIM_SPEED";

    private final String java;
    private final String classPath;

    public SimulatedAgent() {
        this(currentJava(), System.getProperty("java.class.path"));
    }

    public SimulatedAgent(String java, String classPath) {
        this.java = java;
        this.classPath = classPath;
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public void checkAvailable() throws AgentUnavailableException {
        Path p = Path.of(java);
        if (!Files.isExecutable(p)) {
            throw new AgentUnavailableException("claude-multi: cannot run the simulated agent: no java at " + java);
        }
        if (classPath == null || classPath.isBlank()) {
            throw new AgentUnavailableException(
                    "claude-multi: cannot run the simulated agent: java.class.path is empty");
        }
    }

    @Override
    public OutputDecoder decoder(Consumer<SessionEvent> events) {
        return new StreamJsonParser(events);
    }

    @Override
    public Outcome classify(AttemptEnd end) {
        return ClaudeOutcomes.classify(end);
    }

    @Override
    public List<String> command(Task task) {
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx32m",
                "-cp",
                classPath,
                SimulatedAgentMain.class.getName()));
        if (task.model() != null) {
            cmd.add("--model");
            cmd.add(task.model());
        }
        if (task.budgetUsd() != null) {
            cmd.add("--budget");
            cmd.add(ClaudeAgent.formatUsd(task.budgetUsd()));
        }
        return List.copyOf(cmd);
    }

    /** The java launcher of this JVM. */
    static String currentJava() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }
}
