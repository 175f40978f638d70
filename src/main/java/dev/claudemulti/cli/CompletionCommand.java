package dev.claudemulti.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code claude-multi completion}: a completion script for bash, which zsh loads through bashcompinit. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a shell completion script for bash or zsh.",
            "It completes commands and options, and task and run ids from the state directory",
            "(--state-dir on the line, CLAUDE_SESSIONS_DIR, or the default). Load it with:",
            "  source <(claude-multi completion)          # bash or zsh, this shell",
            "  claude-multi completion > /etc/bash_completion.d/claude-multi"
        })
final class CompletionCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SHELL",
            description = "bash or zsh (the script is the same; default: bash).")
    String shell;

    CompletionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws java.io.IOException {
        if (shell != null && !shell.equals("bash") && !shell.equals("zsh")) {
            throw new UserException("completion: shell must be bash or zsh, got '" + shell + "'");
        }
        // picocli's script starts with the bashcompinit lines that make zsh accept it; ours, after
        // it, completes task and run ids from the state directory and hands the rest to picocli's.
        ctx.out().print(AutoComplete.bash("claude-multi", spec.root().commandLine()));
        try (var ids = CompletionCommand.class.getResourceAsStream("completion-ids.bash")) {
            if (ids == null) {
                throw new IllegalStateException("completion-ids.bash is missing from the build");
            }
            ctx.out().write(ids.readAllBytes());
        }
        ctx.out().flush();
        return ExitCodes.OK;
    }
}
