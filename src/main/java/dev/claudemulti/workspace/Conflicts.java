package dev.claudemulti.workspace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which sessions' changes conflict: each session that has a commit against the project's current
 * branch, and each pair of such sessions against each other, all computed with {@link MergeTree}
 * (no work tree is touched).
 *
 * <p>Sessions without a commit (no changes, or not ended yet) are left out. Pairs are listed in the
 * order the sessions are given, first with the current branch, then pair by pair.
 */
public final class Conflicts {
    /**
     * One conflict: task {@code task} with {@code with} (the current branch's name, or another task's
     * id when {@code withTask}), in {@code files}.
     */
    public record Conflict(String task, String with, boolean withTask, List<String> files) {
        public Conflict {
            files = List.copyOf(files);
        }
    }

    private Conflicts() {}

    /**
     * The conflicts among {@code sessions} (task id to its workspace, in task-file order) and
     * between each of them and {@code repo}'s current branch ({@code HEAD}).
     */
    public static List<Conflict> compute(Git repo, Map<String, SessionWorkspace> sessions) throws IOException {
        String current = currentBranchLabel(repo);
        List<Map.Entry<String, SessionWorkspace>> withCommits = sessions.entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue().commit() != null)
                .toList();
        List<Conflict> found = new ArrayList<>();
        for (var e : withCommits) {
            List<String> files =
                    MergeTree.conflictingFiles(repo, "HEAD", e.getValue().commit());
            if (!files.isEmpty()) {
                found.add(new Conflict(e.getKey(), current, false, files));
            }
        }
        for (int i = 0; i < withCommits.size(); i++) {
            for (int j = i + 1; j < withCommits.size(); j++) {
                var a = withCommits.get(i);
                var b = withCommits.get(j);
                List<String> files = MergeTree.conflictingFiles(
                        repo, a.getValue().commit(), b.getValue().commit());
                if (!files.isEmpty()) {
                    found.add(new Conflict(a.getKey(), b.getKey(), true, files));
                }
            }
        }
        return found;
    }

    /** The current branch's short name ("main"), or "HEAD" when it is detached. */
    public static String currentBranchLabel(Git repo) throws IOException {
        Git.Result r = repo.run("symbolic-ref", "--quiet", "--short", "HEAD");
        return r.ok() ? r.out().strip() : "HEAD";
    }
}
