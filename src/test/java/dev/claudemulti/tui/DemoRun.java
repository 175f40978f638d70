package dev.claudemulti.tui;

import dev.claudemulti.agent.Tokens;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A realistic batch in mid-run, shaped like examples/tasks.json, for tests and screenshots. */
final class DemoRun {
    static final Instant T0 = Instant.parse("2025-06-02T09:14:00Z");
    /** "Now" in the tests: 3m05s after the run started. */
    static final Instant NOW = T0.plusSeconds(185);

    private DemoRun() {}

    static SessionView view(
            String id,
            int attempt,
            SessionState state,
            String reason,
            int startedSecs,
            Integer endedSecs,
            long bytes,
            int turns,
            Double cost,
            String activity,
            String result) {
        Instant started = startedSecs < 0 ? null : T0.plusSeconds(startedSecs);
        Instant ended = endedSecs == null ? null : T0.plusSeconds(endedSecs);
        return new SessionView(
                id,
                attempt,
                state,
                reason,
                started == null ? null : 4100L + id.length(),
                started,
                ended,
                bytes,
                turns,
                cost,
                new Tokens(1200L * turns, 300L * turns, 0, 0),
                activity,
                result,
                null,
                state.isFinal() ? (state == SessionState.COMPLETED ? 0 : 1) : null,
                "sonnet");
    }

    static List<SessionView> sessions() {
        List<SessionView> s = new ArrayList<>();
        s.add(view(
                "fix-types",
                1,
                SessionState.COMPLETED,
                null,
                0,
                142,
                48_230,
                14,
                0.4213,
                "Edit src/api/client.ts",
                "Fixed 23 type errors in 9 files; `npm run typecheck` passes."));
        s.add(view(
                "auth-tests",
                1,
                SessionState.RUNNING,
                null,
                0,
                null,
                23_900,
                9,
                null,
                "Bash: npm test -- --runInBand src/auth",
                null));
        s.add(view(
                "api-docs", 1, SessionState.RUNNING, null, 12, null, 8_712, 4, null, "Read src/routes/users.ts", null));
        s.add(view(
                "changelog",
                1,
                SessionState.COMPLETED,
                null,
                142,
                171,
                6_150,
                3,
                0.0618,
                "Write CHANGELOG.md",
                "Added 17 entries under 1.4.0."));
        s.add(view(
                "lint-cleanup",
                1,
                SessionState.FAILED,
                "exit 1: eslint: command not found",
                0,
                38,
                3_020,
                2,
                0.0291,
                "Bash: npx eslint src/components",
                null));
        s.add(view(
                "perf-budget",
                2,
                SessionState.RUNNING,
                null,
                171,
                null,
                1_504,
                1,
                null,
                "Looking at the bundle stats to find which import grew",
                null));
        s.add(view("deps-audit", 1, SessionState.QUEUED, null, -1, null, 0, 0, null, null, null));
        s.add(view("i18n-strings", 1, SessionState.QUEUED, null, -1, null, 0, 0, null, null, null));
        return s;
    }

    static RunSnapshot snapshot() {
        return new RunSnapshot(
                "20250602-091400-7f3a", Path.of("/home/dev/shop-frontend"), "sonnet", 3, true, T0, null, sessions());
    }
}
