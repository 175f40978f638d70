package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.Hints;
import dev.claudemulti.workspace.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command the program suggests is one that works: each is run, and none may be a usage error. */
class HintsTest {
    /** Where src/main names a command without building it in Hints: titles and help texts, not hints. */
    private static final List<String> NOT_HINTS = List.of(
            "report/MarkdownReport.java:# claude-multi run ",
            "report/JUnitReport.java:claude-multi run ",
            "cli/StatusCommand.java:  claude-multi status: run ",
            // Help texts with placeholders; their forms are in hints() below.
            "cli/StartCommand.java:Then: claude-multi status, output ID -f, result ID, stop ID.",
            "cli/CompletionCommand.java:source <(claude-multi completion)",
            "cli/CompletionCommand.java:  claude-multi completion > /etc/bash_completion.d/claude-multi",
            "store/StateDir.java:(see claude-multi list)");

    @TempDir
    static Path dir;

    static CliHarness cli;
    static String runId;

    /** Runs in a git repository (its sessions have worktrees), for the hints about them. */
    static CliHarness inRepo;

    static String repoRunId;

    @BeforeAll
    static void recordARun() throws Exception {
        cli = new CliHarness(dir);
        runId = cli.batch("[{\"id\":\"a\",\"prompt\":\"hello\"},{\"id\":\"b\",\"prompt\":\"fail now\"}]");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Git git = new Git(repo);
        git.check("init", "-q", "-b", "main");
        git.check("config", "user.name", "Test");
        git.check("config", "user.email", "test@example.com");
        Files.writeString(repo.resolve(".gitignore"), "state/\nfake-claude\n");
        git.check("add", "-A");
        git.check("commit", "-q", "-m", "base");
        inRepo = new CliHarness(repo);
        repoRunId = inRepo.batch("[{\"id\":\"a\",\"prompt\":\"hello\"}]");
    }

    static Stream<String> hints() {
        return Stream.of(
                Hints.LIST,
                Hints.STATUS,
                Hints.status(runId),
                Hints.dashboard(runId),
                Hints.followOutput("a"),
                Hints.followOutput("a", runId),
                Hints.stop("a"),
                Hints.stop("a", runId),
                Hints.stopAll(runId),
                Hints.help("run"),
                Hints.resume(runId),
                Hints.resumeFailed(runId),
                // start's help: "Then: claude-multi status, output ID -f, result ID, stop ID."
                "claude-multi result a",
                "claude-multi completion");
    }

    /** In the order given: the last one removes the run. */
    static Stream<String> hintsInARepository() {
        return Stream.of(Hints.diff("a", repoRunId), Hints.conflicts(repoRunId), Hints.CLEAN_BRANCHES);
    }

    @ParameterizedTest
    @MethodSource("hints")
    void eachHintIsACommandThatWorks(String hint) throws Exception {
        assertWorks(cli, hint);
    }

    @ParameterizedTest
    @MethodSource("hintsInARepository")
    void eachHintAboutWorktreesIsACommandThatWorksInTheRepository(String hint) throws Exception {
        assertWorks(inRepo, hint);
    }

    private static void assertWorks(CliHarness cli, String hint) throws Exception {
        assertThat(hint).startsWith("claude-multi ");
        String[] args = Arrays.copyOfRange(hint.split(" "), 1, hint.split(" ").length);
        try {
            cli.parse(args);
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(hint + ": " + e.getMessage(), e);
        }
        // The dashboard takes the terminal: it runs in a process of its own, which has none.
        CliHarness.Result r = args[0].equals("dashboard") ? cli.runProcess(args) : cli.run(args);
        assertThat(r.err())
                .as(hint)
                .doesNotContain("--help' for more information")
                .doesNotContain("Unknown option")
                .doesNotContain("internal error");
        assertThat(r.code()).as(hint + ": " + r.err()).isIn(0, 1, 2);
        if (r.code() == 2) {
            assertThat(args[0])
                    .as(hint + " exits 2 only where there is no terminal: " + r.err())
                    .isEqualTo("dashboard");
        }
    }

    /** A hint added to Hints needs a case in hints() or hintsInARepository(): named here once it has one. */
    @Test
    void everyMemberOfHintsHasACase() {
        java.util.Set<String> members = new java.util.TreeSet<>();
        for (var m : Hints.class.getDeclaredMethods()) {
            if (java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
                members.add(m.getName());
            }
        }
        for (var f : Hints.class.getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isPublic(f.getModifiers())) {
                members.add(f.getName());
            }
        }
        assertThat(List.of(
                        "LIST",
                        "STATUS",
                        "CLEAN_BRANCHES",
                        "status",
                        "dashboard",
                        "followOutput",
                        "stop",
                        "stopAll",
                        "help",
                        "resume",
                        "resumeFailed",
                        // "stop them: <stopAll>, or resume: <resume>": both cases above
                        "lostProcesses",
                        "conflicts",
                        "diff"))
                .containsAll(members);
    }

    @Test
    void theDashboardsRetryHintIsOneOfThem() {
        assertThat(Hints.resumeFailed("R")).isEqualTo("claude-multi run --resume R --resume-failed");
    }

    /** A hint written anywhere but in Hints would escape the test above. */
    @Test
    void everyHintInTheSourcesIsBuiltByHints() throws IOException {
        Path main = Path.of("src/main/java/dev/claudemulti");
        List<String> commands = new ArrayList<>(Cli.commandLine(CliContext.system(System.out, System.err))
                .getSubcommands()
                .keySet());
        Pattern hint = Pattern.compile("claude-multi (" + String.join("|", commands) + ")\\b");
        List<String> stray = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String rel = main.relativize(file).toString();
                if (rel.equals("engine/Hints.java")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) {
                        continue;
                    }
                    Matcher m = hint.matcher(line);
                    while (m.find()) {
                        if (inString(line, m.start())
                                && NOT_HINTS.stream()
                                        .noneMatch(ok -> ok.startsWith(rel + ":")
                                                && line.contains(ok.substring(rel.length() + 1)))) {
                            stray.add(rel + ":" + (i + 1) + ": " + line);
                        }
                    }
                }
            }
        }
        assertThat(stray).as("hints not built by dev.claudemulti.engine.Hints").isEmpty();
    }

    private static boolean inString(String line, int at) {
        int quotes = 0;
        for (int i = 0; i < at; i++) {
            if (line.charAt(i) == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
                quotes++;
            }
        }
        return quotes % 2 == 1;
    }
}
