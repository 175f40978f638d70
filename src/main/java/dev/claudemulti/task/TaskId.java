package dev.claudemulti.task;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for task ids. An id names the task's directory in the state directory and is typed
 * on the command line, so it must be a safe file name on every system: ASCII letters, digits,
 * '.', '_' and '-', starting with a letter or digit, at most 64 characters, not ending in '.',
 * and not a Windows device name such as {@code CON} or {@code com1.txt}.
 */
public final class TaskId {
    public static final int MAX_LENGTH = 64;
    private static final Set<String> WINDOWS_DEVICES = Set.of(
            "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1",
            "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private TaskId() {}

    public static boolean isValid(String id) {
        return problem(id).isEmpty();
    }

    /** What is wrong with {@code id}, as a message that starts with "id", or empty when it is valid. */
    public static Optional<String> problem(String id) {
        if (id.isEmpty()) {
            return Optional.of("id must not be empty");
        }
        String shown = Quoted.of(id);
        if (id.length() > MAX_LENGTH) {
            return Optional.of("id " + shown + " is " + id.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        if (!hasIdForm(id)) {
            int bad = id.codePoints().filter(c -> !isIdChar(c)).findFirst().orElse(-1);
            if (bad >= 0) {
                return Optional.of("id " + shown + " contains " + Quoted.character(bad)
                        + "; only ASCII letters, digits, '.', '_' and '-' are allowed");
            }
            return Optional.of("id " + shown + " must start with an ASCII letter or digit");
        }
        if (id.endsWith(".")) {
            return Optional.of("id " + shown + " must not end with '.' (Windows drops it from directory names)");
        }
        int dot = id.indexOf('.');
        String base = (dot < 0 ? id : id.substring(0, dot)).toUpperCase(Locale.ROOT);
        if (WINDOWS_DEVICES.contains(base)) {
            return Optional.of("id " + shown + " is a reserved device name on Windows and cannot name a directory");
        }
        return Optional.empty();
    }

    /**
     * [A-Za-z0-9][A-Za-z0-9._-]* (the length is checked apart), by hand: compiling a regex is a
     * noticeable part of a run's start.
     */
    static boolean hasIdForm(String id) {
        char first = id.charAt(0);
        if (first >= 0x80 || !Character.isLetterOrDigit(first)) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            if (!isIdChar(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdChar(int c) {
        return c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-');
    }
}
