package dev.claudemulti.workspace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The commit a dependant's branch starts from: its one dependency's commit, or the merge of its
 * dependencies' commits, made with {@code git merge-tree --write-tree} and {@code git commit-tree}
 * (git 2.38 or later) in the object store only: no work tree, index or branch of the repository
 * changes. Several dependencies are merged one after another, in the order given.
 *
 * <p>Guaranteed: a conflict is reported with every file it involves at that step, and nothing is
 * left behind but unreferenced objects (which git collects). Not guaranteed: that the merged tree
 * builds; this is git's textual merge only.
 */
public final class DependencyMerge {
    private static final String FALLBACK_NAME = "claude-multi";
    private static final String FALLBACK_EMAIL = "claude-multi@localhost";

    /** The dependencies' commits conflict; {@link #files()} names where. */
    public static final class Conflict extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<String> files;

        Conflict(List<String> files) {
            super("dependencies conflict in " + String.join(", ", files));
            this.files = List.copyOf(files);
        }

        public List<String> files() {
            return files;
        }
    }

    private DependencyMerge() {}

    /**
     * The commit to start from: {@code commits}' only distinct one, or a new merge commit of them
     * all whose subject is {@code subject}.
     *
     * @throws Conflict when two of them change the same lines
     * @throws IOException when git fails otherwise (an unknown commit, git older than 2.38)
     */
    public static String base(Git repo, List<String> commits, String subject) throws IOException, Conflict {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(commits));
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("no commits to start from");
        }
        String merged = distinct.get(0);
        for (String next : distinct.subList(1, distinct.size())) {
            Git.Result r = repo.run("merge-tree", "--write-tree", "--name-only", "--no-messages", merged, next);
            // Exit 1 is "conflicts", with the files after the tree's id; anything else is git failing.
            if (r.exitCode() == 1) {
                throw new Conflict(r.out()
                        .lines()
                        .skip(1)
                        .filter(l -> !l.isBlank())
                        .distinct()
                        .toList());
            }
            if (r.exitCode() != 0) {
                throw new IOException("git merge-tree failed: " + r.firstErrorLine());
            }
            String tree = r.out().lines().findFirst().orElseThrow().strip();
            merged = repo.check(identity(repo, "commit-tree", tree, "-p", merged, "-p", next, "-m", subject))
                    .strip();
        }
        return merged;
    }

    /** {@code args}, with a stand-in author when the repository names none (commit-tree needs one). */
    private static String[] identity(Git repo, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (!repo.run("config", "user.name").ok()) {
            cmd.addAll(List.of("-c", "user.name=" + FALLBACK_NAME));
        }
        if (!repo.run("config", "user.email").ok()) {
            cmd.addAll(List.of("-c", "user.email=" + FALLBACK_EMAIL));
        }
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }
}
