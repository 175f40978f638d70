package dev.claudemulti.cli;

import dev.claudemulti.agent.AgentRegistry;
import dev.claudemulti.display.Durations;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.JournalRecorder;
import dev.claudemulti.engine.Launchers;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.ResumePlan;
import dev.claudemulti.launch.HandleRecord;
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
import java.util.List;
import java.util.Optional;

/**
 * {@code run --resume}: finds and locks the recorded run, refuses one that is still running,
 * fills the options the command line leaves unset from those the run recorded, and has the
 * engine plan what runs again ({@link ResumePlan}). Stopping what the dead orchestrator left
 * running happens here too, just before the resumed batch starts.
 *
 * @param plan which tasks run again, as which attempts
 * @param lock held from before the run is read until the resumed batch ends: two resumes of
 *             one run at once would otherwise both launch its sessions
 */
record Resume(RunStore run, RecordedRun recorded, TaskFile taskFile, ResumePlan plan, RunLock lock) {

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
            return load(run, lock, resumeFailed, options, stateDir.log());
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Resume load(
            RunStore run, RunLock lock, boolean resumeFailed, BatchOptions options, OrchestratorLog log) {
        RecordedRun recorded = RecordedRun.load(run);
        RunInfo info = recorded.runInfo();
        String taskFileText = info == null ? null : info.taskFileText();
        if (taskFileText == null) {
            throw new UserException(
                    "run " + run.runId() + " has no readable run.json, so its tasks are unknown; cannot resume");
        }
        if (recorded.ownerAlive() && !recorded.finished()) {
            throw new UserException(inUse(recorded));
        }
        fillUnsetOptions(options, info.optionsOrEmpty());
        fillUnsetHooks(options.notify, info.optionsOrEmpty(), run.runId(), log);
        TaskFile taskFile;
        try {
            taskFile =
                    TaskFile.parse(run.runInfoFile() + " (task_file)", taskFileText.getBytes(StandardCharsets.UTF_8));
        } catch (TaskFileException e) {
            throw new UserException(String.join(System.lineSeparator(), e.problems()));
        }
        ResumePlan plan = ResumePlan.of(recorded, taskFile.tasks(), info.started(), resumeFailed);
        return new Resume(run, recorded, taskFile, plan, lock);
    }

    private static String inUse(RecordedRun recorded) {
        String id = recorded.store().runId();
        if (recorded.ownerAlive()) {
            return "run " + id + " is still running (orchestrator pid "
                    + recorded.runInfo().pid() + "); watch it with: " + Hints.dashboard(id);
        }
        return "run " + id + " is in use by another claude-multi process (being resumed?); try again when it is done";
    }

    /**
     * This resume planned again from the run as it is recorded now, under the same lock: after a
     * follow-up was journaled ({@code continue}), which then runs and nothing else newly does.
     */
    Resume replanned() {
        RecordedRun now = RecordedRun.load(run);
        return new Resume(run, now, taskFile, ResumePlan.of(now, taskFile.tasks(), plan.started(), false), lock);
    }

    /** The agent the run was recorded with; a run.json without the name was written by claude. */
    String agentName() {
        String name = recorded.runInfo().agent();
        return name != null ? name : AgentRegistry.DEFAULT;
    }

    String describe() {
        return "(" + plan.kept() + " kept, " + plan.toRun() + " to run)";
    }

    /**
     * The tasks, with the secret env values run.json never recorded taken from the command's
     * environment. A secret that is not there now stops the resume.
     */
    List<Task> restoreSecrets(CliContext ctx) {
        ResumePlan.SecretsRestored restored = plan.restoreSecrets(ctx.env());
        if (!restored.missing().isEmpty()) {
            throw new UserException("the task file sets secret variables that are never recorded: "
                    + String.join(", ", restored.missing()) + "; export them and resume again");
        }
        return restored.tasks();
    }

    /**
     * Stops whatever the dead orchestrator's sessions left running: each recorded process (only if
     * pid, start time and marker all still match), then anything else carrying this run's marker.
     */
    void stopLeftovers(Duration grace, OrchestratorLog log) {
        recorded.running().forEach((task, p) -> {
            if (Launchers.registry().reattach(p.handle()).stop(grace)) {
                log.log("resume " + run.runId() + ": stopped the leftover process tree of " + task + " (pid " + p.pid()
                        + ")");
            }
            markLost(task, p.attempt(), log);
        });
        for (HandleRecord leftover : Launchers.registry().liveLeftovers(run.runId())) {
            if (Launchers.registry().reattach(leftover).stop(grace)) {
                log.log("resume " + run.runId() + ": stopped leftover processes marked "
                        + leftover.attribute("marker"));
            }
        }
    }

    /** The dead orchestrator left this attempt's session.json saying "running": say what it became. */
    private void markLost(String task, int attempt, OrchestratorLog log) {
        Optional.ofNullable(recorded.snapshot().session(task))
                .filter(v -> v.attempt() == attempt)
                .ifPresent(v -> {
                    try {
                        JournalRecorder.writeOwnerlessSessionInfo(
                                run, v, recorded.running().get(task).marker());
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
        fillUnsetPolicy(o.policy, recorded);
    }

    /**
     * The hooks and notify URL the run had, unless given again. A value run.json keeps with a secret
     * cut out ({@link Secrets#REDACTED}: an environment secret's value written into it) would run
     * or POST wrongly: it is dropped, and the log says so without the value (a URL may hold a token).
     */
    private static void fillUnsetHooks(NotifyOptions o, RunInfo.Options recorded, String runId, OrchestratorLog log) {
        o.onSessionEnd = BatchOptions.first(
                o.onSessionEnd, intact(recorded.onSessionEnd(), "--on-session-end", runId, log), null);
        o.onFinish = BatchOptions.first(o.onFinish, intact(recorded.onFinish(), "--on-finish", runId, log), null);
        o.notifyUrl = BatchOptions.first(o.notifyUrl, intact(recorded.notifyUrl(), "--notify-url", runId, log), null);
    }

    private static String intact(String value, String option, String runId, OrchestratorLog log) {
        if (value != null && value.contains(Secrets.REDACTED)) {
            log.log("resume " + runId + ": " + option + " not restored: run.json keeps it with a secret cut out;"
                    + " give " + option + " again");
            return null;
        }
        return value;
    }

    /** A run.json written before these options existed has none: the resumed run then takes their defaults. */
    private static void fillUnsetPolicy(RunPolicyOptions o, RunInfo.Options recorded) {
        o.retries = BatchOptions.first(o.retries, text(recorded.retries()), null);
        o.retryDelay = BatchOptions.first(o.retryDelay, seconds(recorded.retryDelayMs()), null);
        o.retryFresh = o.retryFresh != null ? o.retryFresh : recorded.retryFresh();
        o.halt = BatchOptions.first(o.halt, recorded.halt(), null);
        o.maxCost = BatchOptions.first(o.maxCost, text(recorded.maxCostUsd()), null);
        o.prices = BatchOptions.first(o.prices, recorded.pricesFile(), null);
        if (o.noAdaptive == null && recorded.adaptive() != null) {
            o.noAdaptive = !recorded.adaptive();
        }
        o.resultGrace = BatchOptions.first(o.resultGrace, seconds(recorded.resultGraceMs()), null);
    }

    /** A recorded duration as the option reads it back exactly, 0 included. */
    private static String seconds(Long millis) {
        if (millis == null) {
            return null;
        }
        return millis == 0 ? "0" : Durations.optionSeconds(Duration.ofMillis(millis));
    }

    private static String text(Number n) {
        return n == null ? null : n.toString();
    }
}
