package dev.claudemulti.workspace;

import java.io.IOException;
import java.util.List;

/**
 * Whether two commits merge cleanly, asked of {@code git merge-tree --write-tree} (git 2.38 or
 * later): git computes the merge in its object store only, so no work tree, index or ref of the
 * repository changes, however the merge would go.
 *
 * <p>Guaranteed: the repository's files and refs are as before the call. Not guaranteed: that a
 * later {@code git merge} of the same commits succeeds (the branch may move meanwhile), nor that
 * the merged tree builds: this is git's textual merge only.
 */
public final class MergeTree {
    private MergeTree() {}

    /**
     * The files that conflict when {@code theirs} is merged into {@code ours} (any commit-ish each);
     * empty when they merge cleanly.
     *
     * @throws IOException when git cannot compute the merge at all (an unknown commit, git older than 2.38)
     */
    public static List<String> conflictingFiles(Git repo, String ours, String theirs) throws IOException {
        Git.Result r = repo.run("merge-tree", "--write-tree", "--name-only", "--no-messages", ours, theirs);
        // Exit 1 is "conflicts", with the files after the tree's id; anything else is git failing.
        if (r.exitCode() != 0 && r.exitCode() != 1) {
            throw new IOException("git merge-tree failed: " + r.firstErrorLine());
        }
        if (r.exitCode() == 0) {
            return List.of();
        }
        return r.out()
                .lines()
                .skip(1)
                .filter(line -> !line.isBlank())
                .distinct()
                .toList();
    }
}
