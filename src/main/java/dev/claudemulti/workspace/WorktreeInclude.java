package dev.claudemulti.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/**
 * Copies into a new worktree the files that git ignores but a session needs ({@code .env}, say):
 * those matching {@code .worktreeinclude} at the repository's root, in gitignore syntax, the
 * convention Claude Code, Conductor and ccmanager share. A tracked file is never copied (the
 * worktree has it from the commit), and nothing is copied when the file is absent.
 */
final class WorktreeInclude {
    static final String FILE = ".worktreeinclude";

    private WorktreeInclude() {}

    /** Copies the matching ignored files of {@code repo} to the same paths under {@code worktree}. */
    static void copy(Path repo, Path worktree) throws IOException {
        if (!Files.isRegularFile(repo.resolve(FILE))) {
            return;
        }
        // Untracked, ignored by the repository's rules, and matching .worktreeinclude.
        String ignored = new Git(repo).check("ls-files", "-z", "--others", "--ignored", "--exclude-standard");
        String included = new Git(repo).check("ls-files", "-z", "--others", "--ignored", "--exclude-from=" + FILE);
        Set<String> ignoredSet = Set.of(ignored.split("\0"));
        for (String relative : included.split("\0")) {
            if (relative.isEmpty() || !ignoredSet.contains(relative)) {
                continue;
            }
            Path from = repo.resolve(relative);
            Path to = worktree.resolve(relative).normalize();
            if (!to.startsWith(worktree) || !Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}
