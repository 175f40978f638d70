package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.Pricing;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.workspace.SessionWorkspace;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Follows one running attempt's output for the {@link SessionMachine}: an {@link OutputPump} with
 * the agent's decoder, live figures to the {@link StateBoard}, a budget guard that asks for a stop
 * when the live cost estimate passes the session's budget, and, once the attempt has ended, its
 * work committed on its branch (when it has a worktree) before the end is handed back.
 */
final class AttemptOutput {
    /** How an attempt ended: its main program's exit code (-1 unknown) and its workspace with the work committed. */
    record Ended(int exitCode, SessionWorkspace workspace, OutputPump pump) {}

    private final Agent agent;
    private final StateBoard board;
    private final SessionStarter starter;
    /** The scheduler thread: over-budget stops and ends are handed back on it. */
    private final Executor loop;

    private final Executor pumps;
    private final OrchestratorLog log;
    /** Null for the simulated agent, which keeps its own budget. */
    private final BudgetGuard.Factory budgets;

    AttemptOutput(
            Agent agent, StateBoard board, SessionStarter starter, Executor loop, Executor pumps, OrchestratorLog log) {
        this.agent = agent;
        this.board = board;
        this.starter = starter;
        this.loop = loop;
        this.pumps = pumps;
        this.log = log;
        this.budgets = agent.simulated() ? null : new BudgetGuard.Factory(Pricing.builtIn(), log::log);
    }

    /**
     * Reads the attempt's output until it ends.
     *
     * @param overBudget runs on the scheduler thread with the reason, when the estimate passes the budget
     * @param ended      runs on the scheduler thread once the attempt ended and its work is committed
     */
    void follow(
            Session s, SessionHandle process, SessionFiles files, Consumer<String> overBudget, Consumer<Ended> ended) {
        int attempt = files.attempt();
        BudgetGuard guard = budgets == null ? null : budgets.forSession(s.task.budgetUsd(), s.task.model());
        Consumer<SessionEvent> events = guard == null ? event -> {} : guard::accept;
        OutputPump pump = new OutputPump(
                s.id(),
                process,
                files.output(),
                agent,
                events,
                (progress, bytes, last) -> {
                    board.progress(s, attempt, progress, bytes);
                    String reason = last || guard == null ? null : guard.check();
                    if (reason != null) {
                        loop.execute(() -> overBudget.accept(reason));
                    }
                },
                pumps,
                log);
        // However it ended, its work is committed on its branch before its end is recorded.
        pump.ended()
                .handle((code, error) -> code == null ? -1 : code)
                .thenCompose(code -> starter.commitEnded(
                                s.view().workspace(), s.id(), pump.progress().result())
                        .thenApply(ws -> new Ended(code, ws, pump)))
                .whenCompleteAsync(
                        (done, error) -> ended.accept(
                                done != null ? done : new Ended(-1, s.view().workspace(), pump)),
                        loop);
    }
}
