package dev.claudemulti.task;

import java.util.List;
import java.util.Optional;

/**
 * The flags of claude's command line that claude-multi sets itself, and so a task's
 * {@code claudeArgs} may not: a second {@code --model} or {@code --output-format} would silently
 * change what the orchestrator reads, budgets or resumes. Each names what sets it instead.
 *
 * <p>A flag is refused as a whole word ({@code --model}), in its {@code --flag=value} form, and, for
 * the single-letter ones, with a value or other letters attached ({@code -rID}, {@code -pc}), which
 * claude's parser reads the same way (a word with a space in it is a value, not a flag). Not guaranteed: that every other flag is harmless; flags
 * outside this list are passed through unchecked.
 */
public final class ClaudeArgs {
    /** A flag claude-multi owns, its other spelling (or null), and what to use instead. */
    public record OwnedFlag(String name, String shortName, String instead) {}

    /** Every flag claude-multi owns, in the order messages and the README list them. */
    public static final List<OwnedFlag> OWNED = List.of(
            new OwnedFlag("--print", "-p", "claude-multi always runs claude headless with -p"),
            new OwnedFlag("--output-format", null, "claude-multi reads claude's stream-json output"),
            new OwnedFlag("--input-format", null, "claude-multi sends the prompt as text on standard input"),
            new OwnedFlag("--verbose", null, "claude-multi sets it, as stream-json output requires"),
            new OwnedFlag("--session-id", null, "claude-multi chooses each attempt's session id"),
            new OwnedFlag(
                    "--resume",
                    "-r",
                    "claude-multi resumes the conversation of a retried attempt itself (--retry-fresh starts over)"),
            new OwnedFlag(
                    "--continue",
                    "-c",
                    "claude-multi resumes the conversation of a retried attempt itself (--retry-fresh starts over)"),
            new OwnedFlag(
                    "--fork-session",
                    null,
                    "a retry must go on in the conversation it resumes, under the id claude-multi recorded"),
            new OwnedFlag(
                    "--no-session-persistence",
                    null,
                    "a retry resumes the interrupted conversation, which claude must have kept"
                            + " (--retry-fresh starts over instead)"),
            new OwnedFlag("--max-budget-usd", null, "use the task's budget field or --budget"),
            new OwnedFlag("--model", null, "use the task's model field or --model"),
            new OwnedFlag("--permission-mode", null, "use the task's permissionMode field or --permission-mode"));

    private ClaudeArgs() {}

    /** The owned flag {@code arg} spells, if it spells one. */
    public static Optional<OwnedFlag> owned(String arg) {
        for (OwnedFlag flag : OWNED) {
            if (arg.equals(flag.name()) || arg.startsWith(flag.name() + "=")) {
                return Optional.of(flag);
            }
            if (flag.shortName() != null
                    && !arg.startsWith("--")
                    && arg.startsWith(flag.shortName())
                    && arg.chars().noneMatch(Character::isWhitespace)) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }

    /** Why {@code arg} may not be in claudeArgs, as one sentence, or empty when it may. */
    static Optional<String> refusal(String arg) {
        return owned(arg)
                .map(flag -> Quoted.of(arg) + " is a flag claude-multi sets itself ("
                        + (flag.shortName() == null ? flag.name() : flag.shortName() + "/" + flag.name()) + "); "
                        + flag.instead());
    }
}
