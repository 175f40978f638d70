package dev.claudemulti.engine;

/** Where a session is in its life. Only QUEUED and RUNNING are not final. */
public enum SessionState {
    QUEUED("queued"),
    RUNNING("running"),
    COMPLETED("completed"),
    FAILED("failed"),
    TIMED_OUT("timed_out"),
    STOPPED("stopped"),
    KILLED("killed"),
    /** Never started: a halt policy, the batch budget or a failed dependency ruled it out (the reason says which). */
    SKIPPED("skipped"),
    /**
     * Taken over by hand ({@code claude-multi attach}, the dashboard's {@code a}): the user ran claude
     * interactively on the session's conversation. Final, and not a failure.
     */
    ATTACHED("attached"),
    /** Recorded as running by an orchestrator that is gone; only ever shown, never recorded. */
    LOST("lost");

    private final String label;

    SessionState(String label) {
        this.label = label;
    }

    /** The lower-case name used in the journal, the JSON output and on screen. */
    public String label() {
        return label;
    }

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    public static SessionState fromLabel(String label) {
        for (SessionState s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown session state: " + label);
    }
}
