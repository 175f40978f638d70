package dev.claudemulti.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.claudemulti.cli.Cli;
import dev.claudemulti.cli.CliContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task's cwd must be a directory inside the project directory, symbolic links resolved: anything
 * else is refused at load time at the cwd's line and column, before anything starts.
 */
class WorkingDirectoriesTest {
    @TempDir
    Path tmp;

    Path project;
    Path outside;

    @BeforeEach
    void layout() throws Exception {
        project = Files.createDirectories(tmp.resolve("project"));
        outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(project.resolve("sub/deeper"));
        Files.writeString(project.resolve("file.txt"), "x");
        Files.createSymbolicLink(project.resolve("escape"), outside);
        Files.createSymbolicLink(project.resolve("inward"), project.resolve("sub"));
    }

    private List<String> problems(String json) throws Exception {
        TaskFile file = TaskFile.parse("t.json", json.getBytes(StandardCharsets.UTF_8));
        TaskFileException e =
                catchThrowableOfType(TaskFileException.class, () -> file.checkWorkingDirectories(project));
        return e == null ? List.of() : e.problems();
    }

    private static String task(String cwd) {
        return "[{\"id\": \"a\", \"prompt\": \"p\", \"cwd\": \"" + cwd + "\"}]";
    }

    @Test
    void directoriesInsideTheProjectAreAccepted() throws Exception {
        for (String cwd : List.of(
                ".",
                "sub",
                "sub/deeper",
                "sub/../sub",
                "inward",
                "inward/deeper",
                project.toString(),
                project.resolve("sub").toString())) {
            assertThat(problems(task(cwd))).as(cwd).isEmpty();
        }
    }

    @Test
    void anAbsolutePathOutsideIsRefusedAtItsValue() throws Exception {
        assertThat(problems(task(outside.toString())))
                .containsExactly("t.json:1:36: cwd '" + outside
                        + "' is outside the project directory " + project.toRealPath() + " (it leads to "
                        + outside.toRealPath()
                        + "); a task's cwd must stay inside it");
        assertThat(problems(task("/")))
                .singleElement()
                .asString()
                .startsWith("t.json:1:36: cwd '/' is outside the project directory");
    }

    @Test
    void dotDotOutIsRefusedWhetherItExistsOrNot() throws Exception {
        assertThat(problems(task("../elsewhere")))
                .singleElement()
                .asString()
                .startsWith("t.json:1:36: cwd '../elsewhere' is outside the project directory " + project.toRealPath());
        assertThat(problems(task("../nowhere")))
                .singleElement()
                .asString()
                .startsWith("t.json:1:36: cwd '../nowhere' is outside the project directory");
        assertThat(problems(task("sub/../../elsewhere")))
                .singleElement()
                .asString()
                .contains("is outside the project");
    }

    @Test
    void aSymlinkInsideTheProjectThatLeadsOutIsRefused() throws Exception {
        assertThat(problems(task("escape")))
                .containsExactly("t.json:1:36: cwd 'escape' is outside the project directory " + project.toRealPath()
                        + " (it leads to " + outside.toRealPath() + "); a task's cwd must stay inside it");
        Files.createDirectories(outside.resolve("inner"));
        assertThat(problems(task("escape/inner"))).singleElement().asString().contains("is outside the project");
    }

    @Test
    void aMissingDirectoryOrAFileIsRefused() throws Exception {
        assertThat(problems(task("missing")))
                .containsExactly("t.json:1:36: cwd 'missing' does not exist (" + project.resolve("missing") + ")");
        assertThat(problems(task("file.txt")))
                .containsExactly("t.json:1:36: cwd 'file.txt' is not a directory ("
                        + project.toRealPath().resolve("file.txt") + ")");
    }

    @Test
    void everyBadCwdIsReportedOnceAtTheValueThatSetIt() throws Exception {
        String json = """
                {
                  "defaults": {"cwd": "../elsewhere"},
                  "tasks": [
                    {"id": "a", "prompt": "p"},
                    {"id": "b", "prompt": "p"},
                    {"id": "c", "prompt": "p", "cwd": "sub"},
                    {"id": "d", "prompt": "p",
                     "cwd": "missing"}
                  ]
                }""";
        List<String> problems = problems(json);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("t.json:2:23: cwd '../elsewhere' is outside the project directory");
        assertThat(problems.get(1)).startsWith("t.json:8:13: cwd 'missing' does not exist");
    }

    @Test
    void runRefusesItWithExitTwoAndStartsNothing() throws Exception {
        Files.writeString(
                tmp.resolve("t.json"), "[\n  {\"id\": \"a\", \"prompt\": \"p\",\n   \"cwd\": \"escape\"}\n]\n");
        Path agent = tmp.resolve("agent.sh");
        Files.writeString(agent, "#!/bin/sh\ntouch '" + tmp.resolve("STARTED") + "'\n");
        agent.toFile().setExecutable(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]),
                Map.of("HOME", tmp.toString(), "IS_SANDBOX", "1"),
                tmp,
                false);

        int code = Cli.execute(
                ctx,
                "run",
                "t.json",
                "--no-tui",
                "-C",
                "project",
                "--state-dir",
                tmp.resolve("state").toString(),
                "--claude",
                agent.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("claude-multi: t.json:3:11: cwd 'escape' is outside the project directory "
                        + project.toRealPath() + " (it leads to " + outside.toRealPath()
                        + "); a task's cwd must stay inside it"
                        + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("t.json", "agent.sh", "project", "elsewhere");
        }
    }
}
