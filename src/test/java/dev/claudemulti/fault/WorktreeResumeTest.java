package dev.claudemulti.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.RecordedRun;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.store.RunStore;
import dev.claudemulti.testing.ProcCount;
import dev.claudemulti.workspace.Git;
import dev.claudemulti.workspace.SessionWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --resume} of an isolated run after SIGKILL of its orchestrator: completed sessions keep
 * their commits, the others continue in the same worktrees and branches, and what a killed attempt
 * had written stays reachable under its attempt ref.
 */
class WorktreeResumeTest {
    @TempDir
    Path tmp;

    /** Writes "NAME.txt" (the prompt's second word) first; "slow" prompts then hang until {@code release} exists. */
    private Path agent() throws IOException {
        Path script = tmp.resolve("fake-claude");
        Files.writeString(
                script,
                "#!/bin/sh\n"
                        + "p=$(cat)\n"
                        // As claude: a --resume goes on with the conversation's first prompt.
                        + "while [ $# -gt 0 ]; do case \"$1\" in\n"
                        + "  --session-id) printf '%s\\n' \"$p\" > '" + tmp + "/conversation-'\"$2\" ;;\n"
                        + "  --resume) p=$(cat '" + tmp + "/conversation-'\"$2\") ;;\n"
                        + "esac; shift; done\n"
                        + "name=$(echo \"$p\" | cut -d' ' -f2)\n"
                        + "echo \"$p\" > \"$name.txt\"\n"
                        + "echo '" + Faults.INIT + "'\n"
                        + "ok() { echo '" + Faults.RESULT_OK + "'; exit 0; }\n"
                        + "case \"$p\" in\n"
                        + "  slow*) [ -e '" + tmp + "/release' ] && ok; sleep 300; ok ;;\n"
                        + "  *) ok ;;\n"
                        + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void resumeAfterSigkillKeepsCommitsAndContinuesInTheSameWorktrees() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Git git = new Git(project);
        git.check("init", "-q", "-b", "main");
        git.check("config", "user.name", "Test User");
        git.check("config", "user.email", "test@example.com");
        Files.writeString(project.resolve("README.md"), "hello\n");
        git.check("add", "-A");
        git.check("commit", "-q", "-m", "initial");
        String head = git.check("rev-parse", "HEAD").strip();

        Path state = tmp.resolve("state");
        Process orchestrator = Faults.orchestrator(
                tmp,
                Map.of(),
                "run",
                "[{\"id\": \"a1\", \"prompt\": \"fast a1\"}, {\"id\": \"s1\", \"prompt\": \"slow s1\"},"
                        + " {\"id\": \"q1\", \"prompt\": \"fast q1\"}]",
                "--no-tui",
                "--state-dir",
                state.toString(),
                "--claude",
                agent().toString(),
                "-C",
                project.toString(),
                "-j",
                "2",
                "-t",
                "10m",
                "--grace",
                "1s");
        try {
            Faults.awaitRecorded(
                    state,
                    "a1 completed and s1 running with output",
                    r -> Faults.view(r, "a1").state() == SessionState.COMPLETED
                            && Faults.view(r, "s1").outputBytes() > 0);
        } finally {
            orchestrator.destroyForcibly();
        }
        assertThat(orchestrator.waitFor()).isEqualTo(137);
        RunStore run = Faults.latestRun(state);
        String runId = run.runId();
        SessionWorkspace a1Before = Faults.view(RecordedRun.load(run), "a1").workspace();
        assertThat(a1Before.commit()).isNotNull();
        SessionWorkspace s1Before = Faults.view(RecordedRun.load(run), "s1").workspace();

        Files.createFile(tmp.resolve("release"));
        Faults.CliResult resumed = Faults.cli(tmp, "run", "--resume", "--no-tui", "--state-dir", state.toString());
        assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
        ProcCount.assertNoneLeft(runId + "/", Duration.ZERO);

        RecordedRun done = RecordedRun.load(run);
        assertThat(Faults.view(done, "a1").workspace()).isEqualTo(a1Before);
        SessionWorkspace s1 = Faults.view(done, "s1").workspace();
        assertThat(s1.worktree()).isEqualTo(s1Before.worktree());
        assertThat(s1.branch()).isEqualTo("claude-multi/" + runId + "/s1");
        assertThat(s1.commit()).isEqualTo(git.check("rev-parse", s1.branch()).strip());
        assertThat(git.check("diff", "--name-only", head, s1.branch()).strip()).isEqualTo("s1.txt");
        // The killed attempt's file was committed and kept before the new attempt started from the base.
        assertThat(git.check("show", "refs/claude-multi/" + runId + "/s1/attempt-1:s1.txt"))
                .contains("slow s1");
        assertThat(git.check("diff", "--name-only", head, "claude-multi/" + runId + "/q1")
                        .strip())
                .isEqualTo("q1.txt");
        assertThat(git.check("status", "--porcelain")).isEmpty();
        assertThat(git.check("rev-parse", "HEAD").strip()).isEqualTo(head);
    }
}
