package dev.claudemulti.cli;

import dev.claudemulti.engine.EngineListener;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.report.Costs;
import dev.claudemulti.report.Durations;
import dev.claudemulti.report.Summary;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Headless mode: one line per state change, for logs and CI. Progress events are ignored. */
final class HeadlessProgress implements EngineListener {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final PrintStream out;

    HeadlessProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void sessionChanged(SessionView v, boolean stateChanged) {
        if (!stateChanged) {
            return;
        }
        String line = describe(v);
        if (line != null) {
            out.println(LocalTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS).format(CLOCK) + " " + line);
            out.flush();
        }
    }

    static String describe(SessionView v) {
        String id = v.taskId() + (v.attempt() > 1 ? " (attempt " + v.attempt() + ")" : "");
        SessionState s = v.state();
        return switch (s) {
            case QUEUED -> v.attempt() > 1 ? "↻ " + id + " queued again" : null;
            case RUNNING -> "▶ " + id + " started (pid " + v.pid() + ")";
            case COMPLETED -> "✓ " + id + " completed " + figures(v);
            default -> Summary.icon(s, false) + " " + id + " " + s.label() + (v.reason() == null ? "" : ": " + v.reason())
                    + (v.startedAt() == null ? "" : "  " + figures(v));
        };
    }

    private static String figures(SessionView v) {
        return Durations.human(v.elapsed(Instant.now())) + " " + Costs.usd(v.costUsd()) + " " + v.turns()
                + (v.turns() == 1 ? " turn" : " turns");
    }
}
