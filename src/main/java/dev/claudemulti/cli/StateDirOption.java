package dev.claudemulti.cli;

import dev.claudemulti.store.StateDir;
import dev.claudemulti.store.StoreException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state-dir}, shared by every command that reads or writes runs. */
public class StateDirOption {
    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description =
                    "State directory (env CLAUDE_SESSIONS_DIR, default: $XDG_STATE_HOME/claude-multi or ~/.local/state/claude-multi).")
    String stateDir;

    Path path(CliContext ctx) {
        String explicit = BatchOptions.first(stateDir, ctx.env("CLAUDE_SESSIONS_DIR"), null);
        if (explicit != null) {
            return ctx.cwd().resolve(expandHome(explicit, ctx)).normalize();
        }
        String xdg = ctx.env("XDG_STATE_HOME");
        Path base = xdg != null ? Path.of(xdg) : home(ctx).resolve(".local").resolve("state");
        return base.resolve("claude-multi");
    }

    /** Opens the state directory for a new run: created if needed and proven writable. */
    StateDir open(CliContext ctx) {
        try {
            return StateDir.open(path(ctx), ctx.env());
        } catch (StoreException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** Opens an existing state directory for reading. */
    StateDir existing(CliContext ctx) {
        try {
            return StateDir.existing(path(ctx), ctx.env());
        } catch (StoreException e) {
            throw new UserException(e.getMessage());
        }
    }

    /**
     * The state directory for reading, or null when it does not exist: nothing has run yet, which
     * list, status, stop-all and clean report as such (exit 0) rather than as an error.
     */
    StateDir ifAny(CliContext ctx) {
        return java.nio.file.Files.exists(path(ctx)) ? existing(ctx) : null;
    }

    /** The one line those commands print when nothing has run yet. */
    String noRunsYet(CliContext ctx) {
        return "no runs yet (state directory " + path(ctx) + ")";
    }

    private static Path home(CliContext ctx) {
        String h = ctx.env("HOME");
        return Path.of(h != null ? h : System.getProperty("user.home"));
    }

    private static String expandHome(String p, CliContext ctx) {
        return p.equals("~") || p.startsWith("~/") ? home(ctx) + p.substring(1) : p;
    }
}
