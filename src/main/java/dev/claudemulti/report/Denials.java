package dev.claudemulti.report;

import dev.claudemulti.agent.PermissionDenial;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** How permission denials read in every output: their count and the tools refused. */
public final class Denials {
    private Denials() {}

    /** "1 permission denial: Write", "3 permission denials: Write, Bash"; null if none. */
    public static String summary(List<PermissionDenial> denials) {
        if (denials == null || denials.isEmpty()) {
            return null;
        }
        Set<String> tools = new LinkedHashSet<>();
        denials.forEach(d -> tools.add(d.toolName()));
        return denials.size()
                + (denials.size() == 1 ? " permission denial: " : " permission denials: ")
                + String.join(", ", tools);
    }

    /**
     * What is said after a session's status: why it did not complete, or what it was refused; null
     * for a clean completion or a session still going.
     */
    public static String detail(SessionView v) {
        if (v.state() == SessionState.COMPLETED) {
            return summary(v.denials());
        }
        if (v.state().isFinal() && v.reason() != null && !v.reason().isBlank()) {
            return v.reason();
        }
        return null;
    }
}
