package dev.claudemulti.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.store.Journal;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.testing.ProcCount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --resume} where it must refuse, and {@code --resume-failed} keeping every earlier attempt. */
class ResumeEdgeCasesTest {
    @TempDir
    Path tmp;

    @Test
    void resumingARunWhoseOrchestratorIsAliveIsRefusedAndTouchesNothing() throws Exception {
        Path agent = Faults.agent(tmp);
        Path state = tmp.resolve("state");
        Process orchestrator = Faults.orchestrator(
                tmp,
                Map.of(),
                "run",
                "[{\"id\": \"s1\", \"prompt\": \"slow s1\"}]",
                "--no-tui",
                "--state-dir",
                state.toString(),
                "--claude",
                agent.toString(),
                "--grace",
                "1s");
        try {
            Faults.awaitRecorded(
                    state, "s1 running with output", r -> Faults.view(r, "s1").outputBytes() > 0);
            RunStore run = Faults.latestRun(state);
            int entries = Journal.replay(run.journalFile()).size();
            for (List<String> args :
                    List.of(List.of("--resume"), List.of("--resume", run.runId()), List.of("--resume-failed"))) {
                List<String> argv =
                        new java.util.ArrayList<>(List.of("run", "--no-tui", "--state-dir", state.toString()));
                argv.addAll(args);
                Faults.CliResult r = Faults.cli(tmp, argv.toArray(String[]::new));
                assertThat(r.exit()).as("%s: %s", args, r.err()).isEqualTo(2);
                assertThat(r.err())
                        .as("%s", args)
                        .contains("run " + run.runId() + " is still running")
                        .contains("pid " + orchestrator.pid())
                        .doesNotContain("Exception");
            }
            assertThat(Journal.replay(run.journalFile())).hasSize(entries);
            assertThat(ProcCount.live(run.runId() + "/s1/1"))
                    .as("the running session")
                    .isNotEmpty();
            assertThat(Faults.launches(tmp)).containsExactly("slow s1");
            assertThat(Faults.view(RecordedRun.load(run), "s1").state()).isEqualTo(SessionState.RUNNING);
        } finally {
            orchestrator.destroy();
            Faults.waitFor(orchestrator, Duration.ofSeconds(20));
        }
    }

    @Test
    void resumingWithoutAnyRunIsExit2() {
        Path state = tmp.resolve("state");
        Faults.CliResult latest = Faults.cli(tmp, "run", "--resume", "--no-tui", "--state-dir", state.toString());
        assertThat(latest.exit()).isEqualTo(2);
        assertThat(latest.err()).startsWith("claude-multi: no runs in " + state).doesNotContain("Exception");
        Faults.CliResult unknown =
                Faults.cli(tmp, "run", "--resume", "20990101-000000-0abc", "--no-tui", "--state-dir", state.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown run 20990101-000000-0abc");
    }

    @Test
    void resumeFailedRerunsAFailedTaskAsAttempt2AndKeepsAttempt1sFiles() throws Exception {
        Path agent = Faults.agent(tmp);
        Path state = tmp.resolve("state");
        Faults.CliResult first = Faults.cli(
                tmp,
                "run",
                "[{\"id\": \"ok\", \"prompt\": \"fast ok\"}," + " {\"id\": \"flaky\", \"prompt\": \"flaky one\"}]",
                "--no-tui",
                "--state-dir",
                state.toString(),
                "--claude",
                agent.toString());
        assertThat(first.exit()).as(first.err()).isEqualTo(1);
        RunStore run = Faults.latestRun(state);
        Map<String, byte[]> before = Faults.files(run.sessionsDir());
        assertThat(before)
                .containsKeys("flaky/output.jsonl", "flaky/stderr.log", "flaky/session.json", "flaky/prompt.txt");

        Files.createFile(tmp.resolve("release")); // the flaky task succeeds from now on
        Faults.CliResult resumed =
                Faults.cli(tmp, "run", "--resume-failed", "--no-tui", "--state-dir", state.toString());
        assertThat(resumed.exit()).as(resumed.err()).isZero();

        RecordedRun done = RecordedRun.load(run);
        assertThat(Faults.view(done, "flaky").attempt()).isEqualTo(2);
        assertThat(Faults.view(done, "flaky").state()).isEqualTo(SessionState.COMPLETED);
        assertThat(Faults.view(done, "ok").attempt()).isEqualTo(1);
        assertThat(Faults.launches(tmp))
                .containsExactlyInAnyOrder("fast ok", "flaky one", "flaky one"); // the first two start together
        Map<String, byte[]> after = Faults.files(run.sessionsDir());
        Faults.assertSameBytes(before, after);
        assertThat(new String(after.get("flaky/session.json"), StandardCharsets.UTF_8))
                .contains("\"failed\"");
        assertThat(new String(after.get("flaky/attempt-2/session.json"), StandardCharsets.UTF_8))
                .contains("\"completed\"");
        assertThat(run.sessionAttempts("flaky")).containsExactly(1, 2);
    }
}
