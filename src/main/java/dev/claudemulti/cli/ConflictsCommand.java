package dev.claudemulti.cli;

import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.report.TextTable;
import dev.claudemulti.workspace.Conflicts;
import dev.claudemulti.workspace.SessionWorkspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code claude-multi conflicts}: which sessions' changes conflict, computed without touching any work tree. */
@Command(
        name = "conflicts",
        mixinStandardHelpOptions = true,
        description = {
            "Show which sessions conflict with the project's current branch and with each other,",
            "and in which files (computed by git in its object store: no file is touched)."
        },
        footer = {
            "",
            "Exit codes: 0 no conflicts, 1 some sessions conflict (or git failed), 2 unknown run, or the run did not use worktrees."
        })
final class ConflictsCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    RunIdOption run = new RunIdOption();

    ConflictsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        RecordedRun recorded = run.load(ctx);
        try {
            return show(recorded.snapshot().runId(), recorded.snapshot().sessions());
        } catch (IOException e) {
            // git missing, too old for merge-tree, or the repository moved: the user's to fix, not a bug.
            throw new UserException(ExitCodes.NOT_ALL_COMPLETED, e.getMessage());
        }
    }

    /** Prints the conflicts among the sessions of run {@code runId}; returns the exit code. */
    int show(String runId, List<SessionView> sessions) throws IOException {
        Map<String, SessionWorkspace> workspaces = RunWorkspaces.of(sessions);
        if (workspaces.isEmpty()) {
            throw new UserException(
                    "run " + runId + " did not give its sessions worktrees (isolation none): nothing can conflict");
        }
        List<Conflicts.Conflict> found = Conflicts.compute(RunWorkspaces.repo(workspaces), workspaces);
        long withCommits =
                workspaces.values().stream().filter(ws -> ws.commit() != null).count();
        if (found.isEmpty()) {
            ctx.out()
                    .println("no conflicts among the " + withCommits + (withCommits == 1 ? " session" : " sessions")
                            + " with changes in run " + runId);
            return ExitCodes.OK;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TASK", "CONFLICTS WITH", "FILES"});
        for (Conflicts.Conflict c : found) {
            rows.add(new String[] {
                c.task(), c.withTask() ? "task " + c.with() : "branch " + c.with(), String.join(", ", c.files())
            });
        }
        ctx.out().print(TextTable.render(rows, new boolean[3], "", "  "));
        ctx.out().println("see a session's changes: " + Hints.diff(found.get(0).task(), runId));
        return ExitCodes.NOT_ALL_COMPLETED;
    }
}
