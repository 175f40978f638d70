package dev.claudemulti;

import dev.claudemulti.cli.Cli;
import java.io.PrintStream;

/** Entry point. {@link #run} is the whole program and can be called in-process by tests. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        return Cli.execute(out, err, args);
    }
}
