package dev.claudemulti.agent;

/**
 * Folds a session's events into the live figures the table shows. Not thread-safe: owned by
 * the thread that parses the session's output; readers take the values it returns.
 */
public final class SessionProgress {
    /** Applies one event. Returns true if anything visible changed. */
    public boolean accept(SessionEvent event) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Assistant turns so far (distinct assistant messages), or the result's num_turns once known. */
    public int turns() {
        throw new UnsupportedOperationException("TODO");
    }

    /** total_cost_usd of the result line; null before it. */
    public Double costUsd() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Token totals: from the result's usage once known, else summed from assistant messages seen so far. */
    public Tokens tokens() {
        throw new UnsupportedOperationException("TODO");
    }

    /** One short line, control characters removed: "Bash: npm test", "Edit src/a.ts", or the first words of text. */
    public String activity() {
        throw new UnsupportedOperationException("TODO");
    }

    public String sessionId() {
        throw new UnsupportedOperationException("TODO");
    }

    public String model() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The result line, or null if none was seen. */
    public SessionEvent.Result result() {
        throw new UnsupportedOperationException("TODO");
    }
}
