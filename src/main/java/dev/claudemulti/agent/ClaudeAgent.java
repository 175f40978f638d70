package dev.claudemulti.agent;

import dev.claudemulti.task.Task;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Claude Code in headless mode: {@code claude -p --output-format stream-json --verbose ...} with the
 * prompt on standard input (prompts may start with "-" or pass the 128 KiB argument limit).
 *
 * <p>{@code --allowedTools} and {@code --disallowedTools} take their tools as separate arguments after
 * one flag: the CLI (2.1.x) declares them variadic, and a rule such as {@code Bash(git *)} stays one
 * argument. The form {@code --allowedTools=A B} is avoided: there only A belongs to the flag.
 */
public final class ClaudeAgent implements Agent {
    public static final String DEFAULT_BINARY = "claude";
    static final String INSTALL_HINT = "Install Claude Code (npm install -g @anthropic-ai/claude-code)"
            + " or point --claude / CLAUDE_BIN at the binary.";

    private final String binary;
    private final String searchPath;
    private volatile Path resolved;

    /**
     * @param binary     a path to the executable, or a bare name looked up on {@code searchPath}
     * @param searchPath the PATH to search for a bare name: the command's, never read here from
     *                   {@code System}, so that a command run in-process sees its own environment
     */
    public ClaudeAgent(String binary, String searchPath) {
        this.binary = binary == null || binary.isBlank() ? DEFAULT_BINARY : binary.strip();
        this.searchPath = searchPath == null ? "" : searchPath;
    }

    @Override
    public String name() {
        return "claude";
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    public void checkAvailable() throws AgentUnavailableException {
        resolvedBinary();
    }

    /** Claude Code's {@code --output-format stream-json}. */
    @Override
    public OutputDecoder decoder(Consumer<SessionEvent> events) {
        return new StreamJsonParser(events);
    }

    /** Completed when claude exited 0 with a result that is not an error; else failed with the most telling reason. */
    @Override
    public Outcome classify(AttemptEnd end) {
        return ClaudeOutcomes.classify(end);
    }

    @Override
    public Optional<String> checkedExecutable() {
        return Optional.of(executableForCommand());
    }

    /**
     * The absolute path of the executable: a bare name is looked up on PATH, a path must be an
     * executable regular file.
     *
     * @throws AgentUnavailableException with one line saying what was looked up and how to fix it
     */
    public Path resolvedBinary() throws AgentUnavailableException {
        Path p = resolved;
        if (p == null) {
            p = isBareName(binary) ? searchOnPath() : checkPath();
            resolved = p;
        }
        return p;
    }

    @Override
    public List<String> command(Task task) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executableForCommand());
        cmd.add("-p");
        cmd.add("--output-format");
        cmd.add("stream-json");
        cmd.add("--verbose");
        if (task.model() != null) {
            cmd.add("--model");
            cmd.add(task.model());
        }
        if (task.budgetUsd() != null) {
            cmd.add("--max-budget-usd");
            cmd.add(formatUsd(task.budgetUsd()));
        }
        if (task.permissionMode() != null) {
            cmd.add("--permission-mode");
            cmd.add(task.permissionMode());
        }
        addTools(cmd, "--allowedTools", task.allowedTools());
        addTools(cmd, "--disallowedTools", task.disallowedTools());
        if (task.appendSystemPrompt() != null && !task.appendSystemPrompt().isEmpty()) {
            cmd.add("--append-system-prompt");
            cmd.add(task.appendSystemPrompt());
        }
        return List.copyOf(cmd);
    }

    /**
     * {@link #command(Task)}, then {@code --session-id <id>} for a fresh plan or {@code --resume <id>}
     * for a resuming one (never both: a resumed conversation keeps its own id), then the task's
     * {@code claudeArgs} last and as given. The task reader has already refused the flags claude-multi
     * owns ({@code task.ClaudeArgs}); nothing is filtered here, so what {@code claudeArgs} holds
     * reaches claude as written.
     */
    @Override
    public List<String> command(Task task, AttemptPlan plan) {
        List<String> cmd = new ArrayList<>(command(task));
        if (plan != null && plan.sessionId() != null) {
            cmd.add(plan.resume() ? "--resume" : "--session-id");
            cmd.add(plan.sessionId());
        }
        if (task.claudeArgs() != null) {
            cmd.addAll(task.claudeArgs());
        }
        return List.copyOf(cmd);
    }

    /** {@code claude --resume <id> [--model M]}: the interactive CLI on the session's conversation. */
    @Override
    public Optional<List<String>> interactiveCommand(String sessionId, String model) {
        List<String> cmd = new ArrayList<>(List.of(executableForCommand(), "--resume", sessionId));
        if (model != null) {
            cmd.add("--model");
            cmd.add(model);
        }
        return Optional.of(List.copyOf(cmd));
    }

    /** A budget without exponent or trailing zeros: 5.0 gives "5", 0.10 gives "0.1". */
    public static String formatUsd(double usd) {
        return BigDecimal.valueOf(usd).stripTrailingZeros().toPlainString();
    }

    private static void addTools(List<String> cmd, String flag, List<String> tools) {
        if (tools == null) {
            return;
        }
        List<String> kept = tools.stream()
                .filter(t -> t != null && !t.isBlank())
                .map(String::strip)
                .toList();
        if (!kept.isEmpty()) {
            cmd.add(flag);
            cmd.addAll(kept);
        }
    }

    private String executableForCommand() {
        try {
            return resolvedBinary().toString();
        } catch (AgentUnavailableException e) {
            // checkAvailable() reports this before anything starts; launching will fail with the raw name.
            return binary;
        }
    }

    static boolean isBareName(String s) {
        return s.indexOf('/') < 0 && s.indexOf(File.separatorChar) < 0 && !s.startsWith("~");
    }

    private Path searchOnPath() throws AgentUnavailableException {
        Path notExecutable = null;
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate;
            try {
                candidate = Path.of(dir, binary);
            } catch (InvalidPathException e) {
                continue;
            }
            if (Files.isRegularFile(candidate)) {
                if (Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath().normalize();
                }
                if (notExecutable == null) {
                    notExecutable = candidate;
                }
            }
        }
        String why = notExecutable != null
                ? "found " + notExecutable + " on PATH but it is not executable (chmod +x it)."
                : "not found on PATH (" + (searchPath.isEmpty() ? "PATH is empty" : searchPath) + ").";
        throw unavailable(why + " " + INSTALL_HINT);
    }

    private Path checkPath() throws AgentUnavailableException {
        Path p;
        try {
            String s = binary.startsWith("~/") ? System.getProperty("user.home") + binary.substring(1) : binary;
            p = Path.of(s).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw unavailable("not a valid path. " + INSTALL_HINT);
        }
        if (!Files.exists(p)) {
            throw unavailable("no such file (" + p + "). " + INSTALL_HINT);
        }
        if (Files.isDirectory(p)) {
            throw unavailable(p + " is a directory. Point --claude / CLAUDE_BIN at the claude executable itself"
                    + " (e.g. " + p.resolve("claude") + ").");
        }
        if (!Files.isRegularFile(p)) {
            throw unavailable(p + " is not a regular file. " + INSTALL_HINT);
        }
        if (!Files.isExecutable(p)) {
            throw unavailable(p + " is not executable (chmod +x it, or "
                    + INSTALL_HINT.substring(0, 1).toLowerCase(Locale.ROOT)
                    + INSTALL_HINT.substring(1, INSTALL_HINT.length() - 1) + ").");
        }
        return p;
    }

    private AgentUnavailableException unavailable(String why) {
        return new AgentUnavailableException("claude-multi: cannot run '" + binary + "': " + why);
    }
}
