package dev.claudemulti.cli;

import dev.claudemulti.agent.AgentRegistry;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionRecords;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.engine.JournalRecorder;
import dev.claudemulti.engine.Launchers;
import dev.claudemulti.launch.HandleRecord;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.record.RunInfo;
import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.RunLock;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.Secrets;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.store.StoreException;
import dev.claudemulti.task.Task;
import dev.claudemulti.task.TaskFile;
import dev.claudemulti.task.TaskFileException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to continue an interrupted run, GNU parallel {@code --resume} style: completed sessions
 * are never run again; sessions that were running when the orchestrator died have whatever is
 * left of their process tree stopped, then run again as a new attempt; with
 * {@code --resume-failed}, failed, timed-out, stopped and killed sessions run again too.
 * Every earlier attempt's files stay where they are.
 *
 * @param views   the state each task starts from: final ones are kept, queued ones run
 * @param started when the run first started
 * @param at      when this resume began
 * @param lock    held from before the run is read until the resumed batch ends: two resumes of
 *                one run at once would otherwise both launch its sessions
 */
record Resume(RunStore run, RecordedRun recorded, TaskFile taskFile, Map<String, SessionView> views, Instant started,
              Instant at, boolean resumeFailed, RunLock lock) {

    private static final Set<SessionState> RERUN_WITH_FAILED = Set.of(SessionState.FAILED, SessionState.TIMED_OUT,
            SessionState.STOPPED, SessionState.KILLED);

    static Resume load(StateDir stateDir, String runId, boolean resumeFailed, BatchOptions options) {
        RunStore run;
        try {
            run = runId == null ? stateDir.latestRun() : stateDir.openRun(runId);
        } catch (StoreException e) {
            throw new UserException(e.getMessage());
        }
        RunLock lock;
        try {
            lock = run.tryLock();
        } catch (StoreException e) {
            throw new UserException(e.getMessage());
        }
        if (lock == null) {
            throw new UserException(inUse(RecordedRun.load(run)));
        }
        try {
            return load(run, lock, resumeFailed, options);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Resume load(RunStore run, RunLock lock, boolean resumeFailed, BatchOptions options) {
        RecordedRun recorded = RecordedRun.load(run);
        RunInfo info = recorded.runInfo();
        String taskFileText = info == null ? null : info.taskFileText();
        if (taskFileText == null) {
            throw new UserException("run " + run.runId() + " has no readable run.json, so its tasks are unknown; cannot resume");
        }
        if (recorded.ownerAlive() && !recorded.finished()) {
            throw new UserException(inUse(recorded));
        }
        fillUnsetOptions(options, info.optionsOrEmpty());
        TaskFile taskFile;
        try {
            taskFile = TaskFile.parse(run.runInfoFile() + " (task_file)", taskFileText.getBytes(StandardCharsets.UTF_8));
        } catch (TaskFileException e) {
            throw new UserException(String.join(System.lineSeparator(), e.problems()));
        }
        Map<String, SessionView> views = new LinkedHashMap<>();
        Map<String, SessionView> byId = new LinkedHashMap<>();
        recorded.snapshot().sessions().forEach(v -> byId.put(v.taskId(), v));
        for (Task t : taskFile.tasks()) {
            SessionView v = byId.get(t.id());
            if (v == null) {
                continue; // never recorded: starts fresh as attempt 1
            }
            boolean rerun = !v.state().isFinal() || v.state() == SessionState.LOST
                    || (resumeFailed && RERUN_WITH_FAILED.contains(v.state()));
            if (!rerun) {
                views.put(t.id(), v);
                continue;
            }
            int onDisk = run.latestAttempt(t.id());
            boolean neverLaunched = v.state() == SessionState.QUEUED && onDisk < v.attempt();
            int attempt = neverLaunched ? v.attempt() : Math.max(v.attempt(), onDisk) + 1;
            views.put(t.id(), SessionView.queued(t.id(), attempt, v.model()));
        }
        Instant started = info.started();
        return new Resume(run, recorded, taskFile, views, started != null ? started : Instant.now(), Instant.now(),
                resumeFailed, lock);
    }

    private static String inUse(RecordedRun recorded) {
        String id = recorded.store().runId();
        if (recorded.ownerAlive()) {
            return "run " + id + " is still running (orchestrator pid " + recorded.runInfo().pid()
                    + "); watch it with: " + Hints.dashboard(id);
        }
        return "run " + id + " is in use by another claude-multi process (being resumed?); try again when it is done";
    }

    /** What the attempts this resume replaces, and those replaced before, already spent. */
    double earlierAttemptsCostUsd() {
        double replaced = 0;
        for (SessionView before : recorded.snapshot().sessions()) {
            SessionView now = views.get(before.taskId());
            if (now != null && now.attempt() > before.attempt() && before.costUsd() != null) {
                replaced += before.costUsd();
            }
        }
        return recorded.snapshot().earlierAttemptsCostUsd() + replaced;
    }

    /** The agent the run was recorded with; a run.json without the name was written by claude. */
    String agentName() {
        String name = recorded.runInfo().agent();
        return name != null ? name : AgentRegistry.DEFAULT;
    }

    String describe() {
        long keep = views.values().stream().filter(v -> v.state().isFinal()).count();
        return "(" + keep + " kept, " + (taskFile.tasks().size() - keep) + " to run)";
    }

    /**
     * The tasks, with the secret env values run.json never recorded taken from this process's
     * environment. A secret that is not there now stops the resume: running without it would
     * quietly change the task.
     */
    List<Task> restoreSecrets(CliContext ctx) {
        List<Task> tasks = new ArrayList<>();
        Set<String> missing = new TreeSet<>();
        for (Task t : taskFile.tasks()) {
            if (t.env() == null) {
                tasks.add(t);
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>(t.env());
            env.replaceAll((name, value) -> {
                if (!Secrets.REDACTED.equals(value)) {
                    return value;
                }
                String now = ctx.env().get(name);
                if (now == null) {
                    missing.add(name);
                }
                return now;
            });
            tasks.add(t.toBuilder().env(env).build());
        }
        if (!missing.isEmpty()) {
            throw new UserException("the task file sets secret variables that are never recorded: "
                    + String.join(", ", missing) + "; export them and resume again");
        }
        return tasks;
    }

    /**
     * Stops whatever the dead orchestrator's sessions left running: each recorded process (only if
     * pid, start time and marker all still match), then anything else carrying this run's marker.
     */
    void stopLeftovers(Duration grace, OrchestratorLog log) {
        recorded.running().forEach((task, p) -> {
            if (Launchers.registry().reattach(p.handle()).stop(grace)) {
                log.log("resume " + run.runId() + ": stopped the leftover process tree of " + task + " (pid " + p.pid() + ")");
            }
            markLost(task, p.attempt(), log);
        });
        for (HandleRecord leftover : Launchers.registry().liveLeftovers(run.runId())) {
            if (Launchers.registry().reattach(leftover).stop(grace)) {
                log.log("resume " + run.runId() + ": stopped leftover processes marked " + leftover.attribute("marker"));
            }
        }
    }

    /** The dead orchestrator left this attempt's session.json saying "running": say what it became. */
    private void markLost(String task, int attempt, OrchestratorLog log) {
        recorded.snapshot().sessions().stream()
                .filter(v -> v.taskId().equals(task) && v.attempt() == attempt)
                .findFirst()
                .ifPresent(v -> {
                    try {
                        JournalRecorder.writeOwnerlessSessionInfo(run, v, recorded.running().get(task).marker());
                    } catch (StoreException e) {
                        log.log("resume " + run.runId() + ": cannot mark " + task + " attempt " + attempt + " lost", e);
                    }
                });
    }

    private static void fillUnsetOptions(BatchOptions o, RunInfo.Options recorded) {
        o.model = BatchOptions.first(o.model, recorded.model(), null);
        o.budget = BatchOptions.first(o.budget, text(recorded.budgetUsd()), null);
        o.parallel = BatchOptions.first(o.parallel, text(recorded.parallel()), null);
        o.timeout = BatchOptions.first(o.timeout, text(recorded.timeoutS()), null);
        if (o.grace == null && recorded.graceMs() != null) {
            o.grace = String.valueOf(recorded.graceMs() / 1000.0);
        }
        o.projectDir = BatchOptions.first(o.projectDir, recorded.projectDir(), null);
        o.claude = BatchOptions.first(o.claude, recorded.claude(), null);
        o.permissionMode = BatchOptions.first(o.permissionMode, recorded.permissionMode(), null);
    }

    private static String text(Number n) {
        return n == null ? null : n.toString();
    }
}
