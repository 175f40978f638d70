package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.testing.GitRepo;
import dev.claudemulti.testing.ProcCount;
import dev.claudemulti.workspace.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Isolated runs through the CLI with a fake agent that writes the file its prompt names
 * ("write NAME"), in a real git repository made here: setup that fails or hangs, .worktreeinclude,
 * ten worktrees made at once, a session without changes, and the bad input refused before anything starts.
 */
class WorkspaceCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGENT = """
            #!/bin/sh
            prompt=$(cat)
            touch "$HOME/agent-started"
            case "$prompt" in
              write*) name=${prompt#write }; echo "written by $name" > "$name" ;;
            esac
            echo '{"type":"system","subtype":"init","session_id":"s1","model":"m"}'
            echo '{"type":"result","subtype":"success","is_error":false,"result":"did it","total_cost_usd":0.01,"num_turns":1,"duration_ms":5,"usage":{"input_tokens":1,"output_tokens":1}}'
            """;

    @TempDir
    Path tmp;

    CliHarness cli;
    Path project;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliHarness(tmp);
        cli.fakeClaude(AGENT);
        project = Files.createDirectories(tmp.resolve("project"));
    }

    private void initRepo() {
        GitRepo.init(project);
    }

    private String git(String... args) throws IOException {
        return new Git(project).check(args).strip();
    }

    private CliHarness.Result run(String tasks, String... options) throws IOException {
        Path file = Files.writeString(tmp.resolve("tasks.json"), tasks);
        String[] argv = Stream.concat(
                        Stream.of("run", file.toString(), "-C", project.toString(), "--json"), Stream.of(options))
                .toArray(String[]::new);
        return cli.run(argv);
    }

    private static JsonNode task(CliHarness.Result r, String id) throws IOException {
        for (JsonNode t : JSON.readTree(r.out()).path("tasks")) {
            if (id.equals(t.path("id").asText())) {
                return t;
            }
        }
        throw new AssertionError("no task " + id + ":\n" + r.out() + r.err());
    }

    @Test
    void aFailingSetupFailsTheSessionAndItsAgentNeverStarts() throws IOException {
        initRepo();
        CliHarness.Result r = run("""
                {"tasks": [{"id": "s", "prompt": "write a.txt",
                            "setup": "echo preparing; echo made > setup-made.txt; echo 'npm: not found' >&2; exit 3"}]}""");
        JsonNode s = task(r, "s");
        assertThat(s.path("status").asText()).as(r.err()).isEqualTo("failed");
        assertThat(s.path("reason").asText()).isEqualTo("setup failed (exit 3): npm: not found");
        assertThat(tmp.resolve("agent-started")).doesNotExist();
        Path log = cli.state
                .resolve("runs")
                .resolve(JSON.readTree(r.out()).path("run").asText())
                .resolve("sessions/s/setup.log");
        assertThat(Files.readString(log)).contains("preparing").contains("npm: not found");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .as("private as every file of the state directory (issue 9 item 24)")
                .isEqualTo("rw-------");
        // What the setup made is committed on the session's branch all the same.
        JsonNode ws = s.path("workspace");
        assertThat(git("show", ws.path("commit").asText() + ":setup-made.txt")).isEqualTo("made");
        assertThat(git("log", "-1", "--format=%s", ws.path("branch").asText()))
                .isEqualTo("s: setup failed (exit 3): npm: not found");
    }

    @Test
    void aSetupHangingPastTheTimeoutLeavesNoProcess() throws IOException {
        initRepo();
        CliHarness.Result r = run("""
                {"tasks": [{"id": "h", "prompt": "write a.txt", "timeout": "2s",
                            "setup": "sleep 300 & sleep 300"}]}""", "--grace", "0");
        String runId = JSON.readTree(r.out()).path("run").asText();
        ProcCount.assertNoneLeft(runId + "/", Duration.ZERO);
        JsonNode h = task(r, "h");
        assertThat(h.path("status").asText()).as(r.err()).isEqualTo("timed_out");
        assertThat(tmp.resolve("agent-started")).doesNotExist();
    }

    @Test
    void worktreeIncludeCopiesTheIgnoredEnvAndNothingElse() throws IOException {
        initRepo();
        Files.writeString(project.resolve(".gitignore"), ".env\nsecret.key\n");
        Files.writeString(project.resolve(".worktreeinclude"), ".env\n");
        git("add", "-A");
        git("commit", "-q", "-m", "ignore rules");
        Files.writeString(project.resolve(".env"), "TOKEN=1\n");
        Files.writeString(project.resolve("secret.key"), "k\n");
        CliHarness.Result r = run("""
                {"tasks": [{"id": "w", "prompt": "write a.txt"}]}""");
        Path worktree = Path.of(task(r, "w").path("workspace").path("worktree").asText());
        // The worktrees' directory is private as the rest of the state directory (issue 9 item 24), whatever the umask.
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(worktree.getParent())))
                .isEqualTo("rwx------");
        assertThat(worktree.resolve(".env")).hasContent("TOKEN=1");
        assertThat(worktree.resolve("secret.key")).doesNotExist();
        assertThat(worktree.resolve("a.txt")).exists();
        assertThat(r.err()).as("the progress line").contains("+1 \u22120 \u00b7 1 file");

        // The workspace is recorded: session.json, and status --json read back from the journal.
        String runId = JSON.readTree(r.out()).path("run").asText();
        JsonNode sessionJson = JSON.readTree(cli.state
                .resolve("runs")
                .resolve(runId)
                .resolve("sessions/w/session.json")
                .toFile());
        assertThat(sessionJson.path("workspace").path("branch").asText()).isEqualTo("claude-multi/" + runId + "/w");
        assertThat(sessionJson.path("workspace").path("changes").path("files").asInt())
                .isEqualTo(1);
        CliHarness.Result status = cli.run("status", "--run", runId, "--json");
        JsonNode ws = task(status, "w").path("workspace");
        assertThat(ws.path("commit").asText()).isEqualTo(git("rev-parse", "claude-multi/" + runId + "/w"));
        assertThat(ws.path("worktree").asText()).isEqualTo(worktree.toString());
        assertThat(JSON.readTree(cli.state
                                .resolve("runs")
                                .resolve(runId)
                                .resolve("run.json")
                                .toFile())
                        .path("workspace")
                        .path("base")
                        .asText())
                .isEqualTo(git("rev-parse", "HEAD"));
    }

    @Test
    void tenWorktreesMadeAtOnceAreAllThere() throws IOException {
        initRepo();
        String base = git("rev-parse", "HEAD");
        StringBuilder tasks = new StringBuilder("{\"tasks\": [");
        for (int i = 0; i < 10; i++) {
            tasks.append(i == 0 ? "" : ",")
                    .append("{\"id\": \"t")
                    .append(i)
                    .append("\", \"prompt\": \"write f")
                    .append(i)
                    .append(".txt\"}");
        }
        CliHarness.Result r = run(tasks.append("]}").toString(), "-j", "10");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains(", worktrees from " + base.substring(0, 12));
        String runId = JSON.readTree(r.out()).path("run").asText();
        for (int i = 0; i < 10; i++) {
            assertThat(git("diff", "--name-only", base, "claude-multi/" + runId + "/t" + i))
                    .isEqualTo("f" + i + ".txt");
        }
        assertThat(git("worktree", "list").lines()).hasSize(11);
        assertThat(git("status", "--porcelain")).isEmpty();
        assertThat(git("rev-parse", "HEAD")).isEqualTo(base);
    }

    @Test
    void aSessionWithoutChangesHasNoCommit() throws IOException {
        initRepo();
        CliHarness.Result r = run("""
                {"tasks": [{"id": "n", "prompt": "look around"}]}""");
        JsonNode ws = task(r, "n").path("workspace");
        assertThat(task(r, "n").path("status").asText()).as(r.out() + r.err()).isEqualTo("completed");
        assertThat(ws.path("commit").isNull()).as(r.out()).isTrue();
        assertThat(ws.path("changes").path("files").asInt(-1)).isZero();
        assertThat(r.err()).as("the progress line").contains("✓ n completed").contains("no changes");
    }

    @Test
    void aProjectOutsideGitRunsInPlaceAsBefore() throws IOException {
        CliHarness.Result r = run("""
                {"tasks": [{"id": "p", "prompt": "write here.txt"}]}""");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(project.resolve("here.txt")).hasContent("written by here.txt");
        assertThat(task(r, "p").has("workspace")).isFalse();
        assertThat(r.err()).doesNotContain("changes");
        String runId = JSON.readTree(r.out()).path("run").asText();
        assertThat(cli.state.resolve("runs").resolve(runId).resolve("worktrees"))
                .doesNotExist();
        assertThat(JSON.readTree(cli.state
                                .resolve("runs")
                                .resolve(runId)
                                .resolve("run.json")
                                .toFile())
                        .path("workspace")
                        .path("isolation")
                        .asText())
                .isEqualTo("none");
    }

    /**
     * In a repository, --isolation none with nothing naming a commit or a branch prefix asks git
     * nothing (each git process costs the run's start); a worktree run, or a --base to check, does.
     */
    @Test
    void isolationNoneInARepositoryStartsNoGit() throws Exception {
        initRepo();
        Path shims = Files.createDirectories(tmp.resolve("shims"));
        Path calls = tmp.resolve("git-calls.txt");
        Path realGit = Stream.of(System.getenv("PATH").split(":"))
                .map(d -> Path.of(d, "git"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow();
        Path shim = Files.writeString(
                shims.resolve("git"), "#!/bin/sh\necho \"$*\" >> '%s'\nexec '%s' \"$@\"\n".formatted(calls, realGit));
        Files.setPosixFilePermissions(shim, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        cli.env.put("PATH", shims + ":" + System.getenv("PATH"));
        Path file = Files.writeString(tmp.resolve("tasks.json"), """
                {"tasks": [{"id": "p", "prompt": "write here.txt"}]}""");

        CliHarness.Result none =
                cli.runProcess("run", file.toString(), "-C", project.toString(), "--json", "--isolation", "none");
        assertThat(none.code()).as(none.out() + none.err()).isZero();
        assertThat(project.resolve("here.txt")).hasContent("written by here.txt");
        assertThat(calls).as("git calls").doesNotExist();

        CliHarness.Result based = cli.runProcess(
                "run", file.toString(), "-C", project.toString(), "--json", "--isolation", "none", "--base", "nope");
        assertThat(based.code()).isEqualTo(2);
        assertThat(based.err()).contains("--base nope names no commit");
        assertThat(Files.readString(calls)).contains("rev-parse");
    }

    @Test
    void badInputIsOneLineAndExitTwoWithNothingStarted() throws IOException {
        String one = "{\"tasks\": [{\"id\": \"a\", \"prompt\": \"write a.txt\"}]}";
        CliHarness.Result outside = run(one, "--isolation", "worktree");
        assertThat(outside.code()).isEqualTo(2);
        assertThat(outside.err().strip())
                .contains("not inside a git repository")
                .doesNotContain("\n");

        initRepo();
        CliHarness.Result noCommit = run(one, "--base", "no-such-ref");
        assertThat(noCommit.code()).isEqualTo(2);
        assertThat(noCommit.err().strip())
                .contains("--base no-such-ref names no commit")
                .doesNotContain("\n");

        CliHarness.Result unknown = run(one, "--isolation", "container");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip())
                .contains("--isolation must be one of worktree, none")
                .doesNotContain("\n");

        CliHarness.Result setupNotString = run("{\"tasks\": [{\"id\": \"a\", \"prompt\": \"p\", \"setup\": 5}]}");
        assertThat(setupNotString.code()).isEqualTo(2);
        assertThat(setupNotString.err()).contains("setup must be a string");

        CliHarness.Result taskIsolation =
                run("{\"tasks\": [{\"id\": \"a\", \"prompt\": \"p\", \"isolation\": \"vm\"}]}");
        assertThat(taskIsolation.code()).isEqualTo(2);
        assertThat(taskIsolation.err()).contains("isolation must be one of worktree, none");

        assertThat(tmp.resolve("agent-started")).doesNotExist();
        assertThat(cli.state.resolve("runs"))
                .satisfiesAnyOf(
                        p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
        assertThat(git("branch", "--list", "claude-multi/*")).isEmpty();
    }
}
