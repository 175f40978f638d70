package dev.claudemulti.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.workspace.Changes;
import dev.claudemulti.workspace.SessionWorkspace;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A session's workspace as the reports show it: the same fields in {@code status --json},
 * {@code --json} and the three report formats (worktree, branch, base, commit or null, changes).
 */
final class WorkspaceFields {
    private WorkspaceFields() {}

    /** {"repo", "worktree", "branch", "base", "commit", "changes": {"files", "insertions", "deletions"}}. */
    static ObjectNode json(SessionWorkspace ws) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("repo", ws.repo());
        node.put("worktree", ws.worktree());
        node.put("branch", ws.branch());
        node.put("base", ws.base());
        node.put("commit", ws.commit());
        if (ws.changes() == null) {
            node.putNull("changes");
        } else {
            node.putObject("changes")
                    .put("files", ws.changes().files())
                    .put("insertions", ws.changes().insertions())
                    .put("deletions", ws.changes().deletions());
        }
        return node;
    }

    /** "+120 −8 · 5 files", "no changes", or "" while the session has not ended. */
    static String changesText(SessionWorkspace ws) {
        Changes c = ws == null ? null : ws.changes();
        return c == null ? "" : c.summary();
    }

    /** Name to value, in report order; values may be empty, never null. */
    static Map<String, String> properties(SessionWorkspace ws) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("worktree", ws.worktree());
        p.put("branch", ws.branch());
        p.put("base", ws.base());
        p.put("commit", ws.commit() == null ? "" : ws.commit());
        p.put("changes", changesText(ws));
        return p;
    }
}
