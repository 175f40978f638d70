package dev.claudemulti.tui;

/**
 * The lines of the help overlay, in the order it shows them. Each is referenced by the
 * {@link KeyBindings} rows it explains; one line may explain several keys ("↑ ↓  j k").
 */
enum HelpLine {
    SELECT(Section.TABLE, "↑ ↓  j k", "select a session"),
    PAGE(Section.TABLE, "PgUp PgDn Home End", "move by page, to first, to last"),
    TAIL(Section.TABLE, "Enter  t", "tail the session's output"),
    STOP_OR_KILL(Section.TABLE, "s  K", "stop the session: SIGTERM, then SIGKILL / SIGKILL now"),
    STOP_ALL(Section.TABLE, "S", "stop all sessions"),
    RETRY(Section.TABLE, "r", "retry an ended session"),
    FOLLOW_UP(Section.TABLE, "c", "continue an ended session's conversation with a prompt"),
    ATTACH(Section.TABLE, "a", "take the session over in claude, in this terminal"),
    DIFF(Section.TABLE, "d", "the session's diff against its base", true),
    MERGE(Section.TABLE, "m", "merge the session's branch into the current branch", true),
    FILTER(Section.TABLE, "/", "filter by id or status; Esc clears"),
    QUIT(Section.TABLE, "q  Ctrl-C", "quit (asks to stop what runs)"),
    TAIL_KEYS(Section.TAIL, "R  f  Esc", "raw JSON / readable, follow on/off, back to the table"),
    DIFF_VIEW(Section.DIFF, "↑ ↓ PgUp PgDn g G  Esc", "in the diff view: scroll, back", true);

    /** The overlay's parts: keys that work in the table (and mostly in the tail too), then the tail's and the diff's own. */
    enum Section {
        TABLE,
        TAIL,
        DIFF
    }

    final Section section;
    final String keys;
    final String text;
    /** Shown only when some session has a worktree: without one the key has nothing to act on. */
    final boolean workspacesOnly;

    HelpLine(Section section, String keys, String text) {
        this(section, keys, text, false);
    }

    HelpLine(Section section, String keys, String text, boolean workspacesOnly) {
        this.section = section;
        this.keys = keys;
        this.text = text;
        this.workspacesOnly = workspacesOnly;
    }

    /** True if the overlay shows this line; {@code workspaces}: some session has a worktree. */
    boolean shown(boolean workspaces) {
        return workspaces || !workspacesOnly;
    }
}
