package dev.claudemulti.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudemulti.testing.ClaudeEnv;
import dev.claudemulti.testing.FakeMessagesApi;
import dev.claudemulti.testing.GitRepo;
import dev.claudemulti.testing.ProcCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Isolated sessions end to end: a real git repository as the project and the real claude CLI
 * against {@link FakeMessagesApi}. Each session works in its own worktree and its work ends up
 * committed on its own branch; the user's working tree, index and HEAD are never touched.
 */
class WorktreeRunTest {
    static final FakeMessagesApi api = FakeMessagesApi.start();

    @TempDir
    Path tmp;

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @Test
    void threeParallelSessionsEndOnThreeBranchesWithOneFileEach() throws Exception {
        Path claude = ClaudeEnv.binary();
        GitRepo repo = GitRepo.init(tmp.resolve("project"));
        String head = repo.head();
        Batch batch = new Batch(ClaudeEnv.offline(api, tmp));
        for (String id : new String[] {"a", "b", "c"}) {
            batch.task(id, "SCENARIO_WRITE_FILE " + id + ".txt");
        }
        batch.task("port1", "SCENARIO_BASH echo $CLAUDE_MULTI_PORT > port.txt");
        batch.task("port2", "SCENARIO_BASH echo $CLAUDE_MULTI_PORT > port.txt");

        Batch.Outcome run = batch.run(tmp, claude.toString(), "--json", "-j", "5");
        ProcCount.assertNoneLeft(run.runId() + "/", Duration.ZERO);
        assertThat(run.exitCode()).as(run.printed()).isZero();

        String runId = run.runId();
        for (String id : new String[] {"a", "b", "c"}) {
            String branch = "claude-multi/" + runId + "/" + id;
            assertThat(repo.changedFiles(head, branch)).as(branch).isEqualTo(id + ".txt");
            assertThat(repo.git("log", "-1", "--format=%B", branch))
                    .startsWith(id + ": done")
                    .contains("Claude-Multi-Run: " + runId);
            JsonNode ws = run.task(id).path("workspace");
            assertThat(ws.path("branch").asText()).isEqualTo(branch);
            assertThat(ws.path("base").asText()).isEqualTo(head);
            assertThat(ws.path("commit").asText()).isEqualTo(repo.git("rev-parse", branch));
            assertThat(ws.path("worktree").asText())
                    .isEqualTo(run.runDir().resolve("worktrees").resolve(id).toString());
            assertThat(ws.path("changes").path("files").asInt()).isEqualTo(1);
            assertThat(ws.path("changes").path("insertions").asInt()).isEqualTo(1);
        }
        // The user's repository: same HEAD, nothing new in its work tree or index.
        assertThat(repo.head()).isEqualTo(head);
        assertThat(repo.git("status", "--porcelain")).isEmpty();
        assertThat(repo.git("branch", "--show-current")).isEqualTo("main");

        Set<String> ports = new HashSet<>();
        for (String id : new String[] {"port1", "port2"}) {
            String port = repo.git("show", "claude-multi/" + runId + "/" + id + ":port.txt");
            assertThat(Integer.parseInt(port)).isBetween(20_000, 60_000);
            ports.add(port);
        }
        assertThat(ports).as("CLAUDE_MULTI_PORT differs per session").hasSize(2);
        assertThat(Files.exists(tmp.resolve("project/a.txt"))).isFalse();
    }
}
