package dev.claudemulti.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Engine#attachBegin} hands the dashboard: the interactive command to run in the user's
 * terminal and the directory to run it in, or why the take-over did not begin (nothing was recorded).
 *
 * @param command   the program and its arguments; null when refused
 * @param directory the session's working directory; null when refused
 * @param refusal   one line for the user, or null when the take-over began
 */
public record Handover(List<String> command, Path directory, String refusal) {
    public static Handover refused(String why) {
        return new Handover(null, null, why);
    }

    public boolean began() {
        return refusal == null;
    }
}
