package dev.claudemulti.task;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed, validated task file. Two forms: the ancestor's array {@code [{"id","prompt"}]}
 * and {@code {"defaults": {...}, "tasks": [...], "maxCost": USD, "onSessionEnd": CMD, "onFinish": CMD}} (all but tasks optional).
 *
 * <p>Input is UTF-8 of at most 16 MiB. Every problem found is reported at once, each as one
 * line "source:line:column: message", in a {@link TaskFileException}.
 */
public final class TaskFile {
    private final String sourceName;
    private final String text;
    private final List<Task> tasks;
    private final Map<String, Position> cwdPositions;
    private final Double maxCostUsd;
    private final String onSessionEnd;
    private final String onFinish;

    private TaskFile(String sourceName, String text, TaskFileReader.Result read) {
        this.sourceName = sourceName;
        this.text = text;
        this.tasks = List.copyOf(read.tasks());
        this.cwdPositions = read.cwdPositions();
        this.maxCostUsd = read.maxCostUsd();
        this.onSessionEnd = read.onSessionEnd();
        this.onFinish = read.onFinish();
    }

    /**
     * Loads a task file from a command-line argument: a path, "-" for stdin, or inline JSON when it
     * starts with '[' or '{' (after whitespace). Relative paths resolve against {@code baseDir}.
     *
     * @throws TaskFileException with every problem found, each "source:line:column: message"
     */
    public static TaskFile load(String argument, InputStream stdin, Path baseDir) throws TaskFileException {
        TaskFileInput.Raw raw = TaskFileInput.read(argument, stdin, baseDir);
        return parse(raw.sourceName(), raw.bytes());
    }

    /** Parses JSON text; {@code sourceName} prefixes each error ("tasks.json", "<stdin>", "<inline>"). */
    public static TaskFile parse(String sourceName, byte[] json) throws TaskFileException {
        String text = TaskFileInput.decode(sourceName, json);
        return new TaskFile(sourceName, text, TaskFileReader.read(sourceName, text));
    }

    /**
     * Checks every task's cwd against the project directory: it must exist, be a directory and,
     * with symbolic links resolved, lie inside {@code projectDir}.
     *
     * @throws TaskFileException every problem, each "source:line:column: message" at the cwd's value
     */
    public void checkWorkingDirectories(Path projectDir) throws TaskFileException {
        WorkingDirectories.check(sourceName, tasks, cwdPositions, projectDir);
    }

    /** Tasks in file order, with the file's defaults already merged in. */
    public List<Task> tasks() {
        return tasks;
    }

    /**
     * The top-level {@code "maxCost"}: the most the whole run may spend in USD (greater than 0), or
     * null when the file sets none. {@code --max-cost} overrides it.
     */
    public Double maxCostUsd() {
        return maxCostUsd;
    }

    /** The top-level {@code "onSessionEnd"}: a shell command run when a session ends, or null. {@code --on-session-end} overrides it. */
    public String onSessionEnd() {
        return onSessionEnd;
    }

    /** The top-level {@code "onFinish"}: a shell command run when the batch ends, or null. {@code --on-finish} overrides it. */
    public String onFinish() {
        return onFinish;
    }

    /** Where it came from: the path as given, "<stdin>" or "<inline>". */
    public String sourceName() {
        return sourceName;
    }

    /** The exact text that was parsed, to keep a copy beside the run (without a leading byte order mark). */
    public String text() {
        return text;
    }
}
