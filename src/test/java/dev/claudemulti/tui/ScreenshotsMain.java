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
import dev.claudemulti.engine.CheckOutcome;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.workspace.Changes;
import dev.claudemulti.workspace.SessionWorkspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Renders screenshots/dashboard.png, follow-up.png and tail.png from the real dashboard on a virtual
 * terminal: the table of a scripted mid-run batch (every state, a retry waiting out a 529, a
 * skipped session, an estimated cost, a passed check, the parallel limit lowered by a rate limit),
 * a follow-up prompt being typed under it ({@code c}), and the tail
 * of a session whose output was recorded from the demo agent. Then screenshots/changes.png and
 * screenshots/diff.png: the same batch run with worktrees (the CHANGES column, a conflict mark),
 * and the diff view of one session's commit in a real git repository made in a temp directory.
 * Run by scripts/screenshots.sh.
 */
public final class ScreenshotsMain {
    private ScreenshotsMain() {}

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
        SessionView fixTypes = new SessionView(
                "fix-types",
                1,
                SessionState.COMPLETED,
                null,
                4109L,
                DemoRun.T0,
                DemoRun.T0.plusSeconds(142),
                bytes.length,
                progress.turns(),
                progress.costUsd(),
                progress.tokens(),
                progress.activity(),
                progress.result() == null ? null : progress.result().result(),
                progress.sessionId(),
                0,
                "sonnet");

        // Run with -j 8 and held at 2 by a rate limit: the header says "parallel 2/8".
        RunSnapshot demo = DemoRun.snapshot();
        ScriptedEngine engine = new ScriptedEngine(new RunSnapshot(
                demo.runId(),
                demo.projectDir(),
                demo.model(),
                8,
                demo.simulated(),
                demo.startedAt(),
                null,
                demo.sessions(),
                0,
                new RunSnapshot.BatchStatus(2, null, null, null, null)));
        // Its task has a check that failed once and passed after a fix round: "check ✓".
        engine.put(fixTypes.withCheck(new CheckOutcome("npm run typecheck", 0, false, 2, 3)));
        // A running session's cost estimated from its usage (~$), one waiting to be retried after a
        // 529, and one skipped because what it needed failed.
        engine.put(engine.find("auth-tests").withCost(0.1832, true));
        engine.put(SessionView.queued("deps-audit", 2, "sonnet")
                .withRetry(new SessionView.PendingRetry(DemoRun.NOW.plusSeconds(42), 3, "HTTP 529")));
        engine.put(engine.find("i18n-strings").withState(SessionState.SKIPPED, "dependency lint-cleanup failed"));
        // One session completed without a file it was refused to write: shown apart from a clean ✓.
        SessionView c = engine.find("changelog");
        engine.put(new SessionView(
                c.taskId(),
                c.attempt(),
                c.state(),
                c.reason(),
                c.pid(),
                c.startedAt(),
                c.endedAt(),
                c.outputBytes(),
                c.turns(),
                c.costUsd(),
                c.tokens(),
                c.activity(),
                "The entries are ready, but writing CHANGELOG.md was not permitted.",
                c.sessionId(),
                c.exitCode(),
                c.model(),
                java.util.List.of(new dev.claudemulti.agent.PermissionDenial("Write", "toolu_01", "CHANGELOG.md"))));
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(120, 15));
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        Dashboard dashboard = new Dashboard(
                engine,
                screen,
                new DashboardOptions(false, "claude-multi", null),
                TailSourceFactory.outputFiles(
                        new SimulatedAgent(), v -> v.taskId().equals("fix-types") ? output : null),
                Clock.fixed(DemoRun.NOW, ZoneOffset.UTC));
        Thread gui = Harness.startGui(dashboard, Throwable::printStackTrace);
        TerminalPng png = new TerminalPng(15f);

        dashboard.press(new KeyStroke('j', false, false));
        dashboard.awaitDrawn();
        png.write(terminal, outDir.resolve("dashboard.png"));

        // A follow-up prompt for fix-types being typed under the table (c).
        dashboard.press(new KeyStroke('k', false, false));
        dashboard.press(new KeyStroke('c', false, false));
        for (char ch : "Also cover the 401 path of request() with a test".toCharArray()) {
            dashboard.press(new KeyStroke(ch, false, false));
        }
        dashboard.awaitDrawn();
        png.write(terminal, outDir.resolve("follow-up.png"));
        dashboard.press(new KeyStroke(KeyType.Escape));

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
        workspaces(engine.snapshot(), work.resolve("shop-frontend"), outDir, png);
    }

    /** The batch as run with worktrees: each ended session's commit in a real repository, one conflicting pair. */
    private static void workspaces(RunSnapshot batch, Path repoDir, Path outDir, TerminalPng png) throws Exception {
        Files.createDirectories(repoDir);
        GitFixture git = GitFixture.create(
                repoDir,
                Map.of(
                        "src/api/client.ts", CLIENT_TS,
                        "src/components/Cart.tsx",
                                "export function Cart(props) {\n  return <ul>{props.items.map(render)}</ul>;\n}\n",
                        "CHANGELOG.md", "# Changelog\n\n## 1.3.0\n- Checkout in one step.\n"));
        Map<String, SessionWorkspace> commits = Map.of(
                "fix-types",
                        git.session(
                                "claude-multi/20250602-091400-7f3a/fix-types",
                                Map.of(
                                        "src/api/client.ts",
                                        CLIENT_TS
                                                .replace("(path, body)", "(path: string, body?: unknown)")
                                                .replace("res.json()", "res.json() as Promise<T>")
                                                .replace(
                                                        "export async function request(",
                                                        "export async function request<T>("),
                                        "src/components/Cart.tsx",
                                        CART_TSX_TYPED)),
                "changelog",
                        git.session(
                                "claude-multi/20250602-091400-7f3a/changelog", Map.of("CHANGELOG.md", CHANGELOG_140)),
                "lint-cleanup",
                        git.session(
                                "claude-multi/20250602-091400-7f3a/lint-cleanup",
                                Map.of("src/api/client.ts", CLIENT_TS.replace("const res", "let res"))));
        ScriptedEngine engine = new ScriptedEngine(batch);
        for (SessionView v : batch.sessions()) {
            if (v.state() == SessionState.SKIPPED) {
                continue; // never started: no worktree was made
            }
            SessionWorkspace ws = commits.get(v.taskId());
            if (ws == null) {
                String branch = "claude-multi/20250602-091400-7f3a/" + v.taskId();
                ws = new SessionWorkspace(
                        repoDir.toString(),
                        repoDir.toString(),
                        branch,
                        git.base,
                        null,
                        v.state().isFinal() ? Changes.NONE : null);
            }
            engine.put(v.withWorkspace(ws));
        }
        ReviewActions review = new ReviewActions() {
            @Override
            public MergeResult merge(SessionView session) {
                return new MergeResult(false, "not merged in screenshots");
            }

            @Override
            public Map<String, String> conflicts(RunSnapshot snapshot) {
                return Map.of("lint-cleanup", "fix-types");
            }
        };
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(120, 15));
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        Dashboard dashboard = new Dashboard(
                engine,
                screen,
                new DashboardOptions(false, "claude-multi", null, review),
                TailSourceFactory.none(),
                Clock.fixed(DemoRun.NOW, ZoneOffset.UTC));
        Thread gui = Harness.startGui(dashboard, Throwable::printStackTrace);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!screenText(terminal).contains("✗ fix-types") && System.nanoTime() < deadline) {
            Thread.sleep(20); // the conflicts arrive from the review thread
            dashboard.awaitDrawn();
        }
        png.write(terminal, outDir.resolve("changes.png"));

        terminal.setTerminalSize(new TerminalSize(120, 27));
        dashboard.press(new KeyStroke('d', false, false));
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(screenText(terminal).contains("lines 1-")
                        && !screenText(terminal).contains("…"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20); // git writes the diff on the reader thread
            dashboard.awaitDrawn();
        }
        png.write(terminal, outDir.resolve("diff.png"));
        dashboard.close();
        gui.join();
        screen.stopScreen();
        System.out.println("wrote " + outDir.resolve("changes.png") + " and " + outDir.resolve("diff.png"));
    }

    private static final String CLIENT_TS = """
            const BASE = '/api';

            export async function request(path, body) {
              const res = await fetch(BASE + path, {
                method: body ? 'POST' : 'GET',
                body: body && JSON.stringify(body),
              });
              if (!res.ok) {
                throw new Error(res.statusText);
              }
              return res.json();
            }
            """;

    private static final String CART_TSX_TYPED = """
            import type { Item } from '../api/types';

            export function Cart(props: { items: Item[] }) {
              return <ul>{props.items.map(render)}</ul>;
            }
            """;

    private static final String CHANGELOG_140 = """
            # Changelog

            ## 1.4.0
            - Typed API client.
            - Cart accepts typed items.

            ## 1.3.0
            - Checkout in one step.
            """;

    private static String screenText(DefaultVirtualTerminal terminal) {
        StringBuilder b = new StringBuilder();
        TerminalSize size = terminal.getTerminalSize();
        for (int r = 0; r < size.getRows(); r++) {
            for (int c = 0; c < size.getColumns(); c++) {
                b.append(terminal.getCharacter(c, r).getCharacterString());
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Runs the demo agent at full speed and keeps its stream-json output. */
    private static void record(String prompt, Path output) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        SimulatedAgentMain.class.getName(),
                        "--model",
                        "sonnet",
                        "--budget",
                        "2")
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
