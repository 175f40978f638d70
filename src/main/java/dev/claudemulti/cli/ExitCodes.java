package dev.claudemulti.cli;

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
}
