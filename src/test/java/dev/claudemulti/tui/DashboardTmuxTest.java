package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.claudemulti.testing.TmuxPane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real dashboard on a real terminal: a tmux pane runs the demo batch, the test types keys and
 * reads the pane. It opens the dashboard, tails a running session (readable, then raw), stops one
 * session, quits with the stop-all confirmation, and checks that {@code stty -g} is the same before
 * and after. Skipped, with a message, where tmux is missing.
 */
class DashboardTmuxTest {
    private static final int COLS = 120;
    private static final int ROWS = 32;
    private static final long STEP_MS = 20_000;
    /** The shell's "echo EXIT=$?" after the program (the typed command line shows "EXIT=$?"). */
    private static final java.util.regex.Pattern EXITED = java.util.regex.Pattern.compile("EXIT=\\d");

    @TempDir
    Path dir;

    private final TmuxPane pane = new TmuxPane("claude-multi-test", Duration.ofMillis(STEP_MS));

    @AfterEach
    void killServer() throws Exception {
        pane.close();
    }

    @Test
    void demoOnTheDashboardInTmux() throws Exception {
        drive(demoCommand());
    }

    /** Runs after {@code package} (failsafe, tag "jar"), so the jar under test is the one just built. */
    @Test
    @Tag("jar")
    void shadedJarDemoTuiInTmux() throws Exception {
        Path jar = Path.of("target", "claude-multi.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar, built by the package phase").isRegularFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        drive(java + " -jar '" + jar + "' demo --tui --state-dir '" + dir.resolve("state") + "'");
    }

    /**
     * {@code claude-multi dashboard} attached to a batch another process runs: it follows the run
     * live, its stop is carried out and recorded by the owning orchestrator, and q leaves the run
     * running. Runs after package (failsafe, tag "jar").
     */
    @Test
    @Tag("jar")
    void dashboardAttachesToARunOfAnotherProcess() throws Exception {
        Path jar = Path.of("target", "claude-multi.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar, built by the package phase").isRegularFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path state = dir.resolve("state");
        ProcessBuilder ownerCommand = new ProcessBuilder(
                        java, "-jar", jar.toString(), "demo", "--no-tui", "--state-dir", state.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("owner.out").toFile());
        ownerCommand.environment().put("CLAUDE_MULTI_SIM_SPEED", "4"); // slow: sessions run while we look
        Process owner = ownerCommand.start();
        try {
            long deadline = System.currentTimeMillis() + STEP_MS;
            while (!hasJournal(state)) {
                assertThat(System.currentTimeMillis())
                        .as("the owner records its run")
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
            Path before = start(java + " -jar '" + jar + "' dashboard --state-dir '" + state + "'");
            String screen = pane.await("the attached dashboard", s -> s.contains("Total 8") && s.contains("● "));
            assertThat(screen).contains("SIMULATED", "fix-types", "running");

            // Stop the selected running session: the owner acts and records it; the row follows.
            pane.type("/running");
            pane.keys("Enter");
            pane.await("running rows", s -> s.contains("filter: running") && s.contains("● "));
            pane.type("s");
            screen = pane.await("the stop prompt", s -> s.contains("? y/n"));
            String prompt = lineWith(screen, "? y/n");
            String id = prompt.substring(prompt.indexOf("stop ") + 5, prompt.indexOf("? y/n"))
                    .strip();
            pane.type("y");
            pane.keys("Escape");
            pane.await(id + " stopped", s -> s.lines().anyMatch(l -> l.contains(id + " ") && l.contains("stopped")));
            assertThat(Files.readString(dir.resolve("owner.out"))).contains(id + " stopped");

            // q leaves at once (the run is not ours) and the batch goes on.
            pane.type("q");
            pane.await("the shell", s -> EXITED.matcher(s).find());
            assertSttyRestored(before);
            assertThat(owner.isAlive()).as("the owning orchestrator still runs").isTrue();
        } finally {
            owner.destroy(); // SIGTERM: the owner stops its sessions and exits 130
            owner.waitFor();
        }
        assertThat(owner.exitValue()).isEqualTo(130);
    }

    private static boolean hasJournal(Path state) throws IOException {
        if (!Files.isDirectory(state.resolve("runs"))) {
            return false;
        }
        try (var runs = Files.list(state.resolve("runs"))) {
            return runs.anyMatch(r -> Files.exists(r.resolve("journal.jsonl")));
        }
    }

    private String demoCommand(String... extra) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return java + " -cp '" + System.getProperty("java.class.path") + "' " + TuiDemoMain.class.getName()
                + " --state-dir '" + dir.resolve("state") + "' " + String.join(" ", extra);
    }

    /**
     * Ctrl-C, then y, on the dashboard of {@code claude-multi demo --tui}: the batch is interrupted
     * exactly as a headless Ctrl-C interrupts it (exit 130, the run recorded as interrupted).
     */
    @Test
    void ctrlCThenYInTheDashboardInterruptsTheRun() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cli = java + " -cp '" + System.getProperty("java.class.path") + "' dev.claudemulti.Main";
        Path state = dir.resolve("state");
        Path before = start(cli + " demo --tui --state-dir '" + state + "'");
        pane.await("running sessions", s -> s.contains("Total 8") && s.contains("● "));
        pane.keys("C-c");
        pane.await("the quit prompt", s -> s.contains("and quit? y/n"));
        pane.type("y");
        String screen = pane.await("the shell", s -> EXITED.matcher(s).find());
        assertThat(screen).contains("EXIT=130").contains("interrupted by SIGINT");
        assertSttyRestored(before);
        var out = new java.io.ByteArrayOutputStream();
        int code = dev.claudemulti.Main.run(
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new String[] {"status", "--json", "--state-dir", state.toString()});
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"run_state\" : \"interrupted\"");
    }

    @Test
    void sigtermWhileRunningRestoresTheTerminal() throws Exception {
        Path before = start(demoCommand());
        pane.await("the dashboard", s -> s.contains("Total 8"));
        String pid = new String(
                        new ProcessBuilder(
                                        "pgrep",
                                        "-f",
                                        "--",
                                        dir.resolve("state").toString())
                                .start()
                                .getInputStream()
                                .readAllBytes(),
                        StandardCharsets.UTF_8)
                .strip()
                .lines()
                .findFirst()
                .orElseThrow();
        new ProcessBuilder("kill", "-TERM", pid).start().waitFor();
        String screen = pane.await("the shell", s -> EXITED.matcher(s).find());
        assertThat(screen).contains("dashboard: CLOSED").doesNotContain("Total 8 │");
        assertSttyRestored(before);
    }

    @Test
    void aCrashIsLoggedAndTheTerminalRestored() throws Exception {
        Path before = start(demoCommand("--crash"), "0.1"); // after the crash the batch runs on to its end
        String screen = pane.await("the shell", s -> EXITED.matcher(s).find());
        assertThat(screen)
                .contains(
                        "claude-multi: the dashboard failed: java.lang.IllegalStateException: simulated dashboard bug")
                .contains("dashboard: CRASHED")
                .doesNotContain("Total 8 │");
        assertSttyRestored(before);
        assertThat(Files.readString(dir.resolve("state").resolve("orchestrator.log")))
                .contains("the dashboard failed", "simulated dashboard bug", "at dev.claudemulti.tui.");
    }

    /** Opens the pane and runs the command between two {@code stty -g}; returns the "before" file. */
    private Path start(String command) throws Exception {
        return start(command, "2");
    }

    private Path start(String command, String simSpeed) throws Exception {
        skipUnless(TmuxPane.available(), "SKIPPED: tmux is not installed");
        pane.open(
                dir,
                COLS,
                ROWS,
                "env PS1='$ ' CLAUDE_MULTI_SIM_SPEED=" + simSpeed + " TERM=xterm-256color bash --norc --noprofile");
        Path before = dir.resolve("stty.before");
        pane.type("stty -g > '" + before + "'; " + command + "; echo EXIT=$?; stty -g > '" + dir.resolve("stty.after")
                + "'");
        pane.keys("Enter");
        return before;
    }

    private void assertSttyRestored(Path before) throws Exception {
        Path after = dir.resolve("stty.after");
        pane.await("stty after", s -> Files.exists(after) && size(after) > 0);
        assertThat(Files.readString(after)).isEqualTo(Files.readString(before));
    }

    private void drive(String command) throws Exception {
        Path before = start(command);

        String screen = pane.await("the dashboard", s -> s.contains("Total 8") && s.contains("q quit"));
        assertThat(screen)
                .contains("claude-multi", "SIMULATED", "ID", "STATUS", "ELAPSED", "OUTPUT", "fix-types", "q quit");

        // Tail a running session: filter the table to running rows, Enter on the first.
        pane.type("/running");
        pane.keys("Enter");
        pane.await("a running row", s -> s.contains("filter: running") && s.contains("● "));
        pane.keys("Enter");
        screen = pane.await(
                "the tail view", s -> s.contains("· tail") && s.contains("● init model=") && s.contains("Esc back"));
        assertThat(screen).contains("readable · following", "Esc back");
        pane.type("R");
        pane.await("raw lines", s -> s.contains("RAW ·") && s.contains("{\"type\":\"system\""));
        pane.keys("Escape");
        pane.await("the table again", s -> s.contains("STATUS") && s.contains("Total 8"));

        // Stop one: s asks, y stops it; the row then says stopped.
        String sessionId = null;
        for (int attempt = 0; attempt < 3 && sessionId == null; attempt++) {
            pane.type("s");
            screen = pane.await(
                    "the stop prompt or a note", s -> s.contains("? y/n") || s.contains("has already ended"));
            if (screen.contains("? y/n")) {
                String prompt = lineWith(screen, "? y/n");
                sessionId = prompt.substring(prompt.indexOf("stop ") + 5, prompt.indexOf("? y/n"))
                        .strip();
            }
        }
        assertThat(sessionId).as("a running session to stop").isNotNull();
        pane.type("y");
        pane.keys("Escape"); // clear the filter: the stopped row leaves the "running" filter
        String id = sessionId;
        pane.await(id + " stopped", s -> s.lines().anyMatch(l -> l.contains(id + " ") && l.contains("stopped")));

        // Quit: with sessions left it asks first; y stops them and waits, then the shell is back.
        pane.type("q");
        screen = pane.await(
                "quit prompt or exit",
                s -> s.contains("and quit? y/n") || EXITED.matcher(s).find());
        if (screen.contains("and quit? y/n")) {
            pane.type("y");
        }
        screen = pane.await("the shell", s -> EXITED.matcher(s).find());
        assertThat(screen).doesNotContain("Total 8 │");
        assertSttyRestored(before);
    }

    /** Skips with the reason on standard output too, where a build log shows it. */
    private static void skipUnless(boolean ok, String why) {
        if (!ok) {
            System.out.println("DashboardTmuxTest: " + why);
            abort(why);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String lineWith(String screen, String s) {
        return screen.lines().filter(l -> l.contains(s)).findFirst().orElse("");
    }
}
