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
class QueuedSessionsTest {
    private static final SessionState[] STATES = SessionState.values();

    @RepeatedTest(20)
    void randomStateChangesKeepTheTalliesEqualToARecount() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Session> sessions = new ArrayList<>();
        QueuedSessions queue = new QueuedSessions();
        for (int i = 0; i < 40; i++) {
            // Some start in a final state, as a resumed run's ended sessions do.
            Session s = new Session(Task.of("t" + i, "p"), randomView("t" + i, random));
            sessions.add(s);
            queue.add(s);
        }
        for (int step = 0; step < 2_000; step++) {
            Session s = sessions.get(random.nextInt(sessions.size()));
            SessionView next = randomView(s.id(), random);
            s.update(old -> next);
            assertMatchesRecount(queue, sessions, "seed " + seed + ", step " + step);
        }
    }

    @Test
    void aCostNoNumberStandsForCountsAsNothing() {
        QueuedSessions queue = new QueuedSessions();
        Session s = new Session(Task.of("t", "p"), SessionView.queued("t", 1, null));
        queue.add(s);
        s.update(old -> old.withState(SessionState.FAILED, "x").withCost(Double.NaN, false));
        assertThat(queue.endedCostUsd()).isZero();
        s.update(old -> old.withCost(0.25, false));
        assertThat(queue.endedCostUsd()).isEqualTo(0.25);
        s.update(old -> SessionView.queued("t", 2, null));
        assertThat(queue.endedCostUsd()).isZero();
        assertThat(queue.unfinished()).isEqualTo(1);
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

    private static void assertMatchesRecount(QueuedSessions queue, List<Session> sessions, String where) {
        List<Integer> queued = new ArrayList<>();
        List<Integer> timed = new ArrayList<>();
        List<Integer> running = new ArrayList<>();
        int unfinished = 0;
        BigDecimal ended = BigDecimal.ZERO;
        for (int i = 0; i < sessions.size(); i++) {
            SessionView v = sessions.get(i).view();
            if (v.state() == SessionState.QUEUED) {
                queued.add(i);
                if (v.retry() != null && v.retry().at() != null) {
                    timed.add(i);
                }
            }
            if (v.state() == SessionState.RUNNING) {
                running.add(i);
            }
            if (!v.state().isFinal()) {
                unfinished++;
            } else if (v.costUsd() != null) {
                ended = ended.add(new BigDecimal(v.costUsd()));
            }
        }
        assertThat(places(queue::nextQueued)).as(where).isEqualTo(queued);
        assertThat(places(queue::nextTimed)).as(where).isEqualTo(timed);
        assertThat(places(queue::nextRunning)).as(where).isEqualTo(running);
        assertThat(queue.unfinished()).as(where).isEqualTo(unfinished);
        assertThat(queue.endedCostUsd()).as(where).isEqualTo(ended.doubleValue());
        for (int i : queued) {
            assertThat(queue.at(i)).isSameAs(sessions.get(i));
        }
    }

    private static List<Integer> places(java.util.function.IntUnaryOperator next) {
        List<Integer> places = new ArrayList<>();
        for (int i = next.applyAsInt(0); i >= 0; i = next.applyAsInt(i + 1)) {
            places.add(i);
        }
        return places;
    }
}
