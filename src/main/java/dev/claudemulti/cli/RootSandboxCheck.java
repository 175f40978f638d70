package dev.claudemulti.cli;

import dev.claudemulti.task.Task;
import java.util.List;
import java.util.Map;

/**
 * claude refuses {@code --permission-mode bypassPermissions} (the default here) when it runs as
 * root, unless {@code IS_SANDBOX=1} is in its environment: it prints "--dangerously-skip-permissions
 * cannot be used with root/sudo privileges" and exits 1, so every session of the batch would fail.
 * Checked before anything starts, with the same inputs the sessions would get: each task's effective
 * permission mode and the environment claude would see (the command's plus the task's {@code env}).
 */
final class RootSandboxCheck {
    static final String VARIABLE = "IS_SANDBOX";
    private static final String BYPASS = "bypassPermissions";

    private RootSandboxCheck() {}

    /**
     * @param defaultMode the permission mode of tasks that set none (--permission-mode or its default)
     * @param env         the environment the sessions inherit
     * @param uid         the effective uid of this process (-1 if unknown: nothing to check)
     * @throws UserException one line saying what to set, exit 2
     */
    static void check(List<Task> tasks, String defaultMode, Map<String, String> env, long uid) {
        if (uid != 0) {
            return;
        }
        for (Task t : tasks) {
            String mode = t.permissionMode() != null ? t.permissionMode() : defaultMode;
            if (!BYPASS.equals(mode)) {
                continue;
            }
            boolean fromTask = t.env() != null && t.env().containsKey(VARIABLE);
            String sandbox = fromTask ? t.env().get(VARIABLE) : env.get(VARIABLE);
            if ("1".equals(sandbox)) {
                continue;
            }
            String set = sandbox == null
                    ? ""
                    : " (" + VARIABLE + " is " + shown(sandbox) + (fromTask ? " in task '" + t.id() + "'s env" : "")
                            + ", and only 1 counts)";
            if (t.permissionMode() == null) {
                throw new UserException("running as root with --permission-mode " + BYPASS
                        + ": claude refuses this unless " + VARIABLE + "=1 is set" + set + "; export " + VARIABLE
                        + "=1 (in a sandbox) or pass --permission-mode acceptEdits");
            }
            throw new UserException("running as root, task '" + t.id() + "' has permissionMode " + BYPASS
                    + ": claude refuses this unless " + VARIABLE + "=1 is set" + set + "; export " + VARIABLE
                    + "=1 (in a sandbox) or give the task another permissionMode, such as acceptEdits");
        }
    }

    private static String shown(String value) {
        return value.matches("[ -~]{0,16}") ? "'" + value + "'" : "set to something else";
    }
}
