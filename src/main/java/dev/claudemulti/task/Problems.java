package dev.claudemulti.task;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one task file, so that the user can fix them all in one go. */
final class Problems {
    // A generated file with 10,000 bad tasks should not print 10,000 lines.
    private static final int MAX_SHOWN = 50;

    private final String source;
    private final List<String> lines = new ArrayList<>();
    private int hidden;

    Problems(String source) {
        this.source = source;
    }

    void at(Position position, String message) {
        add(source + ":" + position + ": " + message);
    }

    /** A problem with the file as a whole, with no position. */
    void whole(String message) {
        add(source + ": " + message);
    }

    private void add(String line) {
        if (lines.size() < MAX_SHOWN) {
            lines.add(line);
        } else {
            hidden++;
        }
    }

    /** How many problems so far, shown or not. */
    int count() {
        return lines.size() + hidden;
    }

    void throwIfAny() throws TaskFileException {
        if (lines.isEmpty()) {
            return;
        }
        List<String> all = new ArrayList<>(lines);
        if (hidden > 0) {
            all.add(source + ": " + hidden + " more problem" + (hidden == 1 ? "" : "s") + " not shown");
        }
        throw new TaskFileException(all);
    }

    /** Throws at once: for problems after which nothing more can be checked. */
    static TaskFileException single(String source, String message) {
        return new TaskFileException(List.of(source + ": " + message));
    }
}
