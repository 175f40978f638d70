package dev.claudemulti.workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a run asks about the project's repository before it starts: whether there is one, which
 * commit a revision names, whether the work tree has uncommitted changes, and whether git is
 * recent enough for conflict previews. Each answer is one git command; none changes anything.
 */
public final class Repositories {
    private static final Pattern VERSION = Pattern.compile("git version (\\d+)\\.(\\d+)");

    private Repositories() {}

    /** The top directory of the git work tree {@code dir} is in, or null when it is in none (or git is missing). */
    public static Path topLevel(Path dir) {
        if (!mayBeInRepository(dir)) {
            return null; // what git would say, without the 20 ms or so of starting it (a run's start waits on this)
        }
        try {
            Git.Result r = new Git(dir).run("rev-parse", "--show-toplevel");
            return r.ok() ? Path.of(r.out().strip()).toAbsolutePath().normalize() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * False only when neither {@code dir} nor any directory above it holds a {@code .git}: git, run
     * without the {@code GIT_*} variables that could point it elsewhere ({@link Git}), then finds no
     * repository either. True when unsure (a directory that cannot be read).
     */
    static boolean mayBeInRepository(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (!java.nio.file.Files.notExists(p.resolve(".git"))) {
                return true;
            }
        }
        return false;
    }

    /** The commit SHA {@code revision} names in {@code repo}, or null when it names none. */
    public static String commitOf(Path repo, String revision) throws IOException {
        if (revision.startsWith("-")) {
            return null; // would be read as an option
        }
        Git.Result r = new Git(repo).run("rev-parse", "--verify", "--quiet", revision + "^{commit}");
        return r.ok() ? r.out().strip() : null;
    }

    /** Whether the work tree or index of {@code repo} differs from its HEAD (untracked files count). */
    public static boolean hasUncommittedChanges(Path repo) throws IOException {
        return !new Git(repo).check("status", "--porcelain").isBlank();
    }

    /** Whether git has {@code merge-tree --write-tree} (2.38 or later), which conflict previews need. */
    public static boolean canPreviewMerges(Path repo) {
        try {
            Matcher m = VERSION.matcher(new Git(repo).check("--version"));
            if (!m.find()) {
                return false;
            }
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            return major > 2 || (major == 2 && minor >= 38);
        } catch (IOException e) {
            return false;
        }
    }
}
