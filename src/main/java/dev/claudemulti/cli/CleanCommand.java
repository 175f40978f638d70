package dev.claudemulti.cli;

import dev.claudemulti.display.Sizes;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.Launchers;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.RunState;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.store.StoreException;
import dev.claudemulti.workspace.BranchCleanup;
import dev.claudemulti.workspace.Git;
import dev.claudemulti.workspace.SessionWorkspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code claude-multi clean}: removes the files of runs that are over, never of a live one. */
@Command(
        name = "clean",
        mixinStandardHelpOptions = true,
        description = {
            "Remove the files of finished runs (finished, interrupted, or whose orchestrator is gone).",
            "Never touches a live run: one whose orchestrator runs, or that still has a session process.",
            "For a run with worktrees, also removes its sessions' worktrees and deletes their branches that",
            "are merged into the current branch; unmerged branches are kept unless --branches. A worktree",
            "with uncommitted changes is kept, and so is its run."
        },
        footer = {
            "",
            "Exit codes: 0 done (also when nothing was removed or nothing has run yet), 1 a run could not be removed, 2 bad option or state directory."
        })
final class CleanCommand implements Callable<Integer> {
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})\\s*([smhdw]?)");
    private static final String DEFAULT_PREFIX = "claude-multi/";
    private static final String AGE_UNITS =
            "write a number and a unit: 30m, 12h, 7d, 2w (s, m, h, d, w: seconds, minutes, hours, days, weeks)";

    private final CliContext ctx;

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Option(
            names = "--older-than",
            paramLabel = "AGE",
            description = "Keep runs started less than AGE ago: 30m, 12h, 7d, 2w.")
    String olderThan;

    @Option(
            names = {"-n", "--dry-run"},
            description = "List what would be removed; remove nothing.")
    boolean dryRun;

    @Option(
            names = "--branches",
            description = {
                "Also delete unmerged branches of the runs removed, and the",
                "claude-multi/ branches of runs removed earlier (in the repository of the current directory)."
            })
    boolean branches;

    /** Unmerged branches kept, over all runs cleaned: said once at the end. */
    private final List<String> keptBranches = new ArrayList<>();
    /** Each repository cleaned, with the branch prefixes its runs used: where --branches looks for orphans. */
    private final Map<Path, Set<String>> prefixes = new LinkedHashMap<>();

    CleanCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Duration minAge = olderThan == null ? Duration.ZERO : parseAge(olderThan);
        StateDir dir = stateDir.ifAny(ctx);
        if (dir == null || dir.runIds().isEmpty()) {
            ctx.out().println(stateDir.noRunsYet(ctx));
            return branches(dir, ExitCodes.OK);
        }
        Instant cutoff = Instant.now().minus(minAge);
        long freed = 0;
        int removed = 0;
        int code = ExitCodes.OK;
        for (String id : dir.runIds()) {
            RecordedRun run;
            try {
                run = RecordedRun.loadStates(dir.openRun(id));
            } catch (StoreException e) {
                continue; // removed meanwhile
            }
            RunState state = RunState.of(run);
            if (state.live() || !Launchers.registry().liveByMarker(id).isEmpty()) {
                ctx.out()
                        .println("kept    " + id + "  (" + (state.live() ? state.label() : "has live session processes")
                                + "; stop it first: " + Hints.stopAll(id) + ")");
                continue;
            }
            Instant started =
                    run.snapshot().startedAt() != null ? run.snapshot().startedAt() : RunState.created(id);
            if (started != null && started.isAfter(cutoff)) {
                continue;
            }
            if (!cleanWorkspaces(id, RunWorkspaces.of(run.snapshot().sessions()))) {
                code = ExitCodes.NOT_ALL_COMPLETED;
                continue;
            }
            long size = dir.runSize(id);
            if (dryRun) {
                ctx.out().println("would remove " + id + "  (" + state.label() + ", " + Sizes.human(size) + ")");
                freed += size;
                removed++;
                continue;
            }
            try {
                freed += dir.deleteRun(id);
                removed++;
                ctx.out().println("removed " + id + "  (" + state.label() + ", " + Sizes.human(size) + ")");
            } catch (StoreException e) {
                ctx.err().println("claude-multi: " + e.getMessage());
                code = ExitCodes.NOT_ALL_COMPLETED;
            }
        }
        ctx.out()
                .println((dryRun ? "would remove " : "removed ")
                        + removed
                        + (removed == 1 ? " run, " : " runs, ")
                        + Sizes.human(freed)
                        + (dryRun ? " would be freed" : " freed"));
        return branches(dir, code);
    }

    /** The orphan branches (with --branches), then what was kept: the end of every clean. */
    private int branches(StateDir dir, int runsCode) {
        int code = runsCode;
        if (branches) {
            code = Math.max(code, cleanOrphanBranches(dir));
        }
        if (!keptBranches.isEmpty()) {
            // Earlier attempts' refs (refs/...) are kept like branches: both hold work nobody merged.
            ctx.out()
                    .println("kept " + keptBranches.size() + " unmerged "
                            + (keptBranches.size() == 1 ? "branch" : "branches")
                            + ": " + String.join(", ", keptBranches)
                            + "; merge with git merge NAME, or delete them with: "
                            + Hints.CLEAN_BRANCHES);
        }
        return code;
    }

    /**
     * Removes the run's worktrees and its merged branches (with --branches, all of its branches);
     * false when the run must stay: a worktree holds uncommitted work, which removing the run's
     * directory would lose, or git failed.
     */
    private boolean cleanWorkspaces(String runId, Map<String, SessionWorkspace> workspaces) {
        if (workspaces.isEmpty()) {
            return true;
        }
        BranchCleanup.Outcome outcome;
        try {
            outcome = new BranchCleanup(branches, dryRun).clean(runId, workspaces);
        } catch (IOException e) {
            ctx.err().println("claude-multi: kept " + runId + ": cleaning its worktrees failed: " + e.getMessage());
            return false;
        }
        workspaces
                .values()
                .forEach(ws -> prefixes.computeIfAbsent(Path.of(ws.repo()), r -> new LinkedHashSet<>())
                        .add(prefixOf(ws.branch(), runId)));
        outcome.deletedBranches().forEach(this::printDeleted);
        keptBranches.addAll(outcome.keptBranches());
        outcome.keptWorktrees()
                .forEach((path, why) -> ctx.out()
                        .println("kept    " + runId + "  (worktree " + path + " has " + why
                                + "; commit or discard them first)"));
        return outcome.worktreesGone();
    }

    /** With --branches: the branches of runs no longer in the state directory, in each repository seen and the current one. */
    private int cleanOrphanBranches(StateDir dir) {
        Path here = repositoryOf(ctx.cwd());
        if (here != null) {
            prefixes.computeIfAbsent(here, r -> new LinkedHashSet<>()).add(DEFAULT_PREFIX);
        }
        Set<String> known = dir == null ? Set.of() : new HashSet<>(dir.runIds());
        int code = ExitCodes.OK;
        for (var e : prefixes.entrySet()) {
            for (String prefix : e.getValue()) {
                try {
                    BranchCleanup.Outcome o =
                            new BranchCleanup(true, dryRun).cleanOrphans(new Git(e.getKey()), prefix, known);
                    o.deletedBranches().forEach(this::printDeleted);
                    keptBranches.addAll(o.keptBranches());
                } catch (IOException ex) {
                    ctx.err()
                            .println(
                                    "claude-multi: cannot list the branches of " + e.getKey() + ": " + ex.getMessage());
                    code = ExitCodes.NOT_ALL_COMPLETED;
                }
            }
        }
        return code;
    }

    /** "deleted branch claude-multi/R/a", or "deleted ref refs/claude-multi/R/a/attempt-1" for an earlier attempt's. */
    private void printDeleted(String name) {
        ctx.out()
                .println((dryRun ? "would delete " : "deleted ")
                        + (name.startsWith("refs/") ? "ref " : "branch ")
                        + name);
    }

    /** The prefix a run's branch was made with ({@code claude-multi/} unless --branch-prefix). */
    private static String prefixOf(String branch, String runId) {
        int at = branch.lastIndexOf(runId + "/");
        return at >= 0 ? branch.substring(0, at) : DEFAULT_PREFIX;
    }

    /** The top directory of the git work tree {@code dir} is in; null when it is in none. */
    private static Path repositoryOf(Path dir) {
        try {
            Git.Result r = new Git(dir).run("rev-parse", "--show-toplevel");
            return r.ok() ? Path.of(r.out().strip()) : null;
        } catch (IOException e) {
            return null; // no git: no repository to clean
        }
    }

    static Duration parseAge(String text) {
        Matcher m = AGE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UserException("--older-than: '" + text + "' is not an age; " + AGE_UNITS);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            // A bare number once meant seconds and so removed nearly every run: the unit is required.
            default -> throw new UserException("--older-than: '" + text + "' has no unit; " + AGE_UNITS);
        };
    }
}
