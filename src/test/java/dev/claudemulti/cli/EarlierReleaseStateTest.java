package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.RunPolicy;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.store.StateDir;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state directory recorded by release 0.1.0 (before run.json, journal entries and session.json
 * became typed records with a schema_version) must still load: {@code status}, {@code list},
 * {@code result}, {@code output} and resume planning. The fixture was made by that release's
 * {@code demo --no-tui}: one finished run (7 completed, 1 failed) and one whose orchestrator was
 * killed with SIGKILL while four sessions ran and four were queued.
 */
class EarlierReleaseStateTest {
    private static final Path FIXTURE = Path.of("src/test/resources/compat/state-0.1.0");
    private static final String FINISHED = "20261201-005800-0c29";
    private static final String KILLED = "20261201-005820-0af7";

    @TempDir
    Path dir;

    CliHarness cli;

    @BeforeEach
    void copyTheFixture() throws IOException {
        cli = new CliHarness(dir);
        copy(FIXTURE, cli.state);
    }

    @Test
    void listShowsBothRunsWithTheirStatesAndCounts() {
        CliHarness.Result r = cli.run("list");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern(FINISHED + ".*finished \\(simulated\\)\\s+7 completed, 1 failed\\s+\\$0\\.9597")
                .containsPattern(KILLED + ".*lost owner \\(simulated\\)\\s+0 completed, 4 lost, 4 queued");
    }

    @Test
    void statusOfTheFinishedRunShowsEverySessionAndTheTotals() {
        CliHarness.Result r = cli.run("status", "--run", FINISHED);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("run " + FINISHED + " (finished, SIMULATED agent)")
                .containsPattern(
                        "✗\\s+perf-budget\\s+failed\\s+9s\\s+\\(2\\.7 KB\\)\\s+\\$0\\.5100\\*\\s+error_max_budget_usd")
                .contains("Total: 8 | Completed: 7 | Running: 0 | Queued: 0 | Failed: 1")
                .contains("cost $0.9597* · wall 15s · sessions 57s · speedup 3.8x")
                .contains("tokens: 57,651 input · 8,909 output · 560,000 cache read · 0 cache write");
    }

    @Test
    void statusOfTheKilledRunShowsItsRunningSessionsLost() {
        CliHarness.Result r = cli.run("status", "--run", KILLED);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("run " + KILLED + " (lost owner, SIMULATED agent)")
                .containsPattern("\\?\\s+fix-types\\s+lost.*orchestrator gone while it ran")
                .containsPattern("…\\s+i18n-strings\\s+queued")
                .contains("Total: 8 | Completed: 0 | Running: 0 | Queued: 4 | Failed: 0 | Lost: 4");
    }

    @Test
    void resultOfACompletedAndOfAFailedSession() {
        CliHarness.Result ok = cli.run("result", "fix-types", "--run", FINISHED);
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out())
                .startsWith("Simulated session finished.")
                .contains("✓ completed · cost $0.0867 (simulated) · duration 4s · 6 turns");
        CliHarness.Result failed = cli.run("result", "perf-budget", "--run", FINISHED);
        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.out())
                .contains("✗ failed · cost $0.5100 (simulated) · duration 9s · 2 turns · "
                        + "error_max_budget_usd: Reached maximum budget ($0.5)");
    }

    @Test
    void outputIsTheRecordedStreamJson() throws IOException {
        CliHarness.Result r = cli.run("output", "api-docs", "--run", FINISHED);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(Files.readString(
                        cli.state.resolve("runs").resolve(FINISHED).resolve("sessions/api-docs/output.jsonl")));
    }

    @Test
    void resumePlanningRerunsTheLostSessionsAndStartsTheQueuedOnes() throws Exception {
        Resume resume = Resume.load(StateDir.open(cli.state), KILLED, false, new BatchOptions());
        try {
            assertThat(resume.taskFile().tasks()).hasSize(8);
            assertThat(resume.recorded().running())
                    .containsOnlyKeys("fix-types", "auth-tests", "api-docs", "changelog");
            assertThat(resume.recorded().running().get("fix-types").marker()).isEqualTo(KILLED + "/fix-types/1");
            SessionView lost = resume.plan().views().get("fix-types");
            assertThat(lost.state()).isEqualTo(SessionState.QUEUED);
            assertThat(lost.attempt()).isEqualTo(2);
            SessionView neverStarted = resume.plan().views().get("i18n-strings");
            assertThat(neverStarted.state()).isEqualTo(SessionState.QUEUED);
            assertThat(neverStarted.attempt()).isEqualTo(1);
            assertThat(resume.agentName()).isEqualTo("simulated");
            assertThat(resume.plan().started()).isEqualTo(java.time.Instant.parse("2026-12-01T00:58:20.177487849Z"));
            assertThat(resume.describe()).isEqualTo("(0 kept, 8 to run)");
        } finally {
            resume.lock().close();
        }
    }

    @Test
    void resumeFailedOfTheFinishedRunKeepsTheCompletedAndRerunsTheFailed() throws Exception {
        BatchOptions options = new BatchOptions();
        Resume resume = Resume.load(StateDir.open(cli.state), FINISHED, true, options);
        try {
            assertThat(resume.plan().views().get("perf-budget").attempt()).isEqualTo(2);
            assertThat(resume.plan().views().get("fix-types").state()).isEqualTo(SessionState.COMPLETED);
            assertThat(resume.describe()).isEqualTo("(7 kept, 1 to run)");
            // Options not given again come from the recorded run.json.
            assertThat(options.model).isEqualTo("sonnet");
            assertThat(options.budget).isEqualTo("5.0");
            assertThat(options.parallel).isEqualTo("4");
            assertThat(options.grace).isEqualTo("5.0");
            assertThat(options.permissionMode).isEqualTo("bypassPermissions");
            // Release 0.1.0 recorded no retries, halt policy or batch budget: the resumed run takes the defaults.
            RunPolicyOptions.Resolved policy = options.policy.resolve(
                    new CliContext(System.out, System.err, InputStream.nullInputStream(), Map.of(), cli.dir, false));
            assertThat(policy.retries()).isEqualTo(RunPolicy.DEFAULT_RETRIES);
            assertThat(policy.policy()).isEqualTo(RunPolicy.defaults());
        } finally {
            resume.lock().close();
        }
    }

    @Test
    void resumingTheKilledRunFinishesItAndKeepsItsFirstAttempts() throws Exception {
        cli.env.put(dev.claudemulti.agent.SimulatedAgent.SPEED_VARIABLE, "0"); // inherited by the simulated sessions
        CliHarness.Result resumed = cli.runProcess("run", "--resume", KILLED, "--no-tui");
        assertThat(resumed.out()).as(resumed.err()).contains("resume (0 kept, 8 to run)");
        CliHarness.Result status = cli.run("status", "--run", KILLED);
        assertThat(status.out())
                .doesNotContain("lost")
                .contains("Total: 8 | Completed: 7 | Running: 0 | Queued: 0 | Failed: 1");
        Path fixTypes = cli.state.resolve("runs").resolve(KILLED).resolve("sessions/fix-types");
        assertThat(fixTypes.resolve("output.jsonl"))
                .hasSameTextualContentAs(
                        FIXTURE.resolve("runs").resolve(KILLED).resolve("sessions/fix-types/output.jsonl"));
        assertThat(fixTypes.resolve("attempt-2/output.jsonl")).isNotEmptyFile();
        assertThat(Files.readString(fixTypes.resolve("session.json"))).contains("\"state\" : \"lost\"");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
                } else if (!f.getFileName().toString().equals(".keep")) {
                    Files.copy(f, target);
                }
            }
        }
    }
}
