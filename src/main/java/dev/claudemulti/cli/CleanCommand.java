package dev.claudemulti.cli;

import dev.claudemulti.display.Sizes;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.Launchers;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.store.StoreException;
import dev.claudemulti.engine.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code claude-multi clean}: removes the files of runs that are over, never of a live one. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Remove the files of finished runs (finished, interrupted, or whose orchestrator is gone).",
                "Never touches a live run: one whose orchestrator runs, or that still has a session process."},
        footer = {"", "Exit codes: 0 done (also when nothing was removed or nothing has run yet), 1 a run could not be removed, 2 bad option or state directory."})
final class CleanCommand implements Callable<Integer> {
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})\\s*([smhdw]?)");
    private static final String AGE_UNITS = "write a number and a unit: 30m, 12h, 7d, 2w (s, m, h, d, w: seconds, minutes, hours, days, weeks)";

    private final CliContext ctx;

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Option(names = "--older-than", paramLabel = "AGE", description = "Keep runs started less than AGE ago: 30m, 12h, 7d, 2w.")
    String olderThan;

    @Option(names = {"-n", "--dry-run"}, description = "List what would be removed; remove nothing.")
    boolean dryRun;

    CleanCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Duration minAge = olderThan == null ? Duration.ZERO : parseAge(olderThan);
        StateDir dir = stateDir.ifAny(ctx);
        if (dir == null || dir.runIds().isEmpty()) {
            ctx.out().println(stateDir.noRunsYet(ctx));
            return ExitCodes.OK;
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
                ctx.out().println("kept    " + id + "  (" + (state.live() ? state.label() : "has live session processes")
                        + "; stop it first: " + Hints.stopAll(id) + ")");
                continue;
            }
            Instant started = run.snapshot().startedAt() != null ? run.snapshot().startedAt() : RunState.created(id);
            if (started != null && started.isAfter(cutoff)) {
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
        ctx.out().println((dryRun ? "would remove " : "removed ") + removed + (removed == 1 ? " run, " : " runs, ")
                + Sizes.human(freed) + (dryRun ? " would be freed" : " freed"));
        return code;
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
