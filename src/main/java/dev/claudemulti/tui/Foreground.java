package dev.claudemulti.tui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a program in the foreground of the dashboard's terminal (a take-over by hand): the dashboard
 * gives the terminal up, restored as it was before the dashboard took it, for as long as the program
 * runs, then takes it back and draws again. GUI thread only: nothing draws meanwhile.
 */
interface Foreground {
    /** A dashboard without a terminal of its own (a virtual terminal): nothing can run in the foreground. */
    Foreground NONE = (command, directory) -> {
        throw new IOException("the dashboard has no terminal to give up");
    };

    /**
     * Runs {@code command} in {@code directory} with the terminal and waits for it; returns its exit
     * code. Throws, with the dashboard drawn again, if it could not start.
     */
    int run(List<String> command, Path directory) throws IOException;
}
