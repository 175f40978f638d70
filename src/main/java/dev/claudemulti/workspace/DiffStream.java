package dev.claudemulti.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's diff against its base, copied from {@code git diff}'s output as git writes it, so a
 * diff of any size goes through a fixed buffer and is never held whole in memory.
 *
 * <p>An ended session with a commit: its commit against its base. A session without a commit yet
 * (still running) whose worktree exists: the worktree's tracked files against the base (files it
 * created and has not added are not in it). Not guaranteed: a stable picture of a session that is
 * still writing.
 */
public final class DiffStream {
    private final SessionWorkspace workspace;

    public DiffStream(SessionWorkspace workspace) {
        this.workspace = workspace;
    }

    /** Whether there is anything to diff: a commit, or a worktree of a session that has not ended. */
    public boolean available() {
        return workspace.commit() != null
                || (workspace.changes() == null && Files.isDirectory(Path.of(workspace.worktree())));
    }

    /**
     * Starts {@code git diff} for this session; the caller reads the process's stdout to its end (or
     * destroys it). {@code stat} gives git's {@code --stat} summary instead of the patch.
     */
    public Process start(boolean stat, boolean color) throws IOException {
        List<String> args =
                new ArrayList<>(List.of("diff", "--no-ext-diff", color ? "--color=always" : "--color=never"));
        if (stat) {
            args.add("--stat");
        }
        args.add(workspace.base());
        if (workspace.commit() != null) {
            args.add(workspace.commit());
            return new Git(Path.of(workspace.repo())).start(args.toArray(String[]::new));
        }
        return new Git(Path.of(workspace.worktree())).start(args.toArray(String[]::new));
    }

    /** Copies the diff to {@code out}; returns git's exit code. */
    public int copyTo(OutputStream out, boolean stat, boolean color) throws IOException {
        Process git = start(stat, color);
        try (InputStream in = git.getInputStream()) {
            in.transferTo(out);
            out.flush();
        } catch (IOException e) {
            git.destroyForcibly(); // the reader went away (a closed pipe): git must not linger
            throw e;
        }
        try {
            return git.waitFor();
        } catch (InterruptedException e) {
            git.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while git diff ran", e);
        }
    }
}
