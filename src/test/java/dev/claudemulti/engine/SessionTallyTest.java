package dev.claudemulti.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.task.Task;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The scheduler's running tallies must always equal a recount over every session. */
class SessionTallyTest {
    private static final SessionState[] STATES = SessionState.values();

    @RepeatedTest(20)
    void randomStateChangesKeepTheTalliesEqualToARecount() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Session> sessions = new ArrayList<>();
        SessionTally tally = new SessionTally();
        for (int i = 0; i < 40; i++) {
            // Some start in a final state, as a resumed run's ended sessions do.
            Session s = new Session(Task.of("t" + i, "p"), randomView("t" + i, random));
            sessions.add(s);
            tally.add(s);
        }
        for (int step = 0; step < 2_000; step++) {
            Session s = sessions.get(random.nextInt(sessions.size()));
            SessionView next = randomView(s.id(), random);
            s.update(old -> next);
            assertMatchesRecount(tally, sessions, "seed " + seed + ", step " + step);
        }
    }

    @Test
    void aCostNoNumberStandsForCountsAsNothing() {
        SessionTally tally = new SessionTally();
        Session s = new Session(Task.of("t", "p"), SessionView.queued("t", 1, null));
        tally.add(s);
        s.update(old -> old.withState(SessionState.FAILED, "x").withCost(Double.NaN, false));
        assertThat(tally.endedCostUsd()).isZero();
        s.update(old -> old.withCost(0.25, false));
        assertThat(tally.endedCostUsd()).isEqualTo(0.25);
        s.update(old -> SessionView.queued("t", 2, null));
        assertThat(tally.endedCostUsd()).isZero();
        assertThat(tally.unfinished()).isEqualTo(1);
    }

    private static SessionView randomView(String id, Random random) {
        SessionState state = STATES[random.nextInt(STATES.length)];
        SessionView v = SessionView.queued(id, 1, null);
        if (state != SessionState.QUEUED) {
            v = v.withState(state, null);
        } else if (random.nextBoolean()) {
            Instant at = random.nextBoolean() ? Instant.now().plusSeconds(random.nextInt(60)) : null;
            v = v.withRetry(new SessionView.PendingRetry(at, 3, "HTTP 529"));
        }
        if (random.nextInt(3) > 0) {
            v = v.withCost(random.nextInt(10_000) / 1000.0 + random.nextDouble() / 1e6, false);
        }
        return v;
    }

    private static void assertMatchesRecount(SessionTally tally, List<Session> sessions, String where) {
        List<Session> queued = new ArrayList<>();
        List<Session> timed = new ArrayList<>();
        List<Session> running = new ArrayList<>();
        int unfinished = 0;
        BigDecimal ended = BigDecimal.ZERO;
        for (Session s : sessions) {
            SessionView v = s.view();
            if (v.state() == SessionState.QUEUED) {
                queued.add(s);
                if (v.retry() != null && v.retry().at() != null) {
                    timed.add(s);
                }
            }
            if (v.state() == SessionState.RUNNING) {
                running.add(s);
            }
            if (!v.state().isFinal()) {
                unfinished++;
            } else if (v.costUsd() != null) {
                ended = ended.add(new BigDecimal(v.costUsd()));
            }
        }
        assertThat(tally.queued()).as(where).containsExactlyElementsOf(queued);
        assertThat(tally.timed()).as(where).containsExactlyElementsOf(timed);
        assertThat(tally.running()).as(where).containsExactlyElementsOf(running);
        assertThat(tally.unfinished()).as(where).isEqualTo(unfinished);
        assertThat(tally.endedCostUsd()).as(where).isEqualTo(ended.doubleValue());
    }
}
