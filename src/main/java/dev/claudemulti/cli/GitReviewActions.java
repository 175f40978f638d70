package dev.claudemulti.cli;

import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.tui.ReviewActions;
import dev.claudemulti.workspace.Conflicts;
import dev.claudemulti.workspace.Git;
import dev.claudemulti.workspace.Merger;
import dev.claudemulti.workspace.SessionWorkspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dashboard's merge and conflicts, done with git as the {@code merge} and {@code conflicts}
 * commands do them: a merge is a plain merge commit, checked for conflicts first, and never leaves
 * a merge in progress. A git failure comes back as a result (merge) or as no conflicts known
 * (conflicts), never as an exception into the dashboard.
 */
final class GitReviewActions implements ReviewActions {
    /** The last answer and what it was computed from: the dashboard asks often, the answer changes rarely. */
    private String lastKey;

    private Map<String, String> lastConflicts = Map.of();

    @Override
    public synchronized MergeResult merge(SessionView session) {
        SessionWorkspace ws = session.workspace();
        String refusal = Merger.refusal(session.taskId(), ws);
        if (refusal != null) {
            return new MergeResult(false, refusal);
        }
        try {
            Merger merger = new Merger(new Git(Path.of(ws.repo())), Merger.Mode.MERGE);
            String repoRefusal = merger.refusal();
            if (repoRefusal != null) {
                return new MergeResult(false, repoRefusal);
            }
            Merger.Step step = merger.merge(session.taskId(), ws);
            return new MergeResult(
                    step.merged(),
                    step.conflicts().isEmpty()
                            ? step.detail()
                            : step.detail() + " in: " + String.join(", ", step.conflicts()));
        } catch (IOException e) {
            return new MergeResult(false, "git failed: " + e.getMessage());
        }
    }

    @Override
    public synchronized Map<String, String> conflicts(RunSnapshot snapshot) {
        Map<String, SessionWorkspace> workspaces = RunWorkspaces.of(snapshot.sessions());
        if (workspaces.isEmpty()) {
            return Map.of();
        }
        Git repo = RunWorkspaces.repo(workspaces);
        Map<String, String> with = new LinkedHashMap<>();
        try {
            // The answer depends only on the current branch's commit and the sessions' commits.
            String key = repo.check("rev-parse", "HEAD").strip() + " "
                    + workspaces.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue().commit())
                            .collect(Collectors.joining(" "));
            if (key.equals(lastKey)) {
                return lastConflicts;
            }
            for (Conflicts.Conflict c : Conflicts.compute(repo, workspaces)) {
                // A pair conflicts both ways: each of the two is marked, naming the other.
                with.merge(c.task(), c.with(), (a, b) -> a + ", " + b);
                if (c.withTask()) {
                    with.merge(c.with(), c.task(), (a, b) -> a + ", " + b);
                }
            }
            lastKey = key;
            lastConflicts = Collections.unmodifiableMap(with);
        } catch (IOException e) {
            return Map.of(); // unknown is shown as no mark; the conflicts command reports git's error
        }
        return lastConflicts;
    }
}
