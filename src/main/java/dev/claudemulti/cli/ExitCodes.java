package dev.claudemulti.cli;

import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;

/** The exit codes, in one place. */
public final class ExitCodes {
    /** Every task completed. */
    public static final int OK = 0;
    /** Some task did not complete (failed, timed out, stopped, killed, or skipped by a halt policy or the batch budget). */
    public static final int NOT_ALL_COMPLETED = 1;
    /** Usage error or invalid input: nothing was started. */
    public static final int USAGE = 2;
    /** A bug in claude-multi (EX_SOFTWARE); its stack trace is in orchestrator.log. */
    public static final int INTERNAL_ERROR = 70;
    /** Interrupted by SIGINT, SIGTERM or SIGHUP. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}

    /**
     * A finished batch's code: {@link #OK} only when every task's latest attempt completed. A task a
     * halt policy or the batch budget skipped did not run, so it counts as not completed, as a
     * failure does: a CI job must not pass a batch that stopped early.
     */
    static int ofBatch(RunSnapshot end) {
        return end.sessions().stream().allMatch(s -> s.state() == SessionState.COMPLETED) ? OK : NOT_ALL_COMPLETED;
    }
}
