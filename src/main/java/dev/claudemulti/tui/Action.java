package dev.claudemulti.tui;

/** What a key does; {@link KeyBindings} maps keys to these and {@link KeyDispatcher} carries them out. */
enum Action {
    SELECT_UP,
    SELECT_DOWN,
    SELECT_PAGE_UP,
    SELECT_PAGE_DOWN,
    SELECT_FIRST,
    SELECT_LAST,
    OPEN_TAIL,
    CLOSE_TAIL,
    TOGGLE_RAW,
    TOGGLE_FOLLOW,
    SCROLL_UP,
    SCROLL_DOWN,
    SCROLL_PAGE_UP,
    SCROLL_PAGE_DOWN,
    SCROLL_TO_START,
    SCROLL_TO_END,
    OPEN_DIFF,
    CLOSE_DIFF,
    STOP(true),
    KILL(true),
    STOP_ALL(true),
    RETRY(true),
    MERGE(true),
    /** A take-over by hand; it asks y/n only when the session is still running. */
    ATTACH,
    QUIT(true),
    KILL_ALL_RUNNING(true),
    SAY_STILL_STOPPING,
    EDIT_FILTER,
    APPLY_FILTER,
    CLEAR_FILTER,
    ERASE_FILTER,
    SHOW_HELP,
    FOLLOW_UP,
    SEND_FOLLOW_UP,
    CANCEL_FOLLOW_UP;

    private final boolean asks;

    Action() {
        this(false);
    }

    Action(boolean asks) {
        this.asks = asks;
    }

    /** True if the action asks y/n before it acts (the help overlay lists these keys). */
    boolean asks() {
        return asks;
    }
}
