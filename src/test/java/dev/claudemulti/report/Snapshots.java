package dev.claudemulti.report;

import dev.claudemulti.agent.Tokens;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Runs to report on. */
final class Snapshots {
    static final Instant START = Instant.parse("2026-11-24T12:00:00Z");
    static final Instant END = START.plusSeconds(130);

    private Snapshots() {}

    static SessionView session(
            String id,
            SessionState state,
            String reason,
            int startS,
            Integer endS,
            Double cost,
            int turns,
            Tokens tokens,
            String result) {
        return new SessionView(
                id,
                1,
                state,
                reason,
                100L,
                START.plusSeconds(startS),
                endS == null ? null : START.plusSeconds(endS),
                2048,
                turns,
                cost,
                tokens,
                null,
                result,
                "sess-" + id,
                state == SessionState.COMPLETED ? Integer.valueOf(0) : null,
                "sonnet");
    }

    /** One session in each state, with awkward text where text goes. */
    static RunSnapshot everyStatus() {
        return new RunSnapshot(
                "20261124-120000-0a1b",
                Path.of("/p"),
                "sonnet",
                4,
                false,
                START,
                END,
                List.of(
                        session(
                                "fix-login",
                                SessionState.COMPLETED,
                                null,
                                0,
                                125,
                                0.1234,
                                12,
                                new Tokens(1000, 200, 30000, 400),
                                "Fixed the login bug.\n\nAlso added a test.\nThird line\nFourth line"),
                        session(
                                "add|tests",
                                SessionState.FAILED,
                                "exit code 3\nsecond line",
                                0,
                                43,
                                0.05,
                                3,
                                new Tokens(10, 20, 30, 40),
                                "error <b> & ]]> \u0001\u001B[31mred\u001B[0m"),
                        session(
                                "slow",
                                SessionState.TIMED_OUT,
                                "timed out after 60s",
                                5,
                                65,
                                1.5,
                                40,
                                Tokens.ZERO,
                                null),
                        session("halted", SessionState.STOPPED, "stopped by user", 10, 20, null, 0, Tokens.ZERO, null),
                        session("zombie", SessionState.KILLED, "killed by user", 10, 30, 0.0, 1, Tokens.ZERO, ""),
                        session("late", SessionState.RUNNING, null, 100, null, null, 0, Tokens.ZERO, null),
                        SessionView.queued("never", 1, "sonnet")));
    }
}
