package dev.claudemulti.agent;

import java.util.List;

/**
 * The readable rendering of events shared by the dashboard's tail view and {@code output --events}:
 * assistant text, tool calls with a short argument, first line of tool results (errors marked),
 * and the final result with cost. Output lines hold no control characters or ANSI escapes.
 */
public final class EventRenderer {
    private EventRenderer() {
    }

    /** Zero or more display lines for one event (no trailing newlines). */
    public static List<String> render(SessionEvent event) {
        throw new UnsupportedOperationException("TODO");
    }
}
