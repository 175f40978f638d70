package dev.claudemulti.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.claudemulti.agent.SessionProgress;
import dev.claudemulti.agent.SimulatedAgent;
import dev.claudemulti.agent.SimulatedAgentMain;
import dev.claudemulti.agent.StreamJsonParser;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * Renders screenshots/dashboard.png and screenshots/tail.png from the real dashboard on a virtual
 * terminal: the table of a scripted mid-run batch (every state, a retry, a failure), and the tail
 * of a session whose output was recorded from the demo agent. Run by scripts/screenshots.sh.
 */
public final class ScreenshotsMain {
    private ScreenshotsMain() {
    }

    public static void main(String[] args) throws Exception {
        Path outDir = Path.of(args.length > 0 ? args[0] : "screenshots");
        Path work = Files.createTempDirectory("claude-multi-shots");
        Path output = work.resolve("output.jsonl");
        record("Fix all TypeScript errors in src/ and make `npm run typecheck` pass.", output);

        SessionProgress progress = new SessionProgress();
        StreamJsonParser parser = new StreamJsonParser(progress::accept);
        byte[] bytes = Files.readAllBytes(output);
        parser.feed(bytes, 0, bytes.length);
        parser.finish();
        SessionView fixTypes = new SessionView("fix-types", 1, SessionState.COMPLETED, null, 4109L, DemoRun.T0,
                DemoRun.T0.plusSeconds(142), bytes.length, progress.turns(), progress.costUsd(), progress.tokens(),
                progress.activity(), progress.result() == null ? null : progress.result().result(), progress.sessionId(),
                0, "sonnet");

        ScriptedEngine engine = new ScriptedEngine(DemoRun.snapshot());
        engine.put(fixTypes);
        // One session completed without a file it was refused to write: shown apart from a clean ✓.
        SessionView c = engine.find("changelog");
        engine.put(new SessionView(c.taskId(), c.attempt(), c.state(), c.reason(), c.pid(), c.startedAt(), c.endedAt(),
                c.outputBytes(), c.turns(), c.costUsd(), c.tokens(), c.activity(),
                "The entries are ready, but writing CHANGELOG.md was not permitted.", c.sessionId(), c.exitCode(),
                c.model(), java.util.List.of(new dev.claudemulti.agent.PermissionDenial("Write", "toolu_01", "CHANGELOG.md"))));
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(120, 15));
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        Dashboard dashboard = new Dashboard(engine, screen, new DashboardOptions(false, "claude-multi", null),
                TailSourceFactory.outputFiles(new SimulatedAgent(), v -> v.taskId().equals("fix-types") ? output : null),
                Clock.fixed(DemoRun.NOW, ZoneOffset.UTC));
        Thread gui = Harness.startGui(dashboard, Throwable::printStackTrace);
        TerminalPng png = new TerminalPng(15f);

        dashboard.press(new KeyStroke('j', false, false));
        dashboard.awaitDrawn();
        png.write(terminal, outDir.resolve("dashboard.png"));

        terminal.setTerminalSize(new TerminalSize(120, 27));
        dashboard.press(new KeyStroke('k', false, false));
        dashboard.press(new KeyStroke(KeyType.Enter));
        dashboard.awaitDrawn();
        dashboard.awaitDrawn();
        png.write(terminal, outDir.resolve("tail.png"));

        dashboard.close();
        gui.join();
        screen.stopScreen();
        System.out.println("wrote " + outDir.resolve("dashboard.png") + " and " + outDir.resolve("tail.png"));
    }

    /** Runs the demo agent at full speed and keeps its stream-json output. */
    private static void record(String prompt, Path output) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SimulatedAgentMain.class.getName(), "--model", "sonnet", "--budget", "2")
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put(SimulatedAgent.SPEED_VARIABLE, "0");
        Process p = pb.start();
        p.getOutputStream().write(prompt.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the demo agent did not finish");
        }
    }
}
