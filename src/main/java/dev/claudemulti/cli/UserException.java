package dev.claudemulti.cli;

/**
 * An error the user caused or can fix. Printed as its message alone (one line per problem,
 * never a stack trace) and turned into the exit code it carries.
 */
public class UserException extends RuntimeException {
    private final int exitCode;

    public UserException(String message) {
        this(ExitCodes.USAGE, message);
    }

    public UserException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
