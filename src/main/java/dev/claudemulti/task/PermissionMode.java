package dev.claudemulti.task;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The permission modes claude's {@code --permission-mode} takes: the one list that the task
 * file's {@code permissionMode} and the {@code --permission-mode} option are checked against.
 * Whether claude honours a mode (or needs more, such as IS_SANDBOX for bypassPermissions as
 * root) is not this enum's business.
 */
public enum PermissionMode {
    ACCEPT_EDITS("acceptEdits"),
    AUTO("auto"),
    BYPASS_PERMISSIONS("bypassPermissions"),
    MANUAL("manual"),
    DONT_ASK("dontAsk"),
    PLAN("plan");

    private static final List<String> CLI_NAMES =
            Arrays.stream(values()).map(PermissionMode::cliName).toList();

    private final String cliName;

    PermissionMode(String cliName) {
        this.cliName = cliName;
    }

    /** The name claude takes, as written in task files and on the command line. */
    public String cliName() {
        return cliName;
    }

    /** Every mode's name, in declaration order (the order task-file messages list them in). */
    public static List<String> cliNames() {
        return CLI_NAMES;
    }

    /** The mode of that exact (case-sensitive) name, if there is one. */
    public static Optional<PermissionMode> fromCliName(String name) {
        return Arrays.stream(values()).filter(m -> m.cliName.equals(name)).findFirst();
    }
}
