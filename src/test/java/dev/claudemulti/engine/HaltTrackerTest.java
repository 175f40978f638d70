package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HaltTrackerTest {
    @Test
    void failuresAreFailedAndTimedOut() {
        HaltTracker tracker = new HaltTracker(HaltPolicy.parse("soon,fail=2"));
        assertThat(tracker.ended(SessionState.FAILED)).isNull();
        assertThat(tracker.ended(SessionState.TIMED_OUT)).isEqualTo("halted: 2 failures");
    }

    @Test
    void successesAreCompleted() {
        HaltTracker tracker = new HaltTracker(HaltPolicy.parse("now,success=1"));
        assertThat(tracker.ended(SessionState.FAILED)).isNull();
        assertThat(tracker.ended(SessionState.COMPLETED)).isEqualTo("halted: 1 success");
    }

    @Test
    void stopsKillsSkipsAndLostCountForNothing() {
        HaltTracker failures = new HaltTracker(HaltPolicy.parse("now,fail=1"));
        HaltTracker successes = new HaltTracker(HaltPolicy.parse("now,success=1"));
        for (SessionState state :
                new SessionState[] {SessionState.STOPPED, SessionState.KILLED, SessionState.SKIPPED, SessionState.LOST
                }) {
            assertThat(failures.ended(state)).as(state.label()).isNull();
            assertThat(successes.ended(state)).as(state.label()).isNull();
        }
    }

    @Test
    void stoppedSessionsDoNotDiluteAPercentage() {
        HaltTracker tracker = new HaltTracker(HaltPolicy.parse("now,fail=50%"));
        tracker.ended(SessionState.FAILED);
        tracker.ended(SessionState.STOPPED);
        tracker.ended(SessionState.STOPPED);
        assertThat(tracker.ended(SessionState.COMPLETED))
                .as("1 of 2 counted, under three ended")
                .isNull();
        assertThat(tracker.ended(SessionState.FAILED)).isEqualTo("halted: 2 failures of 3 ended (fail=50%)");
    }

    @Test
    void answersOnlyTheFirstTime() {
        HaltTracker tracker = new HaltTracker(HaltPolicy.parse("now,fail=1"));
        assertThat(tracker.ended(SessionState.FAILED)).isEqualTo("halted: 1 failure");
        assertThat(tracker.ended(SessionState.FAILED)).isNull();
        assertThat(tracker.ended(SessionState.TIMED_OUT)).isNull();
    }

    @Test
    void neverAnswers() {
        HaltTracker tracker = new HaltTracker(HaltPolicy.never());
        for (int i = 0; i < 10; i++) {
            assertThat(tracker.ended(SessionState.FAILED)).isNull();
        }
    }
}
