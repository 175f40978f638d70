package dev.claudemulti.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake agent for scheduler tests: reads its prompt from stdin and acts on directives in it,
 * writing claude-like stream-json. Directives (any order, space-separated):
 * {@code sleep=SECONDS}, {@code exit=CODE}, {@code cost=USD}, {@code error=SUBTYPE},
 * {@code noresult}, {@code ignoreterm}, {@code background} (leaves a process running after exit),
 * {@code stderr=TEXT}, {@code apierror=STATUS} (the API failed with that HTTP status: a transient
 * outcome). The result text is the SHA-256 of the whole prompt, so tests can check it arrived
 * intact. Its session id is the one {@code --session-id} or {@code --resume} gives, as claude's.
 */
public final class ScriptedAgentMain {
    private ScriptedAgentMain() {}

    public static void main(String[] args) throws Exception {
        byte[] prompt = System.in.readAllBytes();
        String p = new String(prompt, StandardCharsets.UTF_8);
        if (p.contains("ignoreterm")) {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> {});
        }
        String session = "sess-" + ProcessHandle.current().pid();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--session-id") || args[i].equals("--resume")) {
                session = args[i + 1];
            }
        }
        out("{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"" + session
                + "\",\"model\":\"scripted\",\"cwd\":\""
                + System.getProperty("user.dir").replace("\\", "\\\\") + "\"}");
        out(
                "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_1\",\"content\":[{\"type\":\"tool_use\",\"id\":\"tu_1\","
                        + "\"name\":\"Bash\",\"input\":{\"command\":\"npm test\"}}],\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}}");
        if (p.contains("background")) {
            new ProcessBuilder("sh", "-c", "sleep 300 &").inheritIO().start().waitFor();
        }
        String stderr = value(p, "stderr");
        if (stderr != null) {
            System.err.println(stderr);
        }
        String sleep = value(p, "sleep");
        if (sleep != null) {
            Thread.sleep((long) (Double.parseDouble(sleep) * 1000));
        }
        String cost = value(p, "cost");
        String apiError = value(p, "apierror");
        String error = apiError != null ? "success" : value(p, "error");
        if (!p.contains("noresult")) {
            out("{\"type\":\"result\",\"subtype\":\"" + (error != null ? error : "success") + "\",\"is_error\":"
                    + (error != null) + ",\"result\":\"" + sha256(prompt) + "\",\"total_cost_usd\":"
                    + (cost != null ? cost : "0.01") + ",\"num_turns\":1,\"duration_ms\":5,\"session_id\":\"" + session
                    + "\","
                    + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"cache_read_input_tokens\":3,"
                    + "\"cache_creation_input_tokens\":2}"
                    + (error != null ? ",\"errors\":[\"scripted " + error + "\"]" : "")
                    + (apiError != null
                            ? ",\"api_error_status\":" + apiError + ",\"terminal_reason\":\"api_error\""
                            : "")
                    + "}");
        }
        String exit = value(p, "exit");
        System.exit(exit != null ? Integer.parseInt(exit) : (error != null ? 1 : 0));
    }

    private static void out(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static String value(String prompt, String key) {
        Matcher m = Pattern.compile("\\b" + key + "=(\\S+)").matcher(prompt);
        return m.find() ? m.group(1) : null;
    }

    static String sha256(byte[] data) throws NoSuchAlgorithmException, IOException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
