package dev.claudemulti.cli;

import dev.claudemulti.task.DidYouMean;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * "; did you mean '--json'?" for a mistyped option or command. One best guess (the same finder
 * the task file reader uses), or nothing: picocli's own list of "possible solutions" is often long
 * and unrelated.
 */
final class Suggestions {
    private Suggestions() {}

    static String of(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched)
                || unmatched.getUnmatched().isEmpty()) {
            return "";
        }
        String given = unmatched.getUnmatched().get(0);
        var spec = ex.getCommandLine().getCommandSpec();
        List<String> known = new ArrayList<>();
        if (given.startsWith("-")) {
            int eq = given.indexOf('=');
            given = eq > 0 ? given.substring(0, eq) : given;
            known.addAll(spec.optionsMap().keySet());
        } else {
            known.addAll(spec.subcommands().keySet());
        }
        return DidYouMean.hint(given, known);
    }
}
