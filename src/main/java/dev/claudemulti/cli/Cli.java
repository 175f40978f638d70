package dev.claudemulti.cli;

import java.io.PrintStream;

/** Wires all picocli commands and handlers in one place. */
public final class Cli {
    private Cli() {
    }

    public static int execute(PrintStream out, PrintStream err, String... args) {
        err.println("claude-multi: not built yet");
        return 2;
    }
}
