package dev.claudemulti.cli;

import dev.claudemulti.agent.PermissionDenial;
import dev.claudemulti.display.Costs;
import dev.claudemulti.display.Durations;
import dev.claudemulti.engine.EngineListener;
import dev.claudemulti.engine.SessionView;
import dev.claudemulti.report.Denials;
import dev.claudemulti.report.Status;
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
    /** The demo agent's figures are labelled on every line: a reader of a log may never see the header. */
    private final boolean simulated;

    HeadlessProgress(PrintStream out, boolean simulated) {
        this.out = out;
        this.simulated = simulated;
    }

    @Override
    public void sessionChanged(SessionView v, boolean stateChanged) {
        if (!stateChanged) {
            return;
        }
        String line = describe(v, simulated);
        if (line != null) {
            out.println(LocalTime.now(ZoneId.systemDefault())
                            .truncatedTo(ChronoUnit.SECONDS)
                            .format(CLOCK) + " " + line);
            out.flush();
        }
    }

    static String describe(SessionView v, boolean simulated) {
        String id = v.taskId() + (v.attempt() > 1 ? " (attempt " + v.attempt() + ")" : "");
        Status status = Status.of(v);
        return switch (status) {
            case QUEUED -> v.attempt() > 1 ? "↻ " + id + " queued again" : null;
            case RUNNING -> "▶ " + id + " started (pid " + v.pid() + ")";
            case COMPLETED -> "✓ " + id + " completed " + figures(v, simulated);
            case COMPLETED_WITH_DENIALS ->
                status.icon(false) + " " + id + " " + status.label() + " " + figures(v, simulated) + "  "
                        + deniedCalls(v);
            default ->
                status.icon(false) + " " + id + " " + status.label() + (v.reason() == null ? "" : ": " + v.reason())
                        + (v.startedAt() == null ? "" : "  " + figures(v, simulated));
        };
    }

    /** "1 permission denial: Write (Write /tmp/x)": the count, the tools, and the first calls refused. */
    private static String deniedCalls(SessionView v) {
        String calls = v.denials().stream()
                .limit(3)
                .map(PermissionDenial::describe)
                .collect(java.util.stream.Collectors.joining("; "));
        return Denials.summary(v.denials()) + " (" + calls + (v.denials().size() > 3 ? "; …" : "") + ")";
    }

    private static String figures(SessionView v, boolean simulated) {
        return Durations.human(v.elapsed(Instant.now())) + " " + Costs.usdSpelled(v.costUsd(), simulated) + " "
                + v.turns()
                + (v.turns() == 1 ? " turn" : " turns")
                + (v.workspace() == null || v.workspace().changes() == null
                        ? ""
                        : "  " + v.workspace().changes().summary());
    }
}
