package dev.claudemulti.engine;

/**
 * A task's {@code check} command after a completed attempt.
 *
 * @param exitCode  null while it runs (or when it never finished: the orchestrator died meanwhile)
 * @param timedOut  it ran past the session's timeout and was stopped (its exit code is then the signal's)
 * @param rounds    how many times the check has run for this session, this one included (1 at first)
 * @param maxRounds the most it may run: the task's {@code fixAttempts} plus one
 */
public record CheckOutcome(String command, Integer exitCode, boolean timedOut, int rounds, int maxRounds) {
    /** How the reason of a session whose check failed starts: "check failed: npm test exit 1". */
    public static final String FAILED_REASON = "check failed";

    /** Whether it ran to its end and exited 0. */
    public boolean passed() {
        return exitCode != null && exitCode == 0 && !timedOut;
    }

    /** Whether it ran to its end (or its timeout) and did not pass. */
    public boolean failed() {
        return exitCode != null && !passed();
    }
}
