package dev.claudemulti.cli;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.AgentRegistry;
import dev.claudemulti.agent.AgentUnavailableException;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.Handover;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.engine.StopProtocol;
import dev.claudemulti.engine.TakeOver;
import dev.claudemulti.store.StoreException;
import dev.claudemulti.workspace.SessionWorkspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code claude-multi attach ID}: takes a session over by hand. Runs claude interactively on the
 * session's conversation ({@code claude --resume <session id>}, with the task's model) in its working
 * directory, in this terminal, and records that as a new attempt of the task, {@code attached}, with
 * its work committed as after any attempt ({@link TakeOver} says who writes what, with or without a
 * live orchestrator). A session still running is stopped first, after a y/n ({@code --yes} skips it).
 *
 * <p>Everything that can be refused is checked before anything changes: the task and run, the
 * conversation, the claude executable, the working directory. Not guaranteed: that a session stopped
 * here is taken over (something may take the run meanwhile; the command then says so, exit 2).
 */
@Command(
        name = "attach",
        mixinStandardHelpOptions = true,
        description = {
            "Take a session over by hand: run claude interactively on its conversation (claude --resume)",
            "in its working directory (its worktree), in this terminal. When claude exits, the session's new",
            "attempt is recorded as attached and its worktree changes are committed, as after any attempt.",
            "A running session is stopped first, after a y/n question (--yes: without asking)."
        },
        footer = {
            "",
            "Exit codes: 0 taken over and recorded (whatever claude's own exit code, which it prints),",
            "1 not stopped or not recorded (declined, or the orchestrator did not act in time),",
            "2 unknown run or task, no conversation, claude not found, no terminal to ask on (nothing changed)."
        })
final class AttachCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "ID", description = "Task id (the latest run that has it, or --run).")
    String taskId;

    @Mixin
    RunIdOption run = new RunIdOption();

    @Option(
            names = {"-y", "--yes"},
            description = "Stop a running session without asking.")
    boolean yes;

    @Option(
            names = "--claude",
            paramLabel = "PATH",
            description = "The claude binary (env CLAUDE_BIN, default: claude on PATH).")
    String claude;

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            description = "SIGTERM to SIGKILL when stopping a running session (default: the run's).")
    String grace;

    AttachCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        RecordedRun recorded = run.withTask(ctx, taskId);
        SessionView session = RunIdOption.session(recorded, taskId);
        Agent agent = agent(recorded);
        String refused = TakeOver.refusal(session, agent);
        if (refused != null) {
            throw new UserException(refused);
        }
        var dir = TakeOver.workingDirectory(recorded.snapshot().projectDir(), session);
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UserException(
                    "the working directory of '" + taskId + "' (" + dir + ") is gone; nothing to take over");
        }
        if (!session.state().isFinal() || session.state() == SessionState.LOST) {
            if (!stopFirst(recorded, session)) {
                return ExitCodes.NOT_ALL_COMPLETED;
            }
            recorded = RecordedRun.loadStates(recorded.store());
        }
        TakeOver takeOver;
        try {
            takeOver = TakeOver.begin(recorded, taskId);
        } catch (TakeOver.Refused | StoreException e) {
            throw new UserException(e.getMessage());
        }
        try (takeOver) {
            Handover handover = takeOver.handover(agent, recorded.snapshot().projectDir());
            ctx.err()
                    .println("taking " + taskId + " over as attempt "
                            + takeOver.begun().attempt() + " in " + handover.directory());
            ctx.err().flush();
            int exit = runInTerminal(handover);
            SessionView ended = takeOver.end(exit);
            ctx.out().println(outcome(ended, exit));
            ctx.out().flush();
            return ExitCodes.OK;
        } catch (TakeOver.Refused | StoreException e) {
            throw new UserException(ExitCodes.NOT_ALL_COMPLETED, e.getMessage());
        }
    }

    /** The run's agent, with the claude executable of --claude, CLAUDE_BIN or PATH. */
    private Agent agent(RecordedRun recorded) {
        String name = recorded.runInfo() == null || recorded.runInfo().agent() == null
                ? AgentRegistry.DEFAULT
                : recorded.runInfo().agent();
        try {
            return AgentRegistry.builtIn(BatchOptions.first(claude, ctx.env("CLAUDE_BIN"), "claude"), ctx.env("PATH"))
                    .named(name);
        } catch (AgentUnavailableException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** Stops the running session after a yes; false if the user said no or it did not stop. */
    private boolean stopFirst(RecordedRun recorded, SessionView session) {
        String runId = recorded.store().runId();
        if (!yes) {
            if (!ctx.terminal()) {
                throw new UserException(
                        "task '" + taskId + "' is " + session.state().label() + " in run " + runId
                                + "; it is stopped first, which needs a yes: add --yes (nothing changed)");
            }
            ctx.err().print("task '" + taskId + "' is " + session.state().label() + "; stop it and take it over? y/n ");
            ctx.err().flush();
            String answer = readLine();
            if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
                ctx.err().println("nothing changed");
                return false;
            }
        }
        Duration g = SessionControl.grace(
                recorded, grace == null ? null : BatchOptions.parseDuration(grace, "--grace", true));
        SessionView after;
        try {
            after = StopProtocol.end(recorded, session, SessionState.STOPPED, g);
        } catch (StoreException | StopProtocol.StopFailedException e) {
            throw new UserException(ExitCodes.NOT_ALL_COMPLETED, e.getMessage());
        }
        if (!after.state().isFinal() || after.state() == SessionState.LOST) {
            throw new UserException(
                    ExitCodes.NOT_ALL_COMPLETED,
                    "task '" + taskId + "' has not stopped yet (the request stands); nothing was taken over");
        }
        ctx.err().println(taskId + " " + after.state().label());
        return true;
    }

    private String readLine() {
        try {
            return new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Runs the interactive program with this terminal and waits for it; -1 if it could not start.
     * SIGINT, SIGTERM and SIGHUP are the program's to handle meanwhile (a Ctrl-C reaches it too): this
     * process stays to record the end.
     */
    private int runInTerminal(Handover handover) {
        ProcessBuilder pb = new ProcessBuilder(handover.command())
                .directory(handover.directory().toFile())
                .inheritIO();
        pb.environment().clear();
        pb.environment().putAll(ctx.env());
        boolean interrupted = false;
        try (InterruptTrap trap = new InterruptTrap(signal -> {})) {
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                ctx.err()
                        .println("claude-multi: cannot start "
                                + handover.command().get(0) + ": " + e.getMessage());
                return -1;
            }
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true; // the end must be recorded whatever interrupts this thread: wait on
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** "a attached (attempt 3): claude exited 0; committed 1a2b3c4 on BRANCH (+1 −0 · 1 file)". */
    private static String outcome(SessionView ended, int exit) {
        StringBuilder line =
                new StringBuilder(ended.taskId() + " " + ended.state().label() + " (attempt " + ended.attempt()
                        + "): claude " + (exit < 0 ? "could not start" : "exited " + exit));
        SessionWorkspace ws = ended.workspace();
        if (ws != null && (ws.commit() == null || ws.changes() == null)) {
            line.append("; no changes to commit");
        } else if (ws != null) {
            String shortCommit =
                    ws.commit().substring(0, Math.min(7, ws.commit().length()));
            line.append("; committed " + shortCommit + " on " + ws.branch() + " ("
                    + ws.changes().summary() + ")");
        }
        return Text.sanitize(line.toString());
    }
}
