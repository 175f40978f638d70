package dev.claudemulti.cli;

import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.workspace.Git;
import dev.claudemulti.workspace.Merger;
import dev.claudemulti.workspace.SessionWorkspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code claude-multi merge ID... | --all}: sessions' branches into the project's current branch. */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description = {
            "Merge sessions' branches into the project's current branch, in the order given",
            "(--all: every session with changes, in task-file order). Each merge is checked for conflicts",
            "first: at the first conflict merge stops, names the task and the files, and leaves the",
            "repository as it was before that merge (merges already done stay done)."
        },
        footer = {
            "",
            "Exit codes: 0 all merged, 1 stopped at a conflict or a failed merge (or git failed),",
            "2 refused, nothing merged: a dirty working tree, a detached HEAD, a session without a commit,",
            "unknown run or task."
        })
final class MergeCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(arity = "0..*", paramLabel = "TASK", description = "Task ids, merged in this order.")
    List<String> taskIds = new ArrayList<>();

    @Option(names = "--all", description = "Merge every session that has changes, in task-file order.")
    boolean all;

    @Option(names = "--squash", description = "One new commit per session instead of a merge commit.")
    boolean squash;

    @Option(
            names = "--rebase",
            description = "Replay each session's commit on top of the current branch (linear history).")
    boolean rebase;

    @Mixin
    RunIdOption run = new RunIdOption();

    MergeCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (all == !taskIds.isEmpty()) {
            throw new UserException(
                    all
                            ? "merge: name tasks or give --all, not both"
                            : "merge: name the tasks to merge, or give --all");
        }
        if (squash && rebase) {
            throw new UserException("merge: --squash and --rebase exclude each other; give one");
        }
        RecordedRun recorded = all ? run.load(ctx) : run.withTask(ctx, taskIds.get(0));
        for (String id : taskIds) {
            if (recorded.snapshot().session(id) == null) {
                throw new UserException(
                        "no task '" + id + "' in run " + recorded.store().runId());
            }
        }
        try {
            return merge(recorded.snapshot().runId(), recorded.snapshot().sessions());
        } catch (IOException e) {
            // git missing, too old for merge-tree, or the repository moved: the user's to fix, not a bug.
            throw new UserException(ExitCodes.NOT_ALL_COMPLETED, e.getMessage());
        }
    }

    /** Merges the chosen ones of {@code sessions} (those of run {@code runId}); returns the exit code. */
    int merge(String runId, List<SessionView> sessions) throws IOException {
        Map<String, SessionWorkspace> workspaces = RunWorkspaces.of(sessions);
        if (workspaces.isEmpty()) {
            throw new UserException(
                    "run " + runId + " did not give its sessions worktrees (isolation none): nothing to merge");
        }
        Map<String, SessionWorkspace> chosen = chosen(workspaces);
        if (chosen.isEmpty()) {
            ctx.out().println("nothing to merge: no session of run " + runId + " changed anything");
            return ExitCodes.OK;
        }
        Git repo = RunWorkspaces.repo(workspaces);
        Merger merger = new Merger(repo, squash ? Merger.Mode.SQUASH : rebase ? Merger.Mode.REBASE : Merger.Mode.MERGE);
        String refusal = merger.refusal();
        if (refusal != null) {
            throw new UserException("merge: " + refusal + "; nothing merged");
        }
        List<String> done = new ArrayList<>();
        for (var e : chosen.entrySet()) {
            Merger.Step step = merger.merge(e.getKey(), e.getValue());
            if (!step.merged()) {
                ctx.err()
                        .println("claude-multi: task '" + e.getKey() + "' " + step.detail()
                                + (step.conflicts().isEmpty() ? "" : " in: " + String.join(", ", step.conflicts()))
                                + "; the repository is as it was before this merge");
                ctx.err()
                        .println(
                                "claude-multi: merged before it: " + (done.isEmpty() ? "none" : String.join(", ", done))
                                        + "; see " + Hints.conflicts(runId));
                return ExitCodes.NOT_ALL_COMPLETED;
            }
            done.add(e.getKey());
            ctx.out()
                    .println(e.getKey() + "  " + step.detail() + "  ("
                            + e.getValue().branch() + ")");
        }
        return ExitCodes.OK;
    }

    /**
     * The sessions to merge, in merge order. Named ones must each have a commit (refused with exit 2
     * before anything is merged); --all takes those that have one.
     */
    private Map<String, SessionWorkspace> chosen(Map<String, SessionWorkspace> workspaces) {
        Map<String, SessionWorkspace> chosen = new LinkedHashMap<>();
        if (all) {
            workspaces.forEach((task, ws) -> {
                if (ws.commit() != null) {
                    chosen.put(task, ws);
                }
            });
            return chosen;
        }
        for (String task : taskIds) {
            String refusal = Merger.refusal(task, workspaces.get(task));
            if (refusal != null) {
                throw new UserException("merge: " + refusal + "; nothing merged");
            }
            chosen.put(task, workspaces.get(task));
        }
        return chosen;
    }
}
