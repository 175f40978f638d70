package dev.claudemulti.agent;

import dev.claudemulti.display.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The readable rendering of events shared by the dashboard's tail view and {@code output --events}:
 * assistant text, tool calls with a short argument, first line of tool results (errors marked),
 * and the final result with cost. Output lines hold no control characters or ANSI escapes.
 *
 * <pre>
 * ● init model=claude-sonnet-4-5 session=3333a7fe
 * I'll write the file.
 * ▸ Write: out.txt
 *   ✓ File created successfully at: out.txt
 * ▸ Bash: npm test
 *   ✗ Exit code 1  (12 lines)
 * ↻ API retry 1/2: overloaded (HTTP 529), next in 0.6s
 * ■ result: success  $0.1234  7 turns  43.2s
 *   All done.
 * </pre>
 */
public final class EventRenderer {
    /** Bound on one rendered line, in characters. */
    public static final int MAX_LINE_CHARS = 400;
    /** Lines of the final result text shown under the result line. */
    public static final int RESULT_TEXT_LINES = 5;

    private EventRenderer() {}

    /** Zero or more display lines for one event (no trailing newlines). */
    public static List<String> render(SessionEvent event) {
        if (event instanceof SessionEvent.Init e) {
            var sb = new StringBuilder("● init");
            if (e.model() != null) {
                sb.append(" model=").append(e.model());
            }
            if (e.sessionId() != null) {
                sb.append(" session=").append(e.sessionId());
            }
            return List.of(line(sb.toString()));
        }
        if (event instanceof SessionEvent.AssistantText e) {
            return textLines(e.text(), "", Integer.MAX_VALUE);
        }
        if (event instanceof SessionEvent.ToolUse e) {
            String summary = Text.oneLine(e.summary(), MAX_LINE_CHARS);
            return List.of(line("▸ " + e.name() + (summary.isEmpty() ? "" : ": " + summary)));
        }
        if (event instanceof SessionEvent.ToolResult e) {
            return List.of(toolResult(e));
        }
        if (event instanceof SessionEvent.Result e) {
            return result(e);
        }
        if (event instanceof SessionEvent.ApiRetry e) {
            String delay = e.retryDelayMs() == null
                    ? ""
                    : String.format(Locale.ROOT, ", next in %.1fs", e.retryDelayMs() / 1000.0);
            return List.of(line("↻ " + e.describe() + delay));
        }
        if (event instanceof SessionEvent.RateLimit e && e.rejected()) {
            return List.of(line("⏸ rate limit reached" + (e.resetsAt() == null ? "" : ", resets " + e.resetsAt())));
        }
        if (event instanceof SessionEvent.Unparsed e) {
            String excerpt = Text.oneLine(e.excerpt(), MAX_LINE_CHARS);
            boolean cut = e.length() > e.excerpt().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            return List.of(line("? " + excerpt + (cut ? "  (" + e.length() + " bytes)" : "")));
        }
        // Other, Usage and a rate limit that still allows requests: bookkeeping lines nobody needs to read.
        return List.of();
    }

    private static String toolResult(SessionEvent.ToolResult e) {
        List<String> lines = nonBlankLines(e.text());
        String first = lines.isEmpty() ? "" : Text.oneLine(lines.get(0), 120);
        String count = lines.size() > 1 ? "  (" + lines.size() + " lines)" : "";
        if (e.isError()) {
            return line("  ✗ " + (first.isEmpty() ? "error" : first) + count);
        }
        return line("  ✓ " + (first.isEmpty() ? "(no output)" : first) + count);
    }

    private static List<String> result(SessionEvent.Result e) {
        var sb = new StringBuilder("■ result: ").append(e.subtype() == null ? "?" : e.subtype());
        if (e.isError() && "success".equals(e.subtype())) {
            sb.append(" (error)");
        }
        if (e.costUsd() != null) {
            sb.append(String.format(Locale.ROOT, "  $%.4f", e.costUsd()));
        }
        if (e.numTurns() != null) {
            sb.append("  ").append(e.numTurns()).append(e.numTurns() == 1 ? " turn" : " turns");
        }
        if (e.durationMs() != null) {
            sb.append(String.format(Locale.ROOT, "  %.1fs", e.durationMs() / 1000.0));
        }
        if (e.apiErrorStatus() != null) {
            sb.append("  HTTP ").append(e.apiErrorStatus());
        }
        List<String> out = new ArrayList<>();
        out.add(line(sb.toString()));
        for (String err : e.errors()) {
            out.add(line("  error: " + Text.sanitize(err)));
        }
        for (PermissionDenial d : e.permissionDenials()) {
            out.add(line("  ⚠ denied: " + Text.sanitize(d.describe())));
        }
        out.addAll(textLines(e.result(), "  ", RESULT_TEXT_LINES));
        if (abbreviated(e.result())) {
            // Only this view cuts a result; say where the whole of it is (issue 9: result never cuts).
            out.add(ABBREVIATED);
        }
        return out;
    }

    /** Said under a result text shown only in part. */
    static final String ABBREVIATED = "  (abbreviated here; the result command prints the whole text)";

    /** More lines than are shown, or a shown line longer than a rendered line may be. */
    private static boolean abbreviated(String text) {
        List<String> lines = nonBlankLines(text);
        return lines.size() > RESULT_TEXT_LINES
                || lines.stream()
                        .limit(RESULT_TEXT_LINES)
                        .anyMatch(l -> ("  " + Text.sanitize(l).stripTrailing()).length() > MAX_LINE_CHARS);
    }

    private static List<String> textLines(String text, String indent, int max) {
        List<String> lines = nonBlankLines(text);
        List<String> out = new ArrayList<>(Math.min(lines.size(), max) + 1);
        for (int i = 0; i < lines.size() && i < max; i++) {
            out.add(line(indent + Text.sanitize(lines.get(i)).stripTrailing()));
        }
        if (lines.size() > max) {
            out.add(indent + "… " + (lines.size() - max) + " more lines");
        }
        return out;
    }

    private static List<String> nonBlankLines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String l : text.split("\r?\n|\r")) {
            if (!Text.sanitize(l).isBlank()) {
                out.add(l);
            }
        }
        return out;
    }

    private static String line(String s) {
        return Text.truncate(Text.sanitize(s), MAX_LINE_CHARS);
    }
}
