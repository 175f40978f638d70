package dev.claudemulti.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pretend {@code claude -p --output-format stream-json}: reads the prompt from standard input and,
 * over a few seconds chosen from the prompt's hash, writes the lines the real CLI writes (init,
 * assistant text and tool calls, tool results, a final result with cost and usage). A prompt containing
 * "fail" ends with {@code error_max_budget_usd} and exit code 1. Spends nothing and touches no file.
 *
 * <p>Arguments: {@code --model M --budget USD}. {@value SimulatedAgent#SPEED_VARIABLE} multiplies all delays.
 */
public final class SimulatedAgentMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILE_LIKE = Pattern.compile("[\\w-]+(?:/[\\w.-]+)*\\.[a-z]{1,5}\\b");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{3,}");
    private static final String[] COMMANDS = {"npm test", "mvn -q test", "git status --short", "ls src", "make check"};
    private static final String[] FILES = {"src/main.ts", "README.md", "pom.xml", "src/app/service.py", "lib/util.go"};

    private final PrintStream out;
    private final Random rnd;
    private final String prompt;
    private final String model;
    private final double budget;
    private final double speed;
    private final String sessionId = UUID.randomUUID().toString();
    private long inputTokens;
    private long outputTokens;
    private long cacheRead;
    private int messages;
    private int toolIds;
    private String lastMessageId;
    private long[] lastUsage;

    SimulatedAgentMain(PrintStream out, String prompt, String model, double budget, double speed) {
        this.out = out;
        this.prompt = prompt;
        this.model = model;
        this.budget = budget;
        this.speed = speed;
        this.rnd = new Random(prompt.hashCode());
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String model = "sonnet";
        double budget = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--model" -> model = args[i + 1];
                case "--budget" -> budget = parseOr(args[i + 1], 5);
                default -> {
                    // unknown options are ignored, like a newer CLI's
                }
            }
        }
        String prompt = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        double speed = Math.max(0, parseOr(System.getenv(SimulatedAgent.SPEED_VARIABLE), 1));
        var out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        int code = new SimulatedAgentMain(out, prompt, model, budget, speed).run();
        out.flush();
        System.exit(code);
    }

    private static double parseOr(String s, double fallback) {
        try {
            return s == null ? fallback : Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Writes the whole session; returns the exit code. */
    int run() throws InterruptedException {
        long started = System.currentTimeMillis();
        boolean fail = prompt.toLowerCase(Locale.ROOT).contains("fail");
        int turns = 2 + rnd.nextInt(4);
        long totalMs = 3000 + rnd.nextInt(9000);
        int steps = turns * 2 + 1;
        long stepMs = totalMs / steps;

        ObjectNode init = line("system");
        init.put("subtype", "init");
        init.put("cwd", System.getProperty("user.dir"));
        init.put("session_id", sessionId);
        init.putArray("tools").add("Bash").add("Edit").add("Grep").add("Read").add("Write");
        init.put("model", "simulated-" + model);
        init.put("permissionMode", "simulated");
        init.put("claude_code_version", "simulated");
        init.put("simulated", true);
        emit(init);

        List<String> files = filesFromPrompt();
        String topic = topicFromPrompt();
        for (int t = 0; t < turns; t++) {
            pause(stepMs);
            String messageId = "msg_sim_" + (++messages);
            String file = files.get(t % files.size());
            String[] tool = switch (t % 4) {
                case 0 -> new String[] {"Read", "file_path", file, "Let me read " + file + " first."};
                case 1 -> new String[] {"Grep", "pattern", topic, "Searching for " + topic + "."};
                case 2 -> new String[] {"Edit", "file_path", file, "Updating " + file + "."};
                default ->
                    new String[] {"Bash", "command", COMMANDS[rnd.nextInt(COMMANDS.length)], "Running the checks."};
            };
            emitAssistant(messageId, text(tool[3]));
            String toolId = "toolu_sim_" + (++toolIds);
            ObjectNode use = JSON.createObjectNode();
            use.put("type", "tool_use");
            use.put("id", toolId);
            use.put("name", tool[0]);
            use.putObject("input").put(tool[1], tool[2]);
            emitAssistant(messageId, use);
            pause(stepMs);
            emitToolResult(toolId, toolOutput(tool[0], tool[2]));
            if (fail && t == turns - 1) {
                return result(started, true);
            }
        }
        pause(stepMs);
        emitAssistant(
                "msg_sim_" + (++messages),
                text("Done: " + topic + " handled across " + files.size() + " file(s). All checks pass."));
        return result(started, false);
    }

    private int result(long started, boolean overBudget) {
        double cost = cost();
        ObjectNode r = line("result");
        r.put("subtype", overBudget ? "error_max_budget_usd" : "success");
        r.put("is_error", overBudget);
        r.put("duration_ms", System.currentTimeMillis() - started);
        r.put("duration_api_ms", (System.currentTimeMillis() - started) / 2);
        r.put("num_turns", messages);
        if (!overBudget) {
            r.put("result", "Simulated session finished.\nNo real model was called and no file was changed.");
        }
        r.put("session_id", sessionId);
        r.put("total_cost_usd", overBudget ? Math.max(cost, budget + 0.01) : Math.min(cost, budget));
        ObjectNode usage = r.putObject("usage");
        usage.put("input_tokens", inputTokens);
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", cacheRead);
        usage.put("output_tokens", outputTokens);
        r.put("terminal_reason", overBudget ? "budget_exhausted" : "completed");
        if (overBudget) {
            r.putArray("errors").add("Reached maximum budget ($" + ClaudeAgent.formatUsd(budget) + ")");
        }
        r.putArray("permission_denials");
        r.put("simulated", true);
        emit(r);
        return overBudget ? 1 : 0;
    }

    /** Sonnet list prices: $3 per million input tokens, $15 output, $0.30 cache reads. */
    private double cost() {
        return (inputTokens * 3.0 + outputTokens * 15.0 + cacheRead * 0.3) / 1_000_000;
    }

    private void emitAssistant(String messageId, ObjectNode block) {
        // The CLI repeats a message's usage on each of its lines (one per block); count each message once.
        if (!messageId.equals(lastMessageId)) {
            lastMessageId = messageId;
            lastUsage = new long[] {800 + rnd.nextInt(1500), 60 + rnd.nextInt(400), 5000L * messages};
            inputTokens += lastUsage[0];
            outputTokens += lastUsage[1];
            cacheRead += lastUsage[2];
        }
        ObjectNode a = line("assistant");
        ObjectNode m = a.putObject("message");
        m.put("id", messageId);
        m.put("type", "message");
        m.put("role", "assistant");
        m.put("model", "simulated-" + model);
        m.putArray("content").add(block);
        ObjectNode usage = m.putObject("usage");
        usage.put("input_tokens", lastUsage[0]);
        usage.put("output_tokens", lastUsage[1]);
        usage.put("cache_read_input_tokens", lastUsage[2]);
        usage.put("cache_creation_input_tokens", 0);
        a.putNull("parent_tool_use_id");
        a.put("session_id", sessionId);
        emit(a);
    }

    private void emitToolResult(String toolId, String content) {
        ObjectNode u = line("user");
        ObjectNode m = u.putObject("message");
        m.put("role", "user");
        ObjectNode block = m.putArray("content").addObject();
        block.put("tool_use_id", toolId);
        block.put("type", "tool_result");
        block.put("content", content);
        block.put("is_error", false);
        u.putNull("parent_tool_use_id");
        u.put("session_id", sessionId);
        emit(u);
    }

    private String toolOutput(String tool, String arg) {
        return switch (tool) {
            case "Read" -> "     1\t// " + arg + " (simulated)\n     2\t\n     3\texport {};";
            case "Grep" -> "Found " + (1 + rnd.nextInt(6)) + " files\n" + String.join("\n", filesFromPrompt());
            case "Edit" -> "The file " + arg + " has been updated. (simulated)";
            default -> "simulated: " + arg + "\n" + (3 + rnd.nextInt(40)) + " passing";
        };
    }

    private static ObjectNode text(String s) {
        ObjectNode t = JSON.createObjectNode();
        t.put("type", "text");
        t.put("text", s);
        return t;
    }

    private static ObjectNode line(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    private void emit(ObjectNode node) {
        out.print(node.toString());
        out.print('\n');
        out.flush();
    }

    private void pause(long ms) throws InterruptedException {
        long scaled = Math.round(ms * speed);
        if (scaled > 0) {
            Thread.sleep(scaled);
        }
    }

    private List<String> filesFromPrompt() {
        var found = new LinkedHashSet<String>();
        Matcher m = FILE_LIKE.matcher(prompt);
        while (m.find() && found.size() < 3) {
            found.add(m.group());
        }
        if (found.isEmpty()) {
            found.add(FILES[Math.floorMod(prompt.hashCode(), FILES.length)]);
        }
        return new ArrayList<>(found);
    }

    private String topicFromPrompt() {
        Matcher m = WORD.matcher(prompt);
        String best = null;
        while (m.find()) {
            if (best == null || m.group().length() > best.length()) {
                best = m.group();
            }
        }
        return best == null ? "TODO" : best;
    }
}
