package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.testing.TmuxPane;
import dev.claudemulti.workspace.Git;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's {@code a} on a real terminal: a tmux pane runs a batch with the dashboard; on
 * {@code a} the dashboard gives the terminal up, a stand-in for claude runs interactively (it records
 * {@code stty -g}, reads a line typed into the pane and exits), and the dashboard comes back with the
 * session {@code attached} while the batch's other session still runs. {@code stty -g} is the same
 * before the dashboard, inside the take-over and after the dashboard. Skipped where tmux is missing.
 */
class TakeOverTmuxTest {
    private static final long STEP_MS = 30_000;
    private static final Pattern EXITED = Pattern.compile("EXIT=\\d");

    @TempDir
    Path dir;

    private final TmuxPane pane = new TmuxPane("claude-multi-attach", Duration.ofMillis(STEP_MS));

    @AfterEach
    void killServer() throws Exception {
        pane.close();
    }

    @Test
    void theDashboardGivesTheTerminalUpForClaudeAndTakesItBack() throws Exception {
        if (!TmuxPane.available()) {
            System.out.println("TakeOverTmuxTest: SKIPPED: tmux is not installed");
            abort("tmux is not installed");
        }
        Path project = repository();
        Path claude = standInClaude();
        Path state = dir.resolve("state");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String tasks = "[{\"id\":\"a\",\"prompt\":\"write one.txt\"},{\"id\":\"b\",\"prompt\":\"sleep\"}]";
        String command = java + " -cp '" + System.getProperty("java.class.path") + "' dev.claudemulti.Main run '"
                + tasks + "' --tui -C '" + project + "' --state-dir '" + state + "'";
        pane.open(
                dir,
                120,
                32,
                "env PS1='$ ' HISTFILE=/dev/null IS_SANDBOX=1 HOME='" + dir + "' CLAUDE_BIN='" + claude
                        + "' TERM=xterm-256color bash --norc --noprofile");
        Path before = dir.resolve("stty.before");
        Path after = dir.resolve("stty.after");
        pane.type("stty -g > '" + before + "'; " + command + "; echo EXIT=$?; stty -g > '" + after + "'");
        pane.keys("Enter");

        pane.await("a completed, b running", s -> s.contains("Total 2") && s.contains("completed") && s.contains("● "));
        pane.type("/completed");
        pane.keys("Enter");
        pane.await("the completed row", s -> s.contains("filter: completed"));
        pane.type("a");
        String screen =
                pane.await("the stand-in claude in the terminal", s -> s.contains("STAND-IN CLAUDE: type a line"));
        assertThat(screen).as("the dashboard gave the screen up").doesNotContain("Total 2");
        pane.type("hello from the user");
        pane.keys("Enter");
        screen = pane.await("the dashboard again", s -> s.contains("Total 2") && s.contains("Attached 1"));
        assertThat(screen).contains("a taken over by hand: claude exited 0");
        assertThat(Files.readString(dir.resolve("line")).strip()).isEqualTo("hello from the user");
        assertThat(Files.readString(dir.resolve("stty.during")))
                .as("the terminal as the user had it, inside the take-over")
                .isEqualTo(Files.readString(before));
        assertThat(screen).as("the batch went on: b still runs").contains("Running 1");

        pane.keys("Escape"); // then wait: an Escape and a q that arrive together read as Alt-q
        pane.await("the whole table", s -> s.contains("attached") && !s.contains("filter: completed"));
        pane.type("q");
        screen = pane.await(
                "quit prompt or exit",
                s -> s.contains("and quit? y/n") || EXITED.matcher(s).find());
        if (screen.contains("and quit? y/n")) {
            pane.type("y");
        }
        pane.await("the shell", s -> EXITED.matcher(s).find());
        pane.await("stty after", s -> Files.exists(after) && size(after) > 0);
        assertThat(Files.readString(after)).isEqualTo(Files.readString(before));

        JsonNode a = task(status(state), "a");
        assertThat(a.path("status").asText()).isEqualTo("attached");
        assertThat(a.path("attempt").asInt()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("argv")).strip())
                .isEqualTo("--resume " + a.path("session_id").asText() + " --model sonnet");
        assertThat(new Git(project)
                        .check(
                                "ls-tree",
                                "-r",
                                "--name-only",
                                a.path("workspace").path("commit").asText()))
                .contains("one.txt")
                .contains("by-hand.txt");
    }

    private Path repository() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Git git = new Git(project);
        git.check("init", "-q", "-b", "main");
        git.check("config", "user.name", "Test User");
        git.check("config", "user.email", "test@example.com");
        Files.writeString(project.resolve("README.md"), "hello\n");
        git.check("add", "-A");
        git.check("commit", "-q", "-m", "initial");
        return project;
    }

    /** Headless with -p ("write NAME", "sleep"); interactive without: records stty -g, reads a line, writes a file. */
    private Path standInClaude() throws IOException {
        String ctl = dir.toAbsolutePath().toString();
        String script = "#!/bin/sh\n"
                + "ctl='" + ctl + "'\n"
                + "case \" $* \" in\n"
                + "  *\" -p \"*) ;;\n"
                + "  *) echo \"$*\" > \"$ctl/argv\"; stty -g > \"$ctl/stty.during\";"
                + " echo 'STAND-IN CLAUDE: type a line'; read line; echo \"$line\" > \"$ctl/line\";"
                + " echo by hand > by-hand.txt; exit 0 ;;\n"
                + "esac\n"
                + "prompt=$(cat)\n"
                + "id=none\n"
                + "while [ $# -gt 0 ]; do\n"
                + "  case \"$1\" in --session-id|--resume) id=\"$2\"; shift ;; esac\n"
                + "  shift\n"
                + "done\n"
                + "echo '{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"'$id'\",\"model\":\"m\"}'\n"
                + "case \"$prompt\" in\n"
                + "  write*) name=${prompt#write }; echo \"$name\" > \"$name\" ;;\n"
                + "  sleep*) sleep 300 ;;\n"
                + "esac\n"
                + "echo '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"done\","
                + "\"session_id\":\"'$id'\",\"total_cost_usd\":0.25,\"num_turns\":1,\"duration_ms\":5,"
                + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}'\n";
        Path claude = dir.resolve("stand-in-claude");
        Files.writeString(claude, script);
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
        return claude;
    }

    private static JsonNode status(Path state) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = dev.claudemulti.Main.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new String[] {"status", "--json", "--state-dir", state.toString()});
        assertThat(code).isZero();
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode task(JsonNode status, String id) {
        for (JsonNode t : status.path("tasks")) {
            if (t.path("id").asText().equals(id)) {
                return t;
            }
        }
        throw new AssertionError("no task " + id + " in " + status);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
