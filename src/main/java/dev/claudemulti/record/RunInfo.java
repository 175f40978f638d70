package dev.claudemulti.record;

import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's {@code run.json}: who owns the run (orchestrator pid and its start time), with which
 * agent and options, and a copy of the task file, so that another process can show, stop or
 * resume it. Written when the batch starts and again when it ends.
 *
 * <p>Not guaranteed: that the recorded orchestrator still runs (ask the run's owner-liveness check),
 * nor that the options are valid today (resume checks them again like any other option).
 *
 * @param schemaVersion null when read from a file of release 0.1.0 (see {@link SchemaVersion})
 * @param resumed       when each resume of the run began, oldest first; null if never resumed
 * @param ended         null while the batch runs (and forever if its orchestrator died)
 * @param taskFile      the task file as JSON, or as a JSON string when it was not plain JSON
 */
public record RunInfo(
        Integer schemaVersion,
        String runId,
        String version,
        Long pid,
        Instant pidStart,
        String agent,
        boolean simulated,
        Instant started,
        List<Instant> resumed,
        Instant ended,
        Options options,
        String taskSource,
        TaskFileCopy taskFile,
        Workspace workspace) {

    public RunInfo {
        resumed = resumed == null ? null : List.copyOf(resumed);
    }

    /**
     * The batch options the run was started with, all resolved; any may be null in a file that
     * lacks it (a run.json written before retries, halt policies and the batch budget has none of
     * those, and a resume runs it with their defaults).
     *
     * @param retries       {@code --retries}: the retries of tasks whose file sets none
     * @param halt          {@code --halt} in the form it is written ({@code now,fail=3})
     * @param maxCostUsd    the batch budget in force: {@code --max-cost}, else the file's {@code maxCost}
     * @param pricesFile    {@code --prices}, absolute; null: the built-in price table
     * @param adaptive      false under {@code --no-adaptive}
     * @param onSessionEnd  the on-session-end hook in force ({@code --on-session-end}, else the file's)
     * @param onFinish      the on-finish hook in force
     * @param notifyUrl     {@code --notify-url}; run.json is private, but this is never printed: it may hold a token
     */
    public record Options(
            String model,
            Double budgetUsd,
            Integer parallel,
            Long timeoutS,
            Long graceMs,
            String projectDir,
            String permissionMode,
            String claude,
            Integer retries,
            Long retryDelayMs,
            Boolean retryFresh,
            String halt,
            Double maxCostUsd,
            String pricesFile,
            Boolean adaptive,
            Long resultGraceMs,
            String onSessionEnd,
            String onFinish,
            String notifyUrl) {
        /** The options of a run.json written before issue 11's options existed: those read as unset. */
        public Options(
                String model,
                Double budgetUsd,
                Integer parallel,
                Long timeoutS,
                Long graceMs,
                String projectDir,
                String permissionMode,
                String claude) {
            this(
                    model,
                    budgetUsd,
                    parallel,
                    timeoutS,
                    graceMs,
                    projectDir,
                    permissionMode,
                    claude,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
    }

    /**
     * How the run isolates its sessions: {@code isolation} "worktree" or "none"; for worktrees, the
     * project's repository, the base commit SHA and the prefix of the branches it creates.
     */
    public record Workspace(String isolation, String repo, String base, String branchPrefix) {}

    /** This run.json as the current release writes it. */
    public static RunInfo current(
            String runId,
            String version,
            long pid,
            Instant pidStart,
            String agent,
            boolean simulated,
            Instant started,
            List<Instant> resumed,
            Instant ended,
            Options options,
            String taskSource,
            TaskFileCopy taskFile,
            Workspace workspace) {
        return new RunInfo(
                SchemaVersion.CURRENT,
                runId,
                version,
                pid,
                pidStart,
                agent,
                simulated,
                started,
                resumed,
                ended,
                options,
                taskSource,
                taskFile,
                workspace);
    }

    /** {@link #resumed()} and then {@code at}: the list to record when the run is resumed at {@code at}. */
    public List<Instant> resumedThen(Instant at) {
        List<Instant> all = new ArrayList<>(resumed == null ? List.of() : resumed);
        all.add(at);
        return all;
    }

    /** The task file's text as recorded, or null if run.json has no copy. */
    public String taskFileText() {
        return taskFile == null ? null : taskFile.text();
    }

    /** The options, all null when run.json has none. */
    public Options optionsOrEmpty() {
        return options == null ? new Options(null, null, null, null, null, null, null, null) : options;
    }

    /** Replaces run.json atomically (redacted as {@link RunStore#writeRunInfo} says). */
    public void writeTo(RunStore store) throws StoreException {
        store.writeRunInfo(RecordTrees.runInfo(this));
    }

    /** The orchestrator that owns a run, as run.json names it; either may be null. */
    public record Owner(Long pid, Instant pidStart) {}

    /**
     * The owner that run.json's bytes ({@link RunStore#readRunInfoBytes}) name, without reading the
     * rest of them (with a thousand tasks, the task file's copy is most of it): status looks for
     * live runs among every run of the state directory. Null if they are null or unreadable.
     */
    public static Owner owner(byte[] runJson) {
        return RunInfoReader.owner(runJson);
    }

    /** The run.json of {@code runJson}, its bytes; null if they are null or unreadable (see {@link RunInfoReader}). */
    public static RunInfo of(byte[] runJson) {
        return RunInfoReader.read(runJson);
    }

    /** The run's run.json, or null if it is missing or unreadable. */
    public static RunInfo read(RunStore store) {
        return of(store.readRunInfoBytes());
    }
}
