package dev.claudemulti.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Every key the dashboard answers to, in one table: the modes it works in, the {@link Action} it
 * triggers, the hint the footer shows for it and the help overlay line that explains it. Dispatch
 * ({@link KeyDispatcher}), the footers ({@link KeyHints}) and the help overlay ({@link HelpOverlay})
 * all read this table, so a key is added or changed here only; {@code KeyBindingsTest} checks that
 * the README's key table names the same keys.
 *
 * <p>The order of the table is the order of the footer hints. Not in the table: the answer to a y/n
 * question (y says yes, any other key no), closing the help overlay (any key), the characters
 * typed into the filter and the keys of the follow-up prompt's {@link LineEditor}; those states take
 * every key, so they are handled before the table is read or instead of it.
 */
final class KeyBindings {
    private KeyBindings() {}

    /** Where a key works. {@link #ANYWHERE} keys are looked up before the mode's own. */
    enum Mode {
        ANYWHERE,
        TABLE,
        TAIL,
        DIFF,
        STOPPING,
        FILTER,
        /** Typing a follow-up prompt ({@link FollowUpPrompt}): only Enter, Esc and the line editor's keys work. */
        FOLLOW_UP
    }

    /** A key as Lanterna reports it, and its name as the README and the help overlay spell it. */
    record Key(KeyType type, char character, boolean ctrl, String name) {
        static Key of(KeyType type, String name) {
            return new Key(type, '\0', false, name);
        }

        static Key of(char c) {
            return new Key(KeyType.Character, c, false, String.valueOf(c));
        }

        static Key ctrl(char c) {
            return new Key(KeyType.Character, c, true, "Ctrl-" + Character.toUpperCase(c));
        }

        /**
         * A plain character matches only without Ctrl or Alt (so Ctrl-K is not K); a Ctrl
         * character matches in either case and with Alt; a special key matches with any modifier.
         */
        boolean matches(KeyStroke k) {
            if (type != KeyType.Character) {
                return k.getKeyType() == type;
            }
            if (k.getKeyType() != KeyType.Character || k.getCharacter() == null) {
                return false;
            }
            if (ctrl) {
                return k.isCtrlDown() && Character.toLowerCase(k.getCharacter()) == character;
            }
            return k.getCharacter() == character && !k.isCtrlDown() && !k.isAltDown();
        }
    }

    /**
     * A footer hint: the key as shown, and its text, which may depend on the state (e.g. "raw" or
     * "readable"); a null text hides the hint.
     */
    record Hint(String key, Function<DashboardState, String> text) {
        static Hint of(String key, String text) {
            return new Hint(key, s -> text);
        }

        /** A hint shown only while some session has a worktree (diff, merge). */
        static Hint withWorkspaces(String key, String text) {
            return new Hint(key, s -> s.hasWorkspaces() ? text : null);
        }
    }

    /** One row of the table. {@code hint} and {@code help} are null for keys the footer or the overlay do not show. */
    record Binding(Set<Mode> modes, List<Key> keys, Action action, Hint hint, HelpLine help) {
        boolean matches(Mode mode, KeyStroke k) {
            return modes.contains(mode) && keys.stream().anyMatch(key -> key.matches(k));
        }
    }

    private static final Key UP = Key.of(KeyType.ArrowUp, "↑");
    private static final Key DOWN = Key.of(KeyType.ArrowDown, "↓");
    private static final Key PAGE_UP = Key.of(KeyType.PageUp, "PgUp");
    private static final Key PAGE_DOWN = Key.of(KeyType.PageDown, "PgDn");
    private static final Key HOME = Key.of(KeyType.Home, "Home");
    private static final Key END = Key.of(KeyType.End, "End");
    private static final Key ENTER = Key.of(KeyType.Enter, "Enter");
    private static final Key ESC = Key.of(KeyType.Escape, "Esc");

    private static final Set<Mode> TABLE = EnumSet.of(Mode.TABLE);
    private static final Set<Mode> TAIL = EnumSet.of(Mode.TAIL);
    private static final Set<Mode> TABLE_AND_TAIL = EnumSet.of(Mode.TABLE, Mode.TAIL);
    private static final Set<Mode> DIFF = EnumSet.of(Mode.DIFF);
    private static final Key LEFT = Key.of(KeyType.ArrowLeft, "←");

    static final List<Binding> ALL = List.of(
            new Binding(TABLE, List.of(UP, Key.of('k')), Action.SELECT_UP, Hint.of("↑↓", "select"), HelpLine.SELECT),
            new Binding(TABLE, List.of(DOWN, Key.of('j')), Action.SELECT_DOWN, null, HelpLine.SELECT),
            new Binding(TABLE, List.of(PAGE_UP), Action.SELECT_PAGE_UP, null, HelpLine.PAGE),
            new Binding(TABLE, List.of(PAGE_DOWN), Action.SELECT_PAGE_DOWN, null, HelpLine.PAGE),
            new Binding(TABLE, List.of(HOME, Key.of('g')), Action.SELECT_FIRST, null, HelpLine.PAGE),
            new Binding(TABLE, List.of(END, Key.of('G')), Action.SELECT_LAST, null, HelpLine.PAGE),
            new Binding(TABLE, List.of(ENTER, Key.of('t')), Action.OPEN_TAIL, Hint.of("Enter", "tail"), HelpLine.TAIL),
            new Binding(
                    TAIL,
                    List.of(ESC, Key.of('q'), LEFT),
                    Action.CLOSE_TAIL,
                    Hint.of("Esc", "back"),
                    HelpLine.TAIL_KEYS),
            new Binding(
                    TAIL,
                    List.of(Key.of('R')),
                    Action.TOGGLE_RAW,
                    new Hint("R", s -> s.tail().rawMode() ? "readable" : "raw"),
                    HelpLine.TAIL_KEYS),
            new Binding(
                    TAIL,
                    List.of(Key.of('f')),
                    Action.TOGGLE_FOLLOW,
                    new Hint("f", s -> s.tail().following() ? "pause" : "follow"),
                    HelpLine.TAIL_KEYS),
            new Binding(TAIL, List.of(UP, Key.of('k')), Action.SCROLL_UP, Hint.of("↑↓ PgUp PgDn", "scroll"), null),
            new Binding(TAIL, List.of(DOWN, Key.of('j')), Action.SCROLL_DOWN, null, null),
            new Binding(TAIL, List.of(PAGE_UP), Action.SCROLL_PAGE_UP, null, null),
            new Binding(TAIL, List.of(PAGE_DOWN), Action.SCROLL_PAGE_DOWN, null, null),
            new Binding(TAIL, List.of(HOME, Key.of('g')), Action.SCROLL_TO_START, null, null),
            new Binding(TAIL, List.of(END, Key.of('G')), Action.SCROLL_TO_END, null, null),
            new Binding(
                    DIFF,
                    List.of(ESC, Key.of('q'), LEFT),
                    Action.CLOSE_DIFF,
                    Hint.of("Esc", "back"),
                    HelpLine.DIFF_VIEW),
            new Binding(
                    DIFF,
                    List.of(UP, Key.of('k')),
                    Action.SCROLL_UP,
                    Hint.of("↑↓ PgUp PgDn g G", "scroll"),
                    HelpLine.DIFF_VIEW),
            new Binding(DIFF, List.of(DOWN, Key.of('j')), Action.SCROLL_DOWN, null, HelpLine.DIFF_VIEW),
            new Binding(DIFF, List.of(PAGE_UP), Action.SCROLL_PAGE_UP, null, HelpLine.DIFF_VIEW),
            new Binding(DIFF, List.of(PAGE_DOWN), Action.SCROLL_PAGE_DOWN, null, HelpLine.DIFF_VIEW),
            new Binding(DIFF, List.of(HOME, Key.of('g')), Action.SCROLL_TO_START, null, HelpLine.DIFF_VIEW),
            new Binding(DIFF, List.of(END, Key.of('G')), Action.SCROLL_TO_END, null, HelpLine.DIFF_VIEW),
            new Binding(TABLE_AND_TAIL, List.of(Key.of('s')), Action.STOP, Hint.of("s", "stop"), HelpLine.STOP_OR_KILL),
            new Binding(TABLE_AND_TAIL, List.of(Key.of('K')), Action.KILL, Hint.of("K", "kill"), HelpLine.STOP_OR_KILL),
            new Binding(TABLE, List.of(Key.of('S')), Action.STOP_ALL, Hint.of("S", "stop all"), HelpLine.STOP_ALL),
            new Binding(TABLE_AND_TAIL, List.of(Key.of('r')), Action.RETRY, Hint.of("r", "retry"), HelpLine.RETRY),
            new Binding(TABLE, List.of(Key.of('c')), Action.FOLLOW_UP, Hint.of("c", "continue"), HelpLine.FOLLOW_UP),
            new Binding(TABLE, List.of(Key.of('a')), Action.ATTACH, null, HelpLine.ATTACH),
            new Binding(TABLE, List.of(Key.of('d')), Action.OPEN_DIFF, Hint.withWorkspaces("d", "diff"), HelpLine.DIFF),
            new Binding(TABLE, List.of(Key.of('m')), Action.MERGE, Hint.withWorkspaces("m", "merge"), HelpLine.MERGE),
            new Binding(TABLE, List.of(Key.of('/')), Action.EDIT_FILTER, Hint.of("/", "filter"), HelpLine.FILTER),
            new Binding(TABLE, List.of(ESC), Action.CLEAR_FILTER, null, HelpLine.FILTER),
            new Binding(
                    EnumSet.of(Mode.TABLE, Mode.TAIL, Mode.DIFF),
                    List.of(Key.of('?')),
                    Action.SHOW_HELP,
                    Hint.of("?", "help"),
                    null),
            new Binding(TABLE, List.of(Key.of('q')), Action.QUIT, Hint.of("q", "quit"), HelpLine.QUIT),
            new Binding(EnumSet.of(Mode.ANYWHERE), List.of(Key.ctrl('c')), Action.QUIT, null, HelpLine.QUIT),
            new Binding(
                    EnumSet.of(Mode.STOPPING),
                    List.of(Key.of('K')),
                    Action.KILL_ALL_RUNNING,
                    Hint.of("K", "kill now"),
                    null),
            new Binding(EnumSet.of(Mode.STOPPING), List.of(Key.of('q')), Action.SAY_STILL_STOPPING, null, null),
            new Binding(EnumSet.of(Mode.FILTER), List.of(ENTER), Action.APPLY_FILTER, Hint.of("Enter", "apply"), null),
            new Binding(EnumSet.of(Mode.FILTER), List.of(ESC), Action.CLEAR_FILTER, Hint.of("Esc", "clear"), null),
            new Binding(
                    EnumSet.of(Mode.FILTER),
                    List.of(Key.of(KeyType.Backspace, "Backspace")),
                    Action.ERASE_FILTER,
                    null,
                    null),
            new Binding(
                    EnumSet.of(Mode.FOLLOW_UP), List.of(ENTER), Action.SEND_FOLLOW_UP, Hint.of("Enter", "send"), null),
            new Binding(
                    EnumSet.of(Mode.FOLLOW_UP), List.of(ESC), Action.CANCEL_FOLLOW_UP, Hint.of("Esc", "cancel"), null));

    /** The action bound to {@code k} in {@code mode}, or null if the key does nothing there. */
    static Action actionFor(Mode mode, KeyStroke k) {
        for (Binding b : ALL) {
            if (b.matches(mode, k)) {
                return b.action();
            }
        }
        return null;
    }

    /** The footer hints of {@code mode}, in table order: {key, text} pairs. */
    static List<String[]> hints(Mode mode, DashboardState state) {
        List<String[]> out = new ArrayList<>();
        for (Binding b : ALL) {
            String text = b.modes().contains(mode) && b.hint() != null
                    ? b.hint().text().apply(state)
                    : null;
            if (text != null) {
                out.add(new String[] {b.hint().key(), text});
            }
        }
        return out;
    }

    /**
     * The names of the table's keys that ask y/n before acting, in table order: "s K S r q", and
     * "s K S r m q" when {@code workspaces} (some session has a worktree, so merging is offered).
     */
    static List<String> askingTableKeys(boolean workspaces) {
        List<String> out = new ArrayList<>();
        for (Binding b : ALL) {
            boolean shown = b.help() == null || b.help().shown(workspaces);
            if (b.modes().contains(Mode.TABLE) && b.action().asks() && shown) {
                out.add(b.keys().get(0).name());
            }
        }
        return out;
    }
}
