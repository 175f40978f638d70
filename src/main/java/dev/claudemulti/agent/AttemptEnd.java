package dev.claudemulti.agent;

import java.util.function.Supplier;

/**
 * What is known about an attempt once its process has exited, for {@link Agent#classify}.
 *
 * @param exitCode              the main process's exit code (-1 if it is not known)
 * @param result                the final result event the decoder saw, or null if there was none
 * @param lastUnparsed          the excerpt of the last output line the decoder could not read, or null
 * @param lastStderrLine        the last non-blank line of the attempt's standard error, or null; read
 *                              only when asked (the file can be large and most attempts never need it)
 * @param lastRejectedRateLimit the last rate-limit event of the attempt whose status was "rejected"
 *                              ({@link SessionProgress#lastRejectedRateLimit()}), or null if none
 */
public record AttemptEnd(
        int exitCode,
        SessionEvent.Result result,
        String lastUnparsed,
        Supplier<String> lastStderrLine,
        SessionEvent.RateLimit lastRejectedRateLimit) {

    /** An end without a rejected rate-limit event. */
    public AttemptEnd(int exitCode, SessionEvent.Result result, String lastUnparsed, Supplier<String> lastStderrLine) {
        this(exitCode, result, lastUnparsed, lastStderrLine, null);
    }
}
