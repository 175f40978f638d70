package dev.claudemulti.report;

import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;

/**
 * A session's status as every output names and counts it: its {@link SessionState}, except that a
 * completed session whose agent was refused tool calls is "completed with denials", apart from a
 * clean completion (it still exits 0: the agent finished, but without what was refused).
 */
public enum Status {
    COMPLETED("completed", "Completed", "✓", "+"),
    COMPLETED_WITH_DENIALS("completed with denials", "Completed with denials", "⚠", "!"),
    FAILED("failed", "Failed", "✗", "x"),
    TIMED_OUT("timed_out", "Timed out", "⏱", "T"),
    STOPPED("stopped", "Stopped", "■", "S"),
    KILLED("killed", "Killed", "☠", "K"),
    LOST("lost", "Lost", "?", "?"),
    SKIPPED("skipped", "Skipped", "⊝", "-"),
    /** Taken over by hand (attach): not a failure, and not a completion the agent reported either. */
    ATTACHED("attached", "Attached", "↳", "A"),
    RUNNING("running", "Running", "…", "."),
    QUEUED("queued", "Queued", "…", ".");

    private final String label;
    private final String title;
    private final String icon;
    private final String plainIcon;

    Status(String label, String title, String icon, String plainIcon) {
        this.label = label;
        this.title = title;
        this.icon = icon;
        this.plainIcon = plainIcon;
    }

    public static Status of(SessionView v) {
        return switch (v.state()) {
            case COMPLETED -> v.denials().isEmpty() ? COMPLETED : COMPLETED_WITH_DENIALS;
            case FAILED -> FAILED;
            case TIMED_OUT -> TIMED_OUT;
            case STOPPED -> STOPPED;
            case KILLED -> KILLED;
            case LOST -> LOST;
            case SKIPPED -> SKIPPED;
            case ATTACHED -> ATTACHED;
            case RUNNING -> RUNNING;
            case QUEUED -> QUEUED;
        };
    }

    /** As shown in tables and lines: "completed with denials", "timed_out". */
    public String label() {
        return label;
    }

    /** The JSON name, also the key of its count: "completed_with_denials", "timed_out". */
    public String key() {
        return label.replace(' ', '_');
    }

    /** The heading of its count: "Completed with denials", "Timed out". */
    public String title() {
        return title;
    }

    /**
     * ✓ completed, ⚠ with denials, ✗ failed, ⏱ timed out, ■ stopped, ☠ killed, ? lost, ⊝ skipped,
     * ↳ attached, … queued or running.
     */
    public String icon(boolean plain) {
        return plain ? plainIcon : icon;
    }

    /** The agent finished its task (exit 0, no error), with or without denials. */
    public boolean completed() {
        return this == COMPLETED || this == COMPLETED_WITH_DENIALS;
    }

    /** Counted beside Total, Completed, Running, Queued and Failed even when zero (the ancestor's status line). */
    boolean alwaysCounted() {
        return this == COMPLETED || this == RUNNING || this == QUEUED || this == FAILED;
    }
}
