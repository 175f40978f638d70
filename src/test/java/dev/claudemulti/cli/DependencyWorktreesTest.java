package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.testing.GitRepo;
import dev.claudemulti.workspace.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dependsOn} with worktrees, in a real git repository: a dependant's branch starts from its
 * dependency's commit, or from the merge of several (made without touching a work tree), and a
 * dependant whose dependencies conflict is skipped naming the files.
 */
class DependencyWorktreesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** "write FILE TEXT" writes TEXT to FILE in the session's working directory. */
    private static final String AGENT = """
            #!/bin/sh
            prompt=$(cat)
            set -- $prompt
            if [ "$1" = write ]; then echo "$3" > "$2"; fi
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
        project = GitRepo.init(tmp.resolve("project")).dir;
    }

    private String git(String... args) throws IOException {
        return new Git(project).check(args).strip();
    }

    private CliHarness.Result run(String tasks) throws IOException {
        Path file = Files.writeString(tmp.resolve("tasks.json"), tasks);
        return cli.run(
                "run", file.toString(), "-C", project.toString(), "--json", "--isolation", "worktree", "-j", "4");
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
    void aDiamondsLastTaskStartsFromBothSidesMerged() throws IOException {
        String head = git("rev-parse", "HEAD");
        CliHarness.Result r = run("""
                {"tasks": [
                  {"id": "a", "prompt": "write a.txt A"},
                  {"id": "b", "prompt": "write b.txt B", "dependsOn": ["a"]},
                  {"id": "c", "prompt": "write c.txt C", "dependsOn": ["a"]},
                  {"id": "n", "prompt": "nothing", "dependsOn": ["a"]},
                  {"id": "d", "prompt": "write d.txt D", "dependsOn": ["b", "c", "n"]}]}""");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode d = task(r, "d");
        assertThat(d.path("status").asText()).isEqualTo("completed");
        Path worktree = Path.of(d.path("workspace").path("worktree").asText());
        assertThat(worktree.resolve("a.txt")).hasContent("A");
        assertThat(worktree.resolve("b.txt")).hasContent("B");
        assertThat(worktree.resolve("c.txt")).hasContent("C");
        assertThat(worktree.resolve("d.txt")).hasContent("D");
        // b started from a's commit; n changed nothing, so it contributed the commit it started from.
        String aCommit = task(r, "a").path("workspace").path("commit").asText();
        assertThat(git(
                        "rev-parse",
                        task(r, "b").path("workspace").path("commit").asText() + "^"))
                .isEqualTo(aCommit);
        assertThat(task(r, "a").path("workspace").path("commit").asText()).isNotEqualTo(head);
        // The merge touched no work tree: the project's checkout is as it was.
        assertThat(git("status", "--porcelain")).isEmpty();
        assertThat(git("rev-parse", "HEAD")).isEqualTo(head);
    }

    @Test
    void dependenciesThatConflictSkipTheDependantNamingTheFiles() throws IOException {
        CliHarness.Result r = run("""
                {"tasks": [
                  {"id": "b", "prompt": "write same.txt B"},
                  {"id": "c", "prompt": "write same.txt C"},
                  {"id": "d", "prompt": "write d.txt D", "dependsOn": ["b", "c"]},
                  {"id": "e", "prompt": "write e.txt E", "dependsOn": ["d"]}]}""");
        JsonNode d = task(r, "d");
        assertThat(d.path("status").asText()).as(r.out() + r.err()).isEqualTo("skipped");
        assertThat(d.path("reason").asText()).isEqualTo("dependencies conflict in same.txt");
        assertThat(task(r, "e").path("reason").asText()).isEqualTo("dependency d skipped");
        assertThat(r.code()).isEqualTo(1);
    }
}
