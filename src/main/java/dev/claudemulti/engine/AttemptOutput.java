package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.CostEstimate;
import dev.claudemulti.agent.Pricing;
import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.launch.SessionHandle;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.workspace.SessionWorkspace;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Follows one running attempt's output for the {@link SessionMachine}: an {@link OutputPump} with
 * the agent's decoder, live figures to the {@link StateBoard} (the attempt's own cost, estimated
 * live from the usage in its stream until the result line gives claude's figure), a budget guard
 * that asks for a stop when that estimate passes the session's budget, and, once the attempt has
 * ended, its work committed on its branch (when it has a worktree) before the end is handed back.
 */
final class AttemptOutput {
    /** How an attempt ended: its main program's exit code (-1 unknown) and its workspace with the work committed. */
    record Ended(int exitCode, SessionWorkspace workspace, OutputPump pump) {}

    /** What the machine hears of a running attempt; every method runs on the scheduler thread. */
    interface Watcher {
        /** The estimate passed the session's budget: {@code reason} says by how much. */
        void overBudget(String reason);

        /** An event of the attempt's stream (a result line, a rate-limit signal, ...). */
        void event(SessionEvent event);

        /** The attempt's own cost (live estimate or claude's figure) changed. */
        void costMoved();

        /** The attempt ended and its work is committed. */
        void ended(Ended ended);
    }

    private final Agent agent;
    private final StateBoard board;
    private final SessionStarter starter;
    /** The scheduler thread: everything a {@link Watcher} hears is handed over to it. */
    private final Executor loop;

    private final Executor pumps;
    private final OrchestratorLog log;
    /** Read when a session reports its first usage: the built-in table is a resource, and reading it opens the jar. */
    private final Supplier<Pricing> prices;
    /** Null for the simulated agent, which keeps its own budget. */
    private final BudgetGuard.Factory budgets;

    AttemptOutput(
            Agent agent,
            StateBoard board,
            SessionStarter starter,
            Executor loop,
            Executor pumps,
            Supplier<Pricing> prices,
            OrchestratorLog log) {
        this.agent = agent;
        this.board = board;
        this.starter = starter;
        this.loop = loop;
        this.pumps = pumps;
        this.log = log;
        this.prices = prices;
        this.budgets = agent.simulated() ? null : new BudgetGuard.Factory(log::log);
    }

    /**
     * Reads the attempt's output until it ends.
     *
     * @param budgetUsd   the budget the attempt was launched with (null: none)
     * @param costBaseUsd what its conversation cost before it: subtracted from claude's running total
     */
    void follow(
            Session s,
            SessionHandle process,
            SessionFiles files,
            Double budgetUsd,
            double costBaseUsd,
            Watcher watcher) {
        // A resumed conversation's stream shows only this attempt's messages: the estimate is its own cost.
        CostEstimate estimate = new CostEstimate(prices, s.task.model());
        BudgetGuard guard = budgets == null ? null : budgets.forSession(budgetUsd, estimate);
        Double[] lastCost = {null}; // the pump thread's own
        OutputPump pump = new OutputPump(
                s.id(),
                process,
                files.output(),
                agent,
                event -> {
                    estimate.accept(event);
                    if (concernsTheRun(event)) {
                        loop.execute(() -> watcher.event(event));
                    }
                },
                (progress, bytes, last) -> {
                    Double reported = progress.costUsd();
                    Double cost =
                            reported != null ? Double.valueOf(Math.max(0, reported - costBaseUsd)) : estimate.usd();
                    board.progress(s, files, progress, bytes, cost, reported == null);
                    if (!Objects.equals(cost, lastCost[0])) {
                        lastCost[0] = cost;
                        loop.execute(watcher::costMoved);
                    }
                    String reason = last || guard == null ? null : guard.check();
                    if (reason != null) {
                        loop.execute(() -> watcher.overBudget(reason));
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
                        (done, error) -> watcher.ended(
                                done != null ? done : new Ended(-1, s.view().workspace(), pump)),
                        loop);
    }

    /**
     * The events the scheduler acts on: a result (its grace starts) and the rate-limit signals (the
     * batch may pause). Every other line would only be a task on the scheduler thread that does nothing.
     */
    private static boolean concernsTheRun(SessionEvent event) {
        return event instanceof SessionEvent.Result
                || event instanceof SessionEvent.ApiRetry
                || event instanceof SessionEvent.RateLimit;
    }
}
