package dev.claudemulti.tui;

import dev.claudemulti.agent.SimulatedAgent;
import dev.claudemulti.engine.Engine;
import dev.claudemulti.engine.EngineListener;
import dev.claudemulti.engine.RunOptions;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.Scheduler;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.task.Task;
import dev.claudemulti.task.TaskFile;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * The demo batch (examples/tasks.json, simulated agent) on the real dashboard, wired the way the CLI
 * wires it: for the tmux end-to-end test while {@code demo --tui} is not wired yet, and as the
 * reference for that wiring. Usage: {@code TuiDemoMain --state-dir DIR [--parallel N] [--crash]};
 * {@code --crash} makes the engine's snapshot fail after a few calls, to see the dashboard fail cleanly.
 */
public final class TuiDemoMain {
    private TuiDemoMain() {}

    /** An engine whose snapshot() fails from its fourth call on: a bug in the dashboard's path. */
    private static Engine crashing(Engine real) {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        return new Engine() {
            @Override
            public RunSnapshot snapshot() {
                if (calls.incrementAndGet() > 3) {
                    throw new IllegalStateException("simulated dashboard bug");
                }
                return real.snapshot();
            }

            @Override
            public AutoCloseable subscribe(EngineListener listener) {
                return real.subscribe(listener);
            }

            @Override
            public void stop(String taskId) {
                real.stop(taskId);
            }

            @Override
            public void kill(String taskId) {
                real.kill(taskId);
            }

            @Override
            public void retry(String taskId) {
                real.retry(taskId);
            }

            @Override
            public void stopAll() {
                real.stopAll();
            }
        };
    }

    public static void main(String[] args) throws Exception {
        Path stateDirPath = Path.of(System.getProperty("java.io.tmpdir"), "claude-multi-tui-demo");
        int parallel = 3;
        boolean crash = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--state-dir" -> stateDirPath = Path.of(args[++i]);
                case "--crash" -> crash = true;
                case "--parallel" -> parallel = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        TaskFile taskFile;
        try (InputStream in = TuiDemoMain.class.getResourceAsStream("/examples/tasks.json")) {
            taskFile = TaskFile.parse("examples/tasks.json", in.readAllBytes());
        }
        StateDir stateDir = StateDir.open(stateDirPath);
        RunStore run = stateDir.createRun();
        Journal journal = run.journal();
        OrchestratorLog log = stateDir.log();
        Task defaults = Task.builder()
                .model("sonnet")
                .budgetUsd(2.0)
                .timeout(Duration.ofMinutes(15))
                .build();
        RunOptions options = new RunOptions(
                defaults, parallel, Duration.ofSeconds(2), Path.of("").toAbsolutePath(), System.getenv());
        AtomicReference<Dashboard> dashboard = new AtomicReference<>();
        RunSnapshot last;
        try (Scheduler scheduler = new Scheduler(run, journal, new SimulatedAgent(), options, taskFile.tasks(), log)) {
            for (String sig : new String[] {"TERM", "HUP", "INT"}) {
                Signal.handle(new Signal(sig), s -> {
                    scheduler.interrupt(s.getName());
                    Dashboard d = dashboard.get();
                    if (d != null) {
                        d.close();
                    }
                });
            }
            scheduler.start();
            Engine engine = crash ? crashing(scheduler) : scheduler;
            Dashboard.Exit exit = Dashboard.runOnTerminal(
                    engine,
                    new DashboardOptions(false, "claude-multi", stateDir.root()),
                    TailSourceFactory.outputFiles(
                            new SimulatedAgent(),
                            v -> run.session(v.taskId(), v.attempt()).output()),
                    t -> log.log("the dashboard failed", t),
                    dashboard::set);
            last = scheduler.finished().join();
            System.out.println("dashboard: " + exit);
        } finally {
            journal.close();
        }
        long completed = last.count(SessionState.COMPLETED);
        System.out.println("run " + run.runId() + " finished: " + completed + " of "
                + last.sessions().size() + " completed");
        System.exit(0);
    }
}
