package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.AgentRegistry;
import dev.claudemulti.agent.Tokens;
import dev.claudemulti.launch.HandleRecord;
import dev.claudemulti.launch.OwnerLiveness;
import dev.claudemulti.record.JournalEntries;
import dev.claudemulti.record.JournalEntry;
import dev.claudemulti.record.LiveFigures;
import dev.claudemulti.record.OwnerRequest;
import dev.claudemulti.record.RunInfo;
import dev.claudemulti.record.SessionRecord;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.SessionFiles;
import dev.claudemulti.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as its state directory records it, read by any process: status, list, result,
 * an attached dashboard, stop from another terminal, resume.
 *
 * <p>The journal says what happened; run.json says who owns the run. If the owning
 * orchestrator is gone (its pid is dead, or reused by a process with another start time) and
 * the run never finished, its running sessions are shown as {@link SessionState#LOST}, never
 * as running.
 *
 * @param running     the recorded process of every session the journal last saw running
 * @param ownerAlive  whether the orchestrator that wrote the run still runs
 * @param interrupted the signal that interrupted the run ("INT"), or null
 */
public record RecordedRun(
        RunStore store,
        RunInfo runInfo,
        RunSnapshot snapshot,
        boolean ownerAlive,
        Map<String, RecordedProcess> running,
        String interrupted) {

    /**
     * A running session as recorded: its handle is enough to find it again, and only it, through
     * the launcher of its kind ({@link Launchers#registry()}).
     *
     * @param pid the main process id shown to the user (null if the launcher has none)
     */
    public record RecordedProcess(HandleRecord handle, Long pid, String marker, int attempt) {}

    public static RecordedRun load(RunStore store) {
        return load(store, true);
    }

    /**
     * The run as the journal has it, without reading running sessions' output files: for callers
     * that need states only (and poll), or tail the output themselves.
     */
    public static RecordedRun loadStates(RunStore store) {
        return load(store, false);
    }

    private static RecordedRun load(RunStore store, boolean readOutput) {
        return load(store, RunInfo.read(store), readOutput);
    }

    /**
     * As {@link #load} (or {@link #loadStates} without {@code readOutput}), with the run.json
     * {@code info} a caller has just read (null if unreadable): one that reads it to decide whether
     * to load the run at all need not parse it twice (with a thousand tasks it holds their whole file).
     */
    public static RecordedRun load(RunStore store, RunInfo info, boolean readOutput) {
        // Less the entries that a later one of the same session's attempt makes moot: see fold.
        return fold(store, info, JournalEntries.replayLatest(store.journalFile()), readOutput);
    }

    /**
     * The run that {@code entries} of its journal record. Each session entry replaces what the
     * session's last one set, unless it is of an earlier attempt, and it counts as spent only the
     * cost of the entry it replaces with a later attempt: so an entry followed by one of the same
     * attempt of its task changes nothing, and {@link JournalEntries#replayLatest} may leave it out
     * (RecordedRunReplayTest folds random journals both ways).
     */
    static RecordedRun fold(RunStore store, RunInfo info, List<JournalEntry.Recorded> entries, boolean readOutput) {
        Map<String, SessionView> views = new LinkedHashMap<>();
        Map<String, RecordedProcess> running = new LinkedHashMap<>();
        String interrupted = null;
        Instant finishedAt = null;
        // Summed exactly: in a sum of doubles the order counts, and replayLatest may move an addition past others.
        java.math.BigDecimal earlierCost = java.math.BigDecimal.ZERO;
        Map<String, Double> costBases = new HashMap<>();
        for (JournalEntry.Recorded recorded : entries) {
            JournalEntry e = recorded.entry();
            if (e instanceof JournalEntry.RunStarted started) {
                started.tasks().forEach(t -> views.putIfAbsent(t, SessionView.queued(t, 1, null)));
            } else if (e instanceof JournalEntry.SessionChanged changed) {
                SessionView v = SessionRecords.toView(changed.session());
                SessionView known = views.get(v.taskId());
                if (known != null && v.attempt() < known.attempt()) {
                    continue; // a late record of an earlier attempt must not hide the current one
                }
                if (known != null && v.attempt() > known.attempt() && known.costUsd() != null) {
                    earlierCost = earlierCost.add(new java.math.BigDecimal(known.costUsd())); // replaced, but spent
                }
                views.put(v.taskId(), v);
                costBases.put(v.taskId(), changed.session().costBaseUsd());
                // The reader builds a local handle from the old top-level fields of entries written before handles
                // were.
                if (v.state() == SessionState.RUNNING && changed.handle() != null) {
                    HandleRecord handle = changed.handle();
                    String marker = handle.attribute("marker");
                    if (marker == null) { // the marker every session of 0.1.0 had
                        marker = store.runId() + "/" + v.taskId() + "/" + v.attempt();
                        handle = handle.withAttribute("marker", marker);
                    }
                    running.put(v.taskId(), new RecordedProcess(handle, v.pid(), marker, v.attempt()));
                } else {
                    running.remove(v.taskId());
                }
                finishedAt = null;
            } else if (e instanceof JournalEntry.Interrupted i) {
                interrupted = i.signal() == null ? "?" : i.signal();
            } else if (e instanceof JournalEntry.RunFinished) {
                finishedAt = recorded.ts();
            }
            // requests, resumes and entries of a later release: informative only
        }
        boolean ownerAlive = ownerAlive(info);
        Map<String, Integer> live = ownerAlive || running.isEmpty() ? Map.of() : liveProcesses(store, running);
        List<SessionView> list = new ArrayList<>(views.size());
        for (SessionView v : views.values()) {
            if (v.state() == SessionState.RUNNING) {
                if (readOutput) {
                    v = withLiveFigures(store, v, agentOf(info), costBases.get(v.taskId()));
                }
                if (!ownerAlive) {
                    v = lost(v, live.getOrDefault(v.taskId(), 0), store.runId(), lastSign(store, v));
                }
            }
            list.add(v);
        }
        RunInfo.Options options = info == null ? null : info.optionsOrEmpty();
        RunSnapshot snapshot = new RunSnapshot(
                store.runId(),
                options == null || options.projectDir() == null ? null : Path.of(options.projectDir()),
                options == null ? null : options.model(),
                options == null || options.parallel() == null ? 0 : options.parallel(),
                info != null && info.simulated(),
                info == null ? null : info.started(),
                finishedAt != null ? finishedAt : info == null ? null : info.ended(),
                list,
                earlierCost.doubleValue());
        return new RecordedRun(store, info, snapshot, ownerAlive, running, interrupted);
    }

    /**
     * Leaves a request ({@code stop}, {@code kill}, {@code stop_all}, {@code retry}) for the orchestrator
     * that owns the run; it watches its requests directory, acts, and records the outcome.
     */
    public void request(String action, String taskId) throws StoreException {
        request(action, taskId, null);
    }

    /** As {@link #request(String, String)}, with the exit code an {@code attach_end} carries. */
    public void request(String action, String taskId, Integer exitCode) throws StoreException {
        new OwnerRequest(action, taskId, Launchers.ownerLiveness().self().pid(), null, exitCode).writeTo(store);
    }

    /**
     * For a run whose orchestrator is gone, nobody else will act: stops what is left of the
     * session's recorded process tree here (pid, start time and marker must all match; SIGKILL at
     * once when {@code end} is KILLED), then records the outcome in the journal.
     *
     * @throws IllegalStateException if a process survived SIGKILL
     */
    public SessionView endOwnerless(SessionView v, SessionState end, Duration grace) throws StoreException {
        // The run lock is held by any orchestrator of this run, e.g. a resume that has not yet
        // recorded itself as the owner: then it is not ownerless, and acting here would race it.
        try (var lock = store.tryLock()) {
            if (lock == null) {
                throw new StoreException("run " + store.runId()
                        + " is in use by another claude-multi process (being resumed?); try again when it is done");
            }
            return endOwnerlessLocked(v, end, grace);
        }
    }

    private SessionView endOwnerlessLocked(SessionView v, SessionState end, Duration grace) throws StoreException {
        RecordedProcess p = running.get(v.taskId());
        String verb = end == SessionState.KILLED ? "killed" : "stopped";
        String reason;
        if (p == null) {
            reason = verb + " by user before it started (orchestrator gone)";
        } else {
            boolean acted =
                    Launchers.registry().reattach(p.handle()).stop(end == SessionState.KILLED ? Duration.ZERO : grace);
            reason = verb + " by user (orchestrator gone" + (acted ? ")" : "; no process was left)");
        }
        SessionView ended = v.withState(end, reason).withRetry(null).withEndedAt(Instant.now());
        JournalRecorder.appendOwnerlessEnd(store, ended);
        return ended;
    }

    /** Where the run is (running, finished, lost owner...), derived from what it recorded. */
    public RunState state() {
        return RunState.of(this);
    }

    /** Whether the run's sessions are all in a final state (no session running or queued). */
    public boolean finished() {
        return snapshot.sessions().stream().allMatch(s -> s.state().isFinal());
    }

    /**
     * True if the run.json's orchestrator pid is alive with the recorded start time: a cheap first
     * test for callers that look for live runs among many (a run whose owner is gone is not running).
     */
    public static boolean ownerAlive(RunInfo info) {
        return info != null && ownerAlive(new RunInfo.Owner(info.pid(), info.pidStart()));
    }

    /** Whether the orchestrator {@code owner} names still runs; false for null or an owner without a pid. */
    public static boolean ownerAlive(RunInfo.Owner owner) {
        if (owner == null || owner.pid() == null) {
            return false;
        }
        return Launchers.ownerLiveness().isAlive(new OwnerLiveness.Owner(owner.pid(), owner.pidStart()));
    }

    /**
     * For each session recorded as running, how many live processes carry its marker: a lost
     * session's agent may outlive the orchestrator (the orchestrator's watchdog ends it at its timeout).
     */
    private static Map<String, Integer> liveProcesses(RunStore store, Map<String, RecordedProcess> running) {
        Map<String, Integer> byMarker = Launchers.registry().liveByMarker(store.runId());
        Map<String, Integer> byTask = new LinkedHashMap<>();
        running.forEach((task, p) -> byTask.put(task, byMarker.getOrDefault(p.marker(), 0)));
        return byTask;
    }

    /**
     * How many processes of this run's lost sessions are alive now (0 if none is lost), read
     * afresh from the launchers; with {@link #lostHint()} for what to do about them.
     */
    public int lostProcessesAlive() {
        if (ownerAlive || running.isEmpty() || snapshot.count(SessionState.LOST) == 0) {
            return 0;
        }
        return liveProcesses(store, running).values().stream()
                .mapToInt(Integer::intValue)
                .sum();
    }

    /** The commands that stop a lost session's processes or resume the run: every hint that names them. */
    public String lostHint() {
        return Hints.lostProcesses(store.runId());
    }

    /**
     * "4 processes of lost sessions of run R still running; stop them: …, or resume: …", read afresh
     * like {@link #lostProcessesAlive()}; null when none is alive. What status and list print under a
     * run ({@code namingTheRun}: they show several) and the dashboard under its table (it shows one).
     */
    public String lostProcessesNotice(boolean namingTheRun) {
        int alive = lostProcessesAlive();
        if (alive == 0) {
            return null;
        }
        return alive + (alive == 1 ? " process" : " processes") + " of lost sessions"
                + (namingTheRun ? " of run " + store.runId() : "") + " still running; " + lostHint();
    }

    /**
     * When a lost session was last seen doing something: its output's or stderr's last write, never
     * before its start. Without it a lost session had no end, and its time ran on to "now" while the
     * run's wall time stopped at its start ("wall 0s · speedup 2.4x").
     */
    private static Instant lastSign(RunStore store, SessionView v) {
        Instant last = v.startedAt();
        SessionFiles files = store.session(v.taskId(), v.attempt());
        for (Path f : List.of(files.output(), files.stderr())) {
            try {
                Instant t = Files.getLastModifiedTime(f).toInstant();
                if (last == null || t.isAfter(last)) {
                    last = t;
                }
            } catch (IOException e) {
                // no such file yet: nothing written, the start stands
            }
        }
        return last;
    }

    private static SessionView lost(SessionView v, int liveProcesses, String runId, Instant lastSign) {
        String reason = liveProcesses == 0
                ? "orchestrator gone while it ran"
                : "orchestrator gone; " + liveProcesses + (liveProcesses == 1 ? " process" : " processes")
                        + " still running until its timeout: " + Hints.stopAll(runId) + " stops them";
        return v.withState(SessionState.LOST, reason).withEndedAt(lastSign);
    }

    /**
     * {@code v} with its attempt's own cost: the output of a resumed conversation reports its
     * running total, of which {@code base} (null: 0) was spent before this attempt.
     */
    private static SessionView ownCost(SessionView v, Double base) {
        return base == null || v.costUsd() == null ? v : v.withCost(Math.max(0, v.costUsd() - base), false);
    }

    /**
     * Per task, what its conversation had cost by the journal's last record of it (the pending
     * retry's base, or an ended attempt's base plus its own cost): the base of an attempt that
     * continues that conversation. Not included: what a lost attempt spent after its start.
     */
    static Map<String, Double> conversationCosts(RunStore store) {
        Map<String, Double> costs = new HashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        for (JournalEntry.Recorded recorded : JournalEntries.replay(store.journalFile())) {
            if (!(recorded.entry() instanceof JournalEntry.SessionChanged changed)) {
                continue;
            }
            SessionRecord r = changed.session();
            if (attempts.getOrDefault(r.task(), 0) > r.attempt()) {
                continue; // a late record of an earlier attempt
            }
            attempts.put(r.task(), r.attempt());
            double base = r.costBaseUsd() == null ? 0 : r.costBaseUsd();
            boolean ended = !"queued".equals(r.state()) && !"running".equals(r.state());
            costs.put(r.task(), base + (ended && r.costUsd() != null ? r.costUsd() : 0));
        }
        return costs;
    }

    /**
     * Figures of a session still running: as its orchestrator last recorded them ({@link LiveFigures}: at most
     * about a second old while it lives), with its output's size now; without such a record (an orchestrator of
     * an earlier release, an attempt's first second) or for a session whose check runs, as before: parsed from
     * its output, whose cost {@code costBase} (null: 0) is then taken off. Parsing was linear in the output
     * (about 25 ms per MB), and status read every running session's.
     */
    private static SessionView withLiveFigures(RunStore store, SessionView v, Agent agent, Double costBase) {
        SessionFiles files = store.session(v.taskId(), v.attempt());
        LiveFigures live = v.checking() ? null : LiveFigures.read(files);
        if (live == null) {
            return ownCost(withLiveOutput(store, v, agent), costBase);
        }
        long bytes;
        try {
            bytes = Math.max(live.outputBytes(), Files.size(files.output()));
        } catch (IOException e) {
            bytes = live.outputBytes(); // gone or unreadable now: what was read of it stands
        }
        SessionRecord.TokenCounts t = live.tokens();
        // The recorded cost is the attempt's own already; the session id the journal recorded stays.
        return v.withOutputBytes(bytes)
                .withFigures(
                        live.turns(),
                        live.costUsd(),
                        new Tokens(t.input(), t.output(), t.cacheRead(), t.cacheWrite()),
                        v.sessionId() == null ? live.sessionId() : null,
                        live.model())
                .withCost(live.costUsd(), live.costEstimated())
                .withActivity(live.activity());
    }

    /**
     * Figures of a session still running, read from its output file: the journal only has its start.
     * The session id the journal recorded (the engine chose it) stays.
     */
    static SessionView withLiveOutput(RunStore store, SessionView v, Agent agent) {
        SessionView live = new OutputTail(store.session(v.taskId(), v.attempt()).output(), agent).apply(v);
        return v.sessionId() == null ? live : live.withSessionId(v.sessionId());
    }

    /** The agent that ran this run, as run.json names it: its decoder reads the sessions' output. */
    public Agent agent() {
        return agentOf(runInfo);
    }

    private static Agent agentOf(RunInfo info) {
        return AgentRegistry.forReading(info == null ? null : info.agent());
    }
}
