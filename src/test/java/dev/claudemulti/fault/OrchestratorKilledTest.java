package dev.claudemulti.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.testing.ProcCount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue item 1: SIGKILL of the orchestrator in the middle of a batch costs no finished work,
 * shows the truth, and {@code run --resume} neither reruns nor loses anything, nor leaves processes.
 */
class OrchestratorKilledTest {
    @TempDir
    Path tmp;

    @Test
    void resumeAfterSigkillRerunsNothingFinishedLosesNoOutputAndLeavesNoProcess() throws Exception {
        Path agent = Faults.agent(tmp);
        Path state = tmp.resolve("state");
        Path tasks = tmp.resolve("tasks.json");
        Files.writeString(tasks, """
                [{"id": "a1", "prompt": "fast a1"}, {"id": "a2", "prompt": "fast a2"},
                 {"id": "s1", "prompt": "slow s1"}, {"id": "s2", "prompt": "slow s2"},
                 {"id": "q1", "prompt": "fast q1"}, {"id": "q2", "prompt": "fast q2"}]
                """);
        Process orchestrator = Faults.orchestrator(
                tmp,
                Map.of(),
                "run",
                tasks.toString(),
                "--no-tui",
                "--state-dir",
                state.toString(),
                "--claude",
                agent.toString(),
                "-j",
                "2",
                "-t",
                "10m",
                "--grace",
                "1s");
        try {
            Faults.awaitRecorded(
                    state,
                    "a1, a2 completed and s1, s2 running with output",
                    r -> Faults.view(r, "a1").state() == SessionState.COMPLETED
                            && Faults.view(r, "a2").state() == SessionState.COMPLETED
                            && Faults.view(r, "s1").outputBytes() > 0
                            && Faults.view(r, "s2").outputBytes() > 0);
        } finally {
            orchestrator.destroyForcibly(); // SIGKILL: no handler, no cleanup
        }
        assertThat(orchestrator.waitFor()).isEqualTo(137);

        RunStore run = Faults.latestRun(state);
        String runId = run.runId();
        RecordedRun afterCrash = RecordedRun.load(run);
        assertThat(afterCrash.ownerAlive()).isFalse();
        assertThat(afterCrash.finished()).isFalse();
        assertThat(Faults.view(afterCrash, "a1").state()).isEqualTo(SessionState.COMPLETED);
        assertThat(Faults.view(afterCrash, "a2").state()).isEqualTo(SessionState.COMPLETED);
        for (String lost : List.of("s1", "s2")) {
            SessionView v = Faults.view(afterCrash, lost);
            assertThat(v.state()).as(lost).isEqualTo(SessionState.LOST);
            assertThat(v.outputBytes()).as("%s output read from its file", lost).isPositive();
        }
        assertThat(Faults.view(afterCrash, "q1").state()).isEqualTo(SessionState.QUEUED);
        assertThat(Faults.view(afterCrash, "q2").state()).isEqualTo(SessionState.QUEUED);
        assertThat(afterCrash.snapshot().sessions()).noneMatch(v -> v.state() == SessionState.RUNNING);

        // The agents outlive their orchestrator: resume has to stop them.
        List<Long> leftovers = new ArrayList<>(ProcCount.live(runId + "/s1/1"));
        leftovers.addAll(ProcCount.live(runId + "/s2/1"));
        assertThat(ProcCount.live(runId + "/s1/1"))
                .as("s1's agent after the crash")
                .isNotEmpty();
        assertThat(ProcCount.live(runId + "/s2/1"))
                .as("s2's agent after the crash")
                .isNotEmpty();

        Map<String, byte[]> before = Faults.files(run.sessionsDir());
        List<ObjectNode> journalBefore = Journal.replay(run.journalFile());
        Files.createFile(tmp.resolve("release")); // from now on "slow" tasks complete at once

        long t0 = System.nanoTime();
        Faults.CliResult resumed = Faults.cli(tmp, "run", "--resume", "--no-tui", "--state-dir", state.toString());
        System.out.printf(
                "[fault] resume after SIGKILL: %d leftover processes stopped, batch finished in %d ms%n",
                leftovers.size(), (System.nanoTime() - t0) / 1_000_000);
        assertThat(resumed.exit()).as(resumed.err()).isZero();

        assertThat(leftovers)
                .as("leftover agents of the killed orchestrator")
                .allSatisfy(
                        pid -> assertThat(ProcCount.liveWithPrefix(runId + "/")).doesNotContain(pid));
        ProcCount.assertNoneLeft(runId + "/", Duration.ZERO);

        RecordedRun done = RecordedRun.load(run);
        assertThat(done.finished()).isTrue();
        assertThat(done.snapshot().sessions()).allMatch(v -> v.state() == SessionState.COMPLETED);
        assertThat(Faults.view(done, "a1").attempt()).isEqualTo(1);
        assertThat(Faults.view(done, "a2").attempt()).isEqualTo(1);
        assertThat(Faults.view(done, "s1").attempt()).isEqualTo(2);
        assertThat(Faults.view(done, "s2").attempt()).isEqualTo(2);
        assertThat(Faults.view(done, "q1").attempt()).isEqualTo(1);
        assertThat(Faults.view(done, "q2").attempt()).isEqualTo(1);

        // 0 completed tasks rerun: the agent saw a1 and a2 once, and the journal has no new entry for them.
        assertThat(Faults.launches(tmp)).containsOnlyOnce("fast a1", "fast a2");
        List<ObjectNode> journal = Journal.replay(run.journalFile());
        assertThat(journal.subList(0, journalBefore.size())).isEqualTo(journalBefore);
        List<ObjectNode> added = journal.subList(journalBefore.size(), journal.size());
        assertThat(added)
                .extracting(e -> e.path("event").asText())
                .startsWith("resumed")
                .endsWith("run_finished");
        assertThat(added).noneMatch(e -> e.path("task").asText().matches("a[12]"));

        // 0 outputs lost: every file of before is there, byte for byte (the lost attempts' stderr.log
        // may have grown while their agents were stopped); new attempts went to attempt-2/.
        Map<String, byte[]> after = Faults.files(run.sessionsDir());
        Map<String, byte[]> keptAsTheyWere = new java.util.TreeMap<>(before);
        // The lost attempts' session.json said "running" when the orchestrator died; the resume records what became of
        // them.
        keptAsTheyWere.keySet().removeIf(name -> name.matches("s[12]/session.json"));
        Faults.assertKept(keptAsTheyWere, after, name -> name.matches("s[12]/(stderr.log|output.jsonl)"));
        assertThat(new String(after.get("s1/session.json"), StandardCharsets.UTF_8))
                .contains("\"lost\"")
                .doesNotContain("\"running\"");
        assertThat(new String(after.get("s2/session.json"), StandardCharsets.UTF_8))
                .contains("\"lost\"")
                .doesNotContain("\"running\"");
        assertThat(after)
                .containsKeys(
                        "s1/attempt-2/output.jsonl", "s2/attempt-2/output.jsonl", "q1/output.jsonl", "q2/output.jsonl");
        assertThat(new String(after.get("s1/output.jsonl"), StandardCharsets.UTF_8))
                .contains("\"init\"");
    }

    /**
     * Issue 9 item 6: the session's timeout holds without its orchestrator. The agent hangs (a
     * tool that sleeps 300 s) with a 4 s timeout; the orchestrator is SIGKILLed; status says the
     * lost session's processes still run and how to stop them; shortly after the deadline and the
     * grace, the orchestrator's watchdog has ended every process of it, and itself. What a lost
     * session that ends on its own before its deadline left behind is ended too.
     */
    @Test
    void aLostSessionIsStillTimedOutByItsWatchdog() throws Exception {
        Path agent = Faults.agent(tmp);
        Path state = tmp.resolve("state");
        Path fifo = tmp.resolve("barrier");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        Process orchestrator = Faults.orchestrator(
                tmp,
                Map.of(),
                "run",
                "[{\"id\": \"hang\", \"prompt\": \"slow hang\"}, {\"id\": \"ends\", \"prompt\": \"barrier ends\"}]",
                "--no-tui",
                "--state-dir",
                state.toString(),
                "--claude",
                agent.toString(),
                "-t",
                "4s",
                "--grace",
                "1s");
        try {
            Faults.awaitRecorded(
                    state,
                    "hang and ends running with output",
                    r -> Faults.view(r, "hang").outputBytes() > 0
                            && Faults.view(r, "ends").outputBytes() > 0);
        } finally {
            orchestrator.destroyForcibly();
        }
        assertThat(orchestrator.waitFor()).isEqualTo(137);
        RunStore run = Faults.latestRun(state);
        String runId = run.runId();
        String marker = runId + "/hang/1";
        java.time.Instant started = Faults.view(RecordedRun.load(run), "hang").startedAt();

        // One watchdog for the orchestrator (it carries no session's marker): orphaned, it lives on.
        assertOneWatchdog(orchestrator.pid(), "after the kill");
        // "ends" completes on its own once released: nothing of it may stay behind.
        assertThat(ProcCount.live(runId + "/ends/1")).as("the agent of ends").isNotEmpty();
        new java.io.FileOutputStream(fifo.toFile()).close();
        ProcCount.assertNoneLeft(runId + "/ends/", Duration.ofSeconds(15));

        // The agent (a shell and its sleep 300) and the watchdog live on; status says so, and what to do.
        assertThat(ProcCount.live(marker)).as("processes of the lost session").hasSizeGreaterThanOrEqualTo(2);
        assertOneWatchdog(orchestrator.pid(), "while a lost session has a deadline");
        // The dashboard (attached to the run) says it under its table, where it is not cut
        // (first: in-process, it takes the least of the time before the watchdog's deadline).
        try (dev.claudemulti.engine.AttachedRun dashboard = new dev.claudemulti.engine.AttachedRun(
                run, Duration.ofSeconds(1), new dev.claudemulti.store.OrchestratorLog(tmp.resolve("attached.log")))) {
            assertThat(dashboard.notice())
                    .matches("\\d+ processes of lost sessions still running; stop them: claude-multi stop-all --run "
                            + runId + ", or resume: claude-multi run --resume " + runId);
        }
        Faults.CliResult status = Faults.cli(tmp, "status", "--state-dir", state.toString());
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out())
                .as(status.out())
                .contains("lost")
                .contains("processes still running until its timeout: claude-multi stop-all --run " + runId
                        + " stops them")
                .contains("claude-multi stop-all --run " + runId)
                .contains("claude-multi run --resume " + runId);
        System.out.println("[fault] status of the lost run:\n" + status.out());
        Faults.CliResult list = Faults.cli(tmp, "list", "--state-dir", state.toString());
        assertThat(list.out())
                .as(list.out())
                .containsPattern("\\d+ processes of lost sessions of run " + runId
                        + " still running; stop them: claude-multi stop-all --run " + runId);

        // Nothing stops them but the watchdog: 4 s after the start SIGTERM, 1 s later SIGKILL; then it exits.
        ProcCount.assertNoneLeft(runId + "/", Duration.ofSeconds(30));
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!watchdogsOf(orchestrator.pid()).isEmpty() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(watchdogsOf(orchestrator.pid()))
                .as("the watchdog, once it has nothing left to keep")
                .isEmpty();
        System.out.printf(
                "[fault] lost session with timeout 4s, grace 1s: every process gone %d ms after its start%n",
                Duration.between(started, java.time.Instant.now()).toMillis());

        try (dev.claudemulti.engine.AttachedRun dashboard = new dev.claudemulti.engine.AttachedRun(
                run, Duration.ofSeconds(1), new dev.claudemulti.store.OrchestratorLog(tmp.resolve("attached.log")))) {
            assertThat(dashboard.notice())
                    .as("once the watchdog has ended them")
                    .isNull();
        }
        Faults.CliResult after = Faults.cli(tmp, "status", "--state-dir", state.toString(), "--json");
        assertThat(after.out()).contains("\"lost_processes_alive\" : 0").contains("orchestrator gone while it ran");

        // A lost session ends where it was last seen writing, so its time and the run's agree:
        // it used to run on to "now" while the wall time stopped at the run's start (wall 0s).
        com.fasterxml.jackson.databind.JsonNode json =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(after.out());
        long wall = json.path("totals").path("wall_ms").asLong(-1);
        for (com.fasterxml.jackson.databind.JsonNode t : json.path("tasks")) {
            assertThat(t.path("duration_ms").asLong(-1))
                    .as(t.path("id").asText() + " in " + after.out())
                    .isPositive()
                    .isLessThanOrEqualTo(wall);
        }
    }

    private static void assertOneWatchdog(long orchestratorPid, String when) throws java.io.IOException {
        // Once it acts, its own children (a sleep, a grep) carry its variable too: count the watchdog alone.
        List<Long> watchdogs = watchdogsOf(orchestratorPid);
        assertThat(watchdogs)
                .as("the watchdog of the killed orchestrator %s: %s", when, describe(watchdogs))
                .filteredOn(pid -> ProcessHandle.of(pid)
                        .flatMap(ProcessHandle::parent)
                        .map(parent -> !watchdogs.contains(parent.pid()))
                        .orElse(true))
                .hasSize(1);
    }

    /** Live processes whose environment names them the watchdog of that orchestrator (launch/local/Watchdog). */
    private static List<Long> watchdogsOf(long orchestratorPid) throws java.io.IOException {
        byte[] entry = ("CLAUDE_MULTI_WATCHDOG_OF=" + orchestratorPid).getBytes(StandardCharsets.UTF_8);
        List<Long> found = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir :
                    dirs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
                    byte[] environ = Files.readAllBytes(dir.resolve("environ"));
                    if (!state.equals("Z") && !state.equals("X") && containsEntry(environ, entry)) {
                        found.add(Long.valueOf(dir.getFileName().toString()));
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // exited while we looked, or not ours to read
                }
            }
        }
        return found;
    }

    private static String describe(List<Long> pids) {
        StringBuilder text = new StringBuilder();
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"))
                        .replace('\0', ' ');
                text.append("\n  ")
                        .append(stat, 0, Math.min(stat.length(), 60))
                        .append(" | ")
                        .append(cmdline, 0, Math.min(cmdline.length(), 80));
            } catch (java.io.IOException e) {
                text.append("\n  ").append(pid).append(" gone");
            }
        }
        return text.toString();
    }

    private static boolean containsEntry(byte[] environ, byte[] entry) {
        for (int start = 0; start < environ.length; ) {
            int end = start;
            while (end < environ.length && environ[end] != 0) {
                end++;
            }
            if (java.util.Arrays.equals(environ, start, end, entry, 0, entry.length)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    @Test
    void twoResumesAtOnceRunEachTaskOnce() throws Exception {
        Path agent = Faults.agent(tmp);
        Path state = tmp.resolve("state");
        Process orchestrator = Faults.orchestrator(
                tmp,
                Map.of(),
                "run",
                "[{\"id\": \"s1\", \"prompt\": \"slow s1\"}, {\"id\": \"s2\", \"prompt\": \"slow s2\"},"
                        + " {\"id\": \"q1\", \"prompt\": \"fast q1\"}]",
                "--no-tui",
                "--state-dir",
                state.toString(),
                "--claude",
                agent.toString(),
                "-j",
                "2",
                "--grace",
                "1s");
        try {
            Faults.awaitRecorded(
                    state,
                    "s1, s2 running with output",
                    r -> Faults.view(r, "s1").outputBytes() > 0
                            && Faults.view(r, "s2").outputBytes() > 0);
        } finally {
            orchestrator.destroyForcibly();
        }
        orchestrator.waitFor();
        Files.createFile(tmp.resolve("release"));
        String runId = Faults.latestRun(state).runId();

        // Two terminals, one command each, at the same moment: every task must still run once.
        List<Process> resumes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path dir = Files.createDirectory(tmp.resolve("resume-" + i));
            resumes.add(Faults.orchestrator(
                    dir, Map.of(), "run", "--resume", runId, "--no-tui", "--state-dir", state.toString()));
        }
        List<Integer> exits = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            exits.add(Faults.waitFor(resumes.get(i), Duration.ofSeconds(60)));
        }
        System.out.printf("[fault] two concurrent resumes exited %s; launches %s%n", exits, Faults.launches(tmp));
        assertThat(Faults.launches(tmp))
                .as("exits %s", exits)
                .containsOnlyOnce("fast q1")
                .filteredOn(l -> l.equals("slow s1"))
                .hasSize(2);
        assertThat(Faults.launches(tmp)).filteredOn(l -> l.equals("slow s2")).hasSize(2);
        assertThat(exits).contains(0).allMatch(e -> e == 0 || e == 2);
        for (int i = 0; i < 2; i++) {
            if (exits.get(i) == 2) { // lost the race for the run's lock: says why, in one line
                // Which line depends on whether the winner had already recorded itself as the run's owner.
                assertThat(Faults.stderr(tmp.resolve("resume-" + i)))
                        .isIn(
                                "claude-multi: run " + runId
                                        + " is in use by another claude-multi process (being resumed?); try again when it is done\n",
                                "claude-multi: run " + runId + " is still running (orchestrator pid "
                                        + resumes.get(1 - i).pid() + "); watch it with: claude-multi dashboard --run "
                                        + runId + "\n");
            }
        }
        RecordedRun done = Faults.recorded(state);
        assertThat(done.snapshot().sessions()).allMatch(v -> v.state() == SessionState.COMPLETED);
        assertThat(Faults.view(done, "s1").attempt()).isEqualTo(2);
        ProcCount.assertNoneLeft(runId + "/", Duration.ofSeconds(2));
    }
}
