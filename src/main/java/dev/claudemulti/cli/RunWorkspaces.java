package dev.claudemulti.cli;

import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.workspace.Git;
import dev.claudemulti.workspace.SessionWorkspace;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worktrees of a recorded run's sessions, as diff, merge, conflicts and clean read them: from
 * {@link SessionView#workspace()}, so a run recorded with worktrees needs nothing more here.
 */
final class RunWorkspaces {
    private RunWorkspaces() {}

    /** Task id to workspace, in the order of the sessions (task-file order), for those that have one. */
    static Map<String, SessionWorkspace> of(List<SessionView> sessions) {
        Map<String, SessionWorkspace> m = new LinkedHashMap<>();
        for (SessionView s : sessions) {
            if (s.workspace() != null) {
                m.put(s.taskId(), s.workspace());
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** As {@link #of}, refusing with exit 2 a run none of whose sessions had a worktree. */
    static Map<String, SessionWorkspace> required(RunSnapshot snapshot) {
        Map<String, SessionWorkspace> m = of(snapshot.sessions());
        if (m.isEmpty()) {
            throw new UserException("run " + snapshot.runId() + " did not give its sessions worktrees (isolation none):"
                    + " there are no branches to review");
        }
        return m;
    }

    /** The project's repository: the one all of the run's worktrees were made from. */
    static Git repo(Map<String, SessionWorkspace> workspaces) {
        return new Git(Path.of(workspaces.values().iterator().next().repo()));
    }
}
