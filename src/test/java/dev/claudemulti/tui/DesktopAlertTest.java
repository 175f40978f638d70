package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bell and OSC 9 / OSC 777 notifications when a session fails or the batch finishes. */
class DesktopAlertTest {
    private static final String BEL = "\u0007";
    private static final String OSC = "\u001b]";

    @Test
    void theEscapesAreTheBellThenOsc9ThenOsc777() {
        assertThat(DesktopAlert.escapes("claude-multi", "a failed: boom"))
                .isEqualTo(BEL + OSC + "9;a failed: boom" + BEL + OSC + "777;notify;claude-multi;a failed: boom" + BEL);
    }

    @Test
    void controlCharactersCannotEndTheSequenceEarlyAndTheTitleKeepsItsField() {
        String text = DesktopAlert.escapes("a;b", "x\u0007y\u001b]9;z\nw");
        assertThat(text).isEqualTo(BEL + OSC + "9;xy]9;zw" + BEL + OSC + "777;notify;a,b;xy]9;zw" + BEL);
        assertThat(DesktopAlert.escapes("t", "x".repeat(500))).contains("9;" + "x".repeat(199) + "…" + BEL);
    }

    @Test
    void onlyFailuresAlert() {
        SessionView running = DemoRun.view("a", 1, SessionState.RUNNING, null, 10, null, 5, 1, null, null, null);
        assertThat(DesktopAlert.forSession(running)).isEmpty();
        assertThat(DesktopAlert.forSession(running.withState(SessionState.COMPLETED, null)))
                .isEmpty();
        assertThat(DesktopAlert.forSession(running.withState(SessionState.STOPPED, "stopped by user")))
                .isEmpty();
        assertThat(DesktopAlert.forSession(running.withState(SessionState.FAILED, "exit 3")))
                .hasValueSatisfying(t -> assertThat(t).contains("9;a failed: exit 3" + BEL));
        assertThat(DesktopAlert.forSession(running.withState(SessionState.TIMED_OUT, null)))
                .isPresent();
    }

    @Test
    void theDashboardAlertsOncePerFailedSessionAndWhenTheBatchFinishes() throws Exception {
        RunSnapshot s = DemoRun.snapshot();
        SessionView a = DemoRun.view("a", 1, SessionState.RUNNING, null, 10, null, 5, 1, null, null, null);
        SessionView b = DemoRun.view("b", 1, SessionState.RUNNING, null, 10, null, 5, 1, null, null, null);
        ScriptedEngine engine = new ScriptedEngine(new RunSnapshot(
                s.runId(), s.projectDir(), s.model(), 2, false, s.startedAt(), null, List.of(a, b), 0, null));
        List<String> alerts = Collections.synchronizedList(new ArrayList<>());
        try (Harness h = new Harness(engine, 120, 20)) {
            h.dashboard.alertTo(alerts::add);
            engine.put(a.withState(SessionState.FAILED, "boom"));
            engine.put(a.withState(SessionState.FAILED, "boom"));
            h.sync();
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0)).startsWith(BEL).contains(OSC + "9;a failed: boom" + BEL);
            engine.put(b.withState(SessionState.COMPLETED, null));
            h.sync();
            assertThat(alerts).hasSize(2);
            assertThat(alerts.get(1)).contains("finished: 1 completed, 1 failed");
            assertThat(h.text()).doesNotContain("\u001b");
        }
    }
}
