package dev.claudemulti.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.AgentRegistry;
import dev.claudemulti.agent.AgentUnavailableException;
import dev.claudemulti.engine.RunOptions;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.Scheduler;
import dev.claudemulti.notify.Notifications;
import dev.claudemulti.record.RunInfo;
import dev.claudemulti.report.JsonReport;
import dev.claudemulti.report.Summary;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunLock;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.store.StateDirAccess;
import dev.claudemulti.store.StoreException;
import dev.claudemulti.task.Task;
import dev.claudemulti.task.TaskFile;
import dev.claudemulti.tui.Dashboard;
import dev.claudemulti.tui.DashboardOptions;
import dev.claudemulti.tui.TailSourceFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts a batch and sees it through: checks everything that can be checked before a session
 * starts (options, task file, agent, state directory), then runs the scheduler with a headless
 * printer or the dashboard, and turns the outcome into a summary and an exit code.
 */
final class BatchRunner {
    /** How long after the first sessions' start the orchestrator opens its status socket (see {@link StatusSocket#serve}). */
    static final long STATUS_SOCKET_DELAY_MS = 1000;

    /** Where the batch's progress goes. */
    enum Frontend {
        HEADLESS,
        DASHBOARD
    }

    private final CliContext ctx;
    /** run --run-id: the run directory a detaching parent created for this orchestrator, or null for a new one. */
    String claimedRunId;
    /** run --report: written when the batch ends, or null. */
    Path report;
    /** --exit-when-done: the dashboard closes by itself when the batch has finished. */
    boolean exitWhenDone;
    /** --quiet: the dashboard neither rings nor sends desktop notifications. */
    boolean quiet;

    BatchRunner(CliContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Everything a batch needs, checked. Building it starts nothing and writes nothing.
     *
     * @param tasks  the tasks to run (the task file's, with secrets restored when resuming)
     * @param resume set when continuing a recorded run instead of starting a new one
     */
    record Plan(
            BatchOptions.Resolved options,
            TaskFile taskFile,
            List<Task> tasks,
            Agent agent,
            StateDir stateDir,
            Resume resume,
            WorkspaceSettings workspace) {}

    Plan plan(BatchOptions options, StateDirOption stateDirOption, String taskArgument, Agent agentOverride) {
        BatchOptions.Resolved checked = options.resolve(ctx);
        TaskFile taskFile = TaskFiles.load(taskArgument, ctx);
        BatchOptions.Resolved resolved =
                checked.withFileMaxCost(taskFile.maxCostUsd()).withFileHooks(taskFile);
        TaskFiles.checkWorkingDirectories(taskFile, resolved.projectDir());
        Agent agent;
        try {
            agent = agentOverride != null
                    ? agentOverride
                    : AgentRegistry.builtIn(resolved.claude(), ctx.env().get("PATH"))
                            .named(AgentRegistry.DEFAULT);
            agent.checkAvailable();
        } catch (AgentUnavailableException e) {
            throw new UserException(e.getMessage());
        }
        checkRootSandbox(agent, taskFile.tasks(), resolved);
        WorkspaceSettings workspace = WorkspaceSettings.resolve(
                options,
                resolved.projectDir(),
                taskFile.tasks(),
                agentOverride != null && agentOverride.simulated(),
                ctx.err());
        return new Plan(
                resolved,
                taskFile,
                workspace.withResolvedBases(taskFile.tasks()),
                agent,
                stateDirOption.open(ctx),
                null,
                workspace);
    }

    Plan planResume(BatchOptions options, StateDirOption stateDirOption, String runId, boolean resumeFailed) {
        StateDir stateDir = stateDirOption.open(ctx);
        Resume resume = Resume.load(stateDir, runId, resumeFailed, options);
        try {
            // run.json's max_cost_usd, filled in above, already is the file's maxCost unless --max-cost replaced it.
            BatchOptions.Resolved resolved = options.resolve(ctx)
                    .withFileMaxCost(resume.taskFile().maxCostUsd())
                    .withFileHooks(resume.taskFile());
            List<Task> tasks = resume.restoreSecrets(ctx);
            TaskFiles.checkWorkingDirectories(resume.taskFile(), resolved.projectDir());
            Agent agent;
            try {
                agent = AgentRegistry.builtIn(resolved.claude(), ctx.env().get("PATH"))
                        .named(resume.agentName());
                agent.checkAvailable();
            } catch (AgentUnavailableException e) {
                throw new UserException(e.getMessage());
            }
            checkRootSandbox(agent, tasks, resolved);
            // The run's own isolation and base, whatever the options and HEAD say now.
            WorkspaceSettings workspace =
                    WorkspaceSettings.recorded(resume.recorded().runInfo().workspace());
            return new Plan(
                    resolved,
                    resume.taskFile(),
                    workspace.withResolvedBases(tasks),
                    agent,
                    stateDir,
                    resume,
                    workspace);
        } catch (RuntimeException e) {
            resume.lock().close();
            throw e;
        }
    }

    /** Every session would fail at once as root without IS_SANDBOX=1: see {@link RootSandboxCheck}. */
    private void checkRootSandbox(Agent agent, List<Task> tasks, BatchOptions.Resolved resolved) {
        if (!agent.simulated()) {
            RootSandboxCheck.check(tasks, resolved.permissionMode(), ctx.env(), StateDirAccess.currentUid());
        }
    }

    int run(Plan plan, Frontend frontend, boolean jsonSummary) {
        BatchOptions.Resolved o = plan.options();
        Instant started =
                plan.resume() == null ? Instant.now() : plan.resume().plan().started();
        OrchestratorLog log = plan.stateDir().log();
        RunStore run;
        Journal journal;
        RunLock lock = plan.resume() == null ? null : plan.resume().lock();
        try {
            run = plan.resume() != null
                    ? plan.resume().run()
                    : claimedRunId == null
                            ? plan.stateDir().createRun()
                            : plan.stateDir().claimRun(claimedRunId);
            if (lock == null) {
                lock = run.tryLock();
                if (lock == null) {
                    throw new StoreException("run " + run.runId() + " is in use by another claude-multi process");
                }
            }
            runInfo(run.runId(), plan, started, null).writeTo(run);
            journal = run.journal();
        } catch (StoreException e) {
            if (lock != null) {
                lock.close();
            }
            throw new UserException(e.getMessage());
        }
        if (plan.resume() != null) {
            try {
                plan.resume().stopLeftovers(o.grace(), log);
            } catch (RuntimeException e) {
                // e.g. a process that survives SIGKILL: running the session again next to it could double-spend
                journal.close();
                lock.close();
                log.log("resume " + run.runId() + ": cannot stop what the earlier orchestrator left", e);
                throw new UserException(
                        ExitCodes.NOT_ALL_COMPLETED,
                        "cannot resume run " + run.runId() + ": its earlier sessions' processes could not be stopped ("
                                + e.getMessage() + ")");
            }
        }
        Task defaults = Task.builder()
                .model(o.model())
                .budgetUsd(o.budgetUsd())
                .timeout(o.timeout())
                .permissionMode(o.permissionMode())
                .isolation(plan.workspace().isolation())
                .retries(o.policy().retries())
                .build();
        RunOptions runOptions = new RunOptions(
                defaults,
                o.parallel(),
                o.grace(),
                o.projectDir(),
                ctx.env(),
                plan.workspace().planFor(run),
                o.policy().policy());
        PrintStream progressOut = jsonSummary ? ctx.err() : ctx.out();
        AtomicReference<String> interruptedBy = new AtomicReference<>();
        RunSnapshot last;
        AtomicReference<Dashboard> dashboard = new AtomicReference<>();
        StatusSocket statusSocket = null;
        CompletableFuture<Void> endWritten = null;
        Notifications notifications = o.notifications().isEmpty()
                ? null
                : new Notifications(o.notifications(), run, o.projectDir(), ctx.env(), log);
        try (Scheduler scheduler = new Scheduler(
                        run,
                        journal,
                        plan.agent(),
                        runOptions,
                        plan.tasks(),
                        log,
                        plan.resume() == null ? Map.of() : plan.resume().plan().views(),
                        started,
                        plan.resume() == null ? 0 : plan.resume().plan().earlierAttemptsCostUsd());
                InterruptTrap trap = new InterruptTrap(sig -> {
                    interruptedBy.compareAndSet(null, sig);
                    scheduler.interrupt(sig);
                    Dashboard d = dashboard.get();
                    if (d != null) {
                        d.close(); // restores the terminal; the run then ends headless, stopping its sessions
                    }
                })) {
            log.log("run " + run.runId() + (plan.resume() == null ? " started: " : " resumed: ")
                    + plan.tasks().size() + " tasks, agent " + plan.agent().name() + ", parallel " + o.parallel());
            progressOut.println(header(run.runId(), plan));
            progressOut.flush();
            if (notifications != null) {
                scheduler.subscribe(notifications);
            }
            if (frontend == Frontend.HEADLESS) {
                scheduler.subscribe(
                        new HeadlessProgress(progressOut, plan.agent().simulated(), scheduler));
            }
            scheduler.start();
            statusSocket = StatusSocket.serve(run, scheduler::snapshot, log, STATUS_SOCKET_DELAY_MS);
            if (frontend == Frontend.DASHBOARD) {
                showDashboard(scheduler, run, plan, log, dashboard, interruptedBy, progressOut);
            }
            // idle(), not finished(): a session retried from the dashboard after the batch first
            // finished must end before the orchestrator does.
            last = scheduler.idle().join();
            endWritten = recordEnd(run, plan, started, last, log);
        } finally {
            if (statusSocket != null) {
                statusSocket.close();
            }
            if (notifications != null) {
                notifications.close(); // bounded: waits for the hooks so that none outlives the orchestrator
            }
            journal.close();
            lock.close();
        }
        // The end is on disk before the summary says the batch is done.
        endWritten.join();
        if (jsonSummary) {
            ctx.out().println(JsonReport.render(last));
        } else {
            ctx.out().println();
            ctx.out().print(Summary.render(last, summaryWidth(ctx)));
        }
        ctx.out().flush();
        boolean reportWritten = true;
        if (report != null) {
            try {
                dev.claudemulti.report.Reports.write(last, report);
            } catch (java.io.IOException e) {
                ctx.err().println("claude-multi: cannot write report " + report + ": " + e.getMessage());
                reportWritten = false;
            }
        }
        if (interruptedBy.get() != null) {
            ctx.err().println("claude-multi: interrupted by SIG" + interruptedBy.get() + "; sessions were stopped");
            return ExitCodes.INTERRUPTED;
        }
        // A missing report must not pass for a green batch in CI.
        return reportWritten ? ExitCodes.ofBatch(last) : ExitCodes.NOT_ALL_COMPLETED;
    }

    /**
     * Records the end of the run in run.json, then the run's list summary (keyed by run.json and the
     * journal, which has its last entry), on a thread of their own: the summary replays the journal
     * in code this process has not run yet, and meanwhile the scheduler, its threads and the hooks
     * wind down on the caller's, on a machine whose sessions have all ended (~25 ms of a run's exit).
     */
    private CompletableFuture<Void> recordEnd(
            RunStore run, Plan plan, Instant started, RunSnapshot last, OrchestratorLog log) {
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        runInfo(run.runId(), plan, started, last.endedAt()).writeTo(run);
                    } catch (StoreException e) {
                        log.log("cannot record the end of the run in run.json", e);
                    }
                    RunListing.saveIfEnded(run);
                },
                task -> new Thread(task, "run-end-writer").start());
    }

    /**
     * Runs the dashboard on this thread until the user leaves it. Leaving while sessions run
     * means the user confirmed stopping them (the dashboard asked); the batch then ends as usual.
     */
    private void showDashboard(
            Scheduler scheduler,
            RunStore run,
            Plan plan,
            OrchestratorLog log,
            AtomicReference<Dashboard> dashboard,
            AtomicReference<String> interruptedBy,
            PrintStream progressOut) {
        Dashboard.Exit exit;
        try {
            exit = Dashboard.runOnTerminal(
                    scheduler,
                    new DashboardOptions(
                            exitWhenDone, "claude-multi", plan.stateDir().root(), new GitReviewActions(), quiet),
                    TailSourceFactory.outputFiles(
                            plan.agent(),
                            v -> run.session(v.taskId(), v.attempt()).output()),
                    t -> log.log("the dashboard failed", t),
                    dashboard::set);
        } catch (java.io.IOException e) {
            // No usable terminal: nothing was drawn, so carry on headless.
            log.log("cannot open the dashboard (" + e.getMessage() + "); running headless");
            ctx.err().println("claude-multi: cannot open the dashboard (" + e.getMessage() + "); running headless");
            scheduler.subscribe(new HeadlessProgress(progressOut, plan.agent().simulated(), scheduler));
            return;
        }
        if (exit == Dashboard.Exit.INTERRUPTED) {
            // The user quit with sessions running and confirmed stopping them (q or Ctrl-C, then y):
            // the dashboard already interrupted the scheduler; the run ends as a SIGINT would end it.
            interruptedBy.compareAndSet(null, "INT");
        } else if (exit == Dashboard.Exit.INPUT_CLOSED) {
            // The terminal went away without a SIGHUP reaching us: treat it as one.
            interruptedBy.compareAndSet(null, "HUP");
            scheduler.interrupt("HUP");
        } else if (!scheduler.snapshot().finished()) {
            progressOut.println("claude-multi: waiting for the stopped sessions to end...");
            progressOut.flush();
            scheduler.subscribe(new HeadlessProgress(progressOut, plan.agent().simulated(), scheduler));
        }
    }

    /**
     * How wide the summary's task lines may be: a terminal's width (COLUMNS, else 100), and no limit
     * when the output is piped or redirected, where a cut reason would be lost for good.
     */
    static int summaryWidth(CliContext ctx) {
        if (!ctx.terminal()) {
            return 0;
        }
        try {
            String columns = ctx.env("COLUMNS");
            int n = columns == null ? 0 : Integer.parseInt(columns);
            return n >= 40 ? n : 100;
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    private String header(String runId, Plan plan) {
        BatchOptions.Resolved o = plan.options();
        int n = plan.tasks().size();
        String verb = plan.resume() == null ? "run " : "resume " + plan.resume().describe() + ", run ";
        return "claude-multi " + verb + runId + (plan.agent().simulated() ? "  [SIMULATED agent]" : "") + ": "
                + n + (n == 1 ? " task" : " tasks") + ", parallel " + o.parallel() + ", model " + o.model()
                + o.policy().policy().headerText() + ", state "
                + plan.stateDir().root().resolve("runs").resolve(runId)
                + (WorkspaceSettings.WORKTREE.equals(plan.workspace().isolation())
                        ? ", worktrees from " + plan.workspace().base().substring(0, 12)
                        : "");
    }

    /** The batch budget and halt policy, when set: they decide how the run may end early. */
    private RunInfo runInfo(String runId, Plan plan, Instant started, Instant ended) {
        BatchOptions.Resolved o = plan.options();
        var owner = dev.claudemulti.engine.Launchers.ownerLiveness().self();
        JsonNode tasks;
        try {
            tasks = dev.claudemulti.store.JsonTree.parse(plan.taskFile().text(), false);
        } catch (java.io.IOException e) {
            tasks = null;
        }
        if (tasks == null) { // not plain JSON (comments, say): kept as its text
            tasks = com.fasterxml.jackson.databind.node.TextNode.valueOf(
                    plan.taskFile().text());
        }
        return RunInfo.current(
                runId,
                Versions.current(),
                owner.pid(),
                owner.startedAt(),
                plan.agent().name(),
                plan.agent().simulated(),
                started,
                plan.resume() == null
                        ? null
                        : plan.resume()
                                .recorded()
                                .runInfo()
                                .resumedThen(plan.resume().plan().at()),
                ended,
                o.recorded(),
                plan.taskFile().sourceName(),
                dev.claudemulti.record.TaskFileCopy.of(tasks),
                plan.workspace().record());
    }
}
