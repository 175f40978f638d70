package dev.claudemulti.cli;

import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.RunState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.record.RunInfo;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StateDir;
import dev.claudemulti.store.StoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs of a state directory that are live: their orchestrator runs and some session is queued
 * or running. Each {@code start} makes a run of its own, so several can be live at once; status
 * shows them all, and a task id live in more than one is ambiguous.
 */
final class LiveRuns {
    private LiveRuns() {}

    /**
     * The live runs, oldest first, read as states only. Only runs whose run.json names a living
     * orchestrator have their journal read, so this stays cheap in a directory of many old runs.
     */
    static List<RecordedRun> in(StateDir dir) {
        return in(dir, false);
    }

    /**
     * As {@link #in(StateDir)}; with {@code readOutput} each run as {@link RecordedRun#load} reads it
     * (running sessions' output figures too), for a caller that shows them: replaying a journal
     * of a thousand sessions twice was most of what status took during such a run.
     */
    static List<RecordedRun> in(StateDir dir, boolean readOutput) {
        return in(dir, readOutput, null);
    }

    /** As {@link #in(StateDir, boolean)}, leaving out the run {@code except}: a caller that has it loaded already. */
    static List<RecordedRun> in(StateDir dir, boolean readOutput, String except) {
        List<RecordedRun> live = new ArrayList<>();
        for (Owned owned : owned(dir, except)) {
            RecordedRun run = owned.loadIfLive(readOutput);
            if (run != null) {
                live.add(run);
            }
        }
        return live;
    }

    /**
     * A run whose run.json names an orchestrator that lives, with run.json's bytes as read then: it is
     * live unless all its sessions have ended (the orchestrator is finishing).
     */
    record Owned(RunStore store, byte[] runJson) {
        /**
         * The run as {@link RecordedRun#load} reads it, from the run.json already read, if it is live
         * (some session queued or running); null once its sessions have all ended.
         */
        RecordedRun loadIfLive(boolean readOutput) {
            RecordedRun run = RecordedRun.load(store, RunInfo.of(runJson), readOutput);
            return run.state() == RunState.RUNNING ? run : null;
        }
    }

    /** The runs whose orchestrator lives, oldest first, but {@code except} (null: none left out). */
    static List<Owned> owned(StateDir dir, String except) {
        List<Owned> owned = new ArrayList<>();
        for (String id : dir.runIds()) {
            if (id.equals(except)) {
                continue;
            }
            RunStore store;
            try {
                store = dir.openRun(id);
            } catch (StoreException e) {
                continue; // removed meanwhile
            }
            // The owner first, from the head of run.json: most runs of a state directory have ended.
            byte[] runJson = store.readRunInfoBytes();
            if (RecordedRun.ownerAlive(RunInfo.owner(runJson))) {
                owned.add(new Owned(store, runJson));
            }
        }
        return owned;
    }

    /** The live runs in which task {@code taskId} is queued or running. */
    static List<RecordedRun> withLiveTask(StateDir dir, String taskId) {
        List<RecordedRun> found = new ArrayList<>();
        for (RecordedRun run : in(dir)) {
            SessionView v = run.snapshot().session(taskId);
            if (v != null && !v.state().isFinal()) {
                found.add(run);
            }
        }
        return found;
    }
}
