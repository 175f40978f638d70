package dev.claudemulti.agent;

/**
 * A tool call the agent was not allowed to make (an entry of the result's {@code permission_denials},
 * e.g. a Write under {@code --permission-mode dontAsk}): the session still ends with success, but
 * without what that call would have done.
 *
 * @param toolName  "Write", "Bash", ...
 * @param toolUseId the refused tool_use's id; may be null
 * @param target    the short argument of the refused call (file path, command), bounded; "" if none
 */
public record PermissionDenial(String toolName, String toolUseId, String target) {
    public PermissionDenial {
        toolName = toolName == null || toolName.isBlank() ? "?" : toolName;
        target = target == null ? "" : target;
    }

    /** "Write /src/a.ts", "Bash: rm -rf build", or the tool name alone. */
    public String describe() {
        return SessionProgress.toolActivity(toolName, target);
    }
}
