package dev.claudemulti.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the orchestrator while a session's check runs: the journal shows the session as it was
 * (its agent's figures, its check unfinished), and {@code run --resume} stops the check's leftover
 * processes, continues the conversation, and runs the check again as the same round.
 */
class CheckCrashTest {
    @TempDir
    Path tmp;

    @Test
    void aResumeAfterACrashDuringTheCheckRunsThatRoundAgain() throws Exception {
        Path agent = Faults.agent(tmp);
        Path state = tmp.resolve("state");
        Path tasks = tmp.resolve("tasks.json");
        Path release = tmp.resolve("release");
        Files.writeString(tasks, """
                [{"id": "c", "prompt": "fast c", "fixAttempts": 1,
                  "check": "[ -e '%s' ] || sleep 300; echo checked"}]
                """.formatted(release));
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
                "-t",
                "10m",
                "--grace",
                "1s");
        try {
            // Recorded first, then launched: the kill waits for the check's processes too.
            Faults.awaitRecorded(
                    state,
                    "c checking",
                    r -> Faults.view(r, "c").checking()
                            && !ProcCount.live(r.store().runId() + "/c/1").isEmpty());
        } finally {
            orchestrator.destroyForcibly(); // SIGKILL: no handler, no cleanup
        }
        assertThat(orchestrator.waitFor()).isEqualTo(137);

        RunStore run = Faults.latestRun(state);
        String runId = run.runId();
        SessionView lost = Faults.view(RecordedRun.load(run), "c");
        assertThat(lost.state()).isEqualTo(SessionState.LOST);
        assertThat(lost.check().exitCode()).isNull();
        assertThat(lost.check().rounds()).isEqualTo(1);
        assertThat(ProcCount.live(runId + "/c/1"))
                .as("the check outlives its orchestrator")
                .isNotEmpty();

        Files.createFile(release); // from now on the check passes at once
        Faults.CliResult resumed = Faults.cli(tmp, "run", "--resume", "--no-tui", "--state-dir", state.toString());
        assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
        ProcCount.assertNoneLeft(runId + "/", Duration.ZERO);

        SessionView done = Faults.view(RecordedRun.load(run), "c");
        assertThat(done.state()).isEqualTo(SessionState.COMPLETED);
        assertThat(done.attempt()).as("the conversation continued as attempt 2").isEqualTo(2);
        assertThat(done.sessionId()).isEqualTo(lost.sessionId());
        assertThat(done.check().exitCode()).isZero();
        assertThat(done.check().rounds()).as("a check cut off uses up no round").isEqualTo(1);
        assertThat(Files.readString(run.session("c", 2).dir().resolve("check.log")))
                .isEqualTo("checked\n");
    }
}
