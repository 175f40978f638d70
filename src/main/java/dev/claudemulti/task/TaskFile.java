package dev.claudemulti.task;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A parsed, validated task file. Two forms: the ancestor's array {@code [{"id","prompt"}]}
 * and {@code {"defaults": {...}, "tasks": [...]}}.
 */
public final class TaskFile {
    /**
     * Loads a task file from a command-line argument: a path, "-" for stdin, or inline JSON when it
     * starts with '[' or '{' (after whitespace). Relative paths resolve against {@code baseDir}.
     *
     * @throws TaskFileException with every problem found, each "source:line:column: message"
     */
    public static TaskFile load(String argument, InputStream stdin, Path baseDir) throws TaskFileException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Parses JSON text; {@code sourceName} prefixes each error ("tasks.json", "<stdin>", "<inline>"). */
    public static TaskFile parse(String sourceName, byte[] json) throws TaskFileException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Tasks in file order, with the file's defaults already merged in. */
    public List<Task> tasks() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Where it came from: the path as given, "<stdin>" or "<inline>". */
    public String sourceName() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The exact text that was parsed, to keep a copy beside the run. */
    public String text() {
        throw new UnsupportedOperationException("TODO");
    }
}
