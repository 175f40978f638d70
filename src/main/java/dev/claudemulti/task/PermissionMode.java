package dev.claudemulti.task;

import java.util.Arrays;
import java.util.List;

/**
 * The permission modes a session may run in: the values of claude's {@code --permission-mode}
 * that the task file's {@code permissionMode} and the command line's {@code --permission-mode}
 * accept. The one list both check against.
 *
 * <p>Tasks and options keep the mode as its text ({@link #text()}), which is what run.json records
 * and claude is given; this enum says which texts are valid.
 */
public enum PermissionMode {
    // In the order messages list them.
    ACCEPT_EDITS("acceptEdits"),
    AUTO("auto"),
    BYPASS_PERMISSIONS("bypassPermissions"),
    MANUAL("manual"),
    DONT_ASK("dontAsk"),
    PLAN("plan");

    /** What a session runs in when neither its task nor the command line names a mode. */
    public static final PermissionMode DEFAULT = BYPASS_PERMISSIONS;

    private static final List<String> TEXTS = Arrays.stream(values()).map(PermissionMode::text).toList();

    private final String text;

    PermissionMode(String text) {
        this.text = text;
    }

    /** The mode as claude spells it ("bypassPermissions"). */
    public String text() {
        return text;
    }

    /** Every mode's text, in declaration order. */
    public static List<String> texts() {
        return TEXTS;
    }

    /** Whether {@code text} names a mode (case-sensitive, as claude is). */
    public static boolean isKnown(String text) {
        return TEXTS.contains(text);
    }
}
