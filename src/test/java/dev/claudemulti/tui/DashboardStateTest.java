package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard's state and its layout step, driven directly: no terminal, no GUI thread. */
class DashboardStateTest {

    private static RunSnapshot hundredSessions() {
        List<SessionView> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(DemoRun.view(
                    String.format("task-%03d", i),
                    1,
                    i % 10 == 9 ? SessionState.FAILED : SessionState.RUNNING,
                    null,
                    i,
                    i % 10 == 9 ? i + 5 : null,
                    i * 1000L,
                    1,
                    null,
                    null,
                    null));
        }
        RunSnapshot s = DemoRun.snapshot();
        return new RunSnapshot(s.runId(), s.projectDir(), s.model(), 8, false, s.startedAt(), null, many);
    }

    private static String selectedId(DashboardState state) {
        return state.selected().taskId();
    }

    @Test
    void movingTheSelectionPastThePageScrollsByOneRowAtATime() {
        DashboardState state = new DashboardState(hundredSessions());
        state.followSelection(10);
        assertThat(selectedId(state)).isEqualTo("task-000");
        assertThat(state.scrollTop()).isZero();
        state.moveSelection(9);
        state.followSelection(10);
        assertThat(selectedId(state)).isEqualTo("task-009");
        assertThat(state.scrollTop())
                .as("the last row of the page is still on it")
                .isZero();
        state.moveSelection(1);
        state.followSelection(10);
        assertThat(selectedId(state)).isEqualTo("task-010");
        assertThat(state.scrollTop()).isEqualTo(1);
        state.moveSelection(-5);
        state.followSelection(10);
        assertThat(state.scrollTop())
                .as("moving up inside the page does not scroll")
                .isEqualTo(1);
        state.moveSelection(-100);
        state.followSelection(10);
        assertThat(selectedId(state)).isEqualTo("task-000");
        assertThat(state.scrollTop()).isZero();
    }

    @Test
    void pagesMoveByThePageHeightLessOneAndStopAtTheEnds() {
        DashboardState state = new DashboardState(hundredSessions());
        state.followSelection(16);
        state.moveSelectionByPages(1);
        assertThat(selectedId(state)).isEqualTo("task-015");
        state.selectLast();
        state.followSelection(16);
        assertThat(selectedId(state)).isEqualTo("task-099");
        assertThat(state.scrollTop()).isEqualTo(84);
        state.moveSelectionByPages(1);
        assertThat(selectedId(state)).isEqualTo("task-099");
        state.moveSelectionByPages(-1);
        state.followSelection(16);
        assertThat(selectedId(state)).isEqualTo("task-084");
        assertThat(state.scrollTop()).isEqualTo(84);
        state.selectFirst();
        state.followSelection(16);
        assertThat(state.scrollTop()).isZero();
    }

    @Test
    void scrollFollowsTheSelectionWhenThePageShrinksAndNeverLeavesEmptyRowsBelow() {
        DashboardState state = new DashboardState(hundredSessions());
        state.followSelection(20);
        state.moveSelection(15);
        state.followSelection(20);
        assertThat(state.scrollTop()).isZero();
        state.followSelection(5);
        assertThat(state.scrollTop())
                .as("a smaller page scrolls to keep the selection on it")
                .isEqualTo(11);
        assertThat(state.pageRows()).isEqualTo(5);
        state.selectLast();
        state.followSelection(5);
        state.followSelection(50);
        assertThat(state.scrollTop())
                .as("a taller page shows as many rows as fit")
                .isEqualTo(50);
    }

    @Test
    void filteringThenSelectingMovesOnlyAmongTheMatchingRows() {
        DashboardState state = new DashboardState(hundredSessions());
        state.moveSelection(3);
        state.editFilter();
        for (char c : "failed".toCharArray()) {
            state.typeIntoFilter(c);
        }
        assertThat(state.filterBeingEdited()).isEqualTo("failed");
        assertThat(state.visibleRows())
                .as("the filter applies while it is typed")
                .hasSize(10);
        state.applyFilter();
        assertThat(state.filterBeingEdited()).isNull();
        state.followSelection(4);
        assertThat(selectedId(state))
                .as("a filtered-out selection moves to the first match")
                .isEqualTo("task-009");
        state.moveSelection(4);
        state.followSelection(4);
        assertThat(selectedId(state)).isEqualTo("task-049");
        assertThat(state.scrollTop()).isEqualTo(1);
        state.clearFilter();
        state.followSelection(4);
        assertThat(selectedId(state))
                .as("the selection stays on its session when the filter goes")
                .isEqualTo("task-049");
        assertThat(state.scrollTop()).isEqualTo(46);
    }

    @Test
    void aFilterThatMatchesNothingLeavesNoSelection() {
        DashboardState state = new DashboardState(hundredSessions());
        state.editFilter();
        state.typeIntoFilter('z');
        state.eraseFromFilter();
        state.typeIntoFilter('q');
        state.applyFilter();
        state.followSelection(10);
        assertThat(state.visibleRows()).isEmpty();
        assertThat(state.selected()).isNull();
        state.moveSelection(1);
        assertThat(state.selected()).isNull();
    }

    @Test
    void theTableLayoutMakesRoomForTheBannerBeforeTheRowsAreDrawn() {
        DashboardState state = new DashboardState(hundredSessions());
        TableLayout plain = TableLayout.of(state, 100, 20);
        assertThat(plain.banner()).isNull();
        assertThat(plain.pageRows()).isEqualTo(16);
        state.say("cancelled");
        TableLayout withMessage = TableLayout.of(state, 100, 20);
        assertThat(withMessage.banner()).isEqualTo(" cancelled");
        assertThat(withMessage.pageRows()).isEqualTo(15);
        assertThat(state.pageRows())
                .as("the layout step sets the page the keys move by")
                .isEqualTo(15);
    }

    @Test
    void keysDriveTheStateWithNoTerminal() {
        ScriptedEngine engine = new ScriptedEngine(hundredSessions());
        DashboardState state = new DashboardState(engine.snapshot());
        ReviewWorker review = new ReviewWorker(ReviewActions.NONE, new EventLoop(java.time.Clock.systemUTC()), state);
        KeyDispatcher keys = new KeyDispatcher(engine, state, TailSourceFactory.none(), () -> {}, review, () -> {});
        state.followSelection(10);
        keys.handle(new KeyStroke(KeyType.End));
        assertThat(selectedId(state)).isEqualTo("task-099");
        keys.handle(new KeyStroke('/', false, false));
        assertThat(state.mode()).isEqualTo(KeyBindings.Mode.FILTER);
        keys.handle(new KeyStroke('9', false, false));
        keys.handle(new KeyStroke(KeyType.Enter));
        assertThat(state.mode()).isEqualTo(KeyBindings.Mode.TABLE);
        assertThat(state.filter()).isEqualTo("9");
        keys.handle(new KeyStroke('s', false, false));
        assertThat(state.confirm()).isNull();
        assertThat(state.message()).isEqualTo("task-099 has already ended (failed)");
        keys.handle(new KeyStroke('k', false, false));
        keys.handle(new KeyStroke('s', false, false));
        assertThat(state.confirm().question()).isEqualTo("stop task-098? y/n");
        keys.handle(new KeyStroke('n', false, false));
        assertThat(state.message()).isEqualTo("cancelled");
        assertThat(engine.calls).isEmpty();
        keys.handle(new KeyStroke('?', false, false));
        assertThat(state.helpShown()).isTrue();
        keys.handle(new KeyStroke('s', false, false));
        assertThat(state.helpShown()).isFalse();
        assertThat(state.confirm())
                .as("the key that closes help does nothing else")
                .isNull();
        keys.handle(new KeyStroke(KeyType.Enter));
        assertThat(state.mode()).isEqualTo(KeyBindings.Mode.TAIL);
        assertThat(state.tail().taskId).isEqualTo("task-098");
        keys.handle(new KeyStroke('q', false, false));
        assertThat(state.mode()).as("q leaves the tail view, it does not quit").isEqualTo(KeyBindings.Mode.TABLE);
        assertThat(state.exit()).isNull();
    }
}
