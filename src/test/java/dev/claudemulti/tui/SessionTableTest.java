package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.engine.SessionView;
import dev.claudemulti.tui.SessionTable.Column;
import dev.claudemulti.tui.SessionTable.Placed;
import dev.claudemulti.workspace.Changes;
import dev.claudemulti.workspace.SessionWorkspace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionTableTest {

    private static List<Column> columns(int width) {
        return SessionTable.layout(width, DemoRun.sessions()).stream()
                .map(Placed::column)
                .toList();
    }

    @Test
    void columnsDropInOrderActivityFirst() {
        assertThat(columns(120))
                .containsExactly(
                        Column.ICON,
                        Column.ID,
                        Column.STATUS,
                        Column.ELAPSED,
                        Column.OUTPUT,
                        Column.COST,
                        Column.TURNS,
                        Column.ACTIVITY);
        assertThat(columns(64)).doesNotContain(Column.ACTIVITY).contains(Column.TURNS);
        assertThat(columns(51)).doesNotContain(Column.TURNS).contains(Column.COST);
        assertThat(columns(45)).doesNotContain(Column.COST).contains(Column.OUTPUT);
        assertThat(columns(36)).doesNotContain(Column.OUTPUT).contains(Column.ELAPSED);
        assertThat(columns(28)).containsExactly(Column.ICON, Column.ID, Column.STATUS);
        assertThat(columns(12)).containsExactly(Column.ICON, Column.ID);
        assertThat(columns(3)).containsExactly(Column.ID);
        assertThat(columns(0)).isEmpty();
    }

    @Test
    void changesShowsOnlyWithWorktreesAndDropsRightAfterActivity() {
        List<SessionView> sessions = new ArrayList<>(DemoRun.sessions());
        SessionView first = sessions.get(0);
        sessions.set(
                0,
                first.withWorkspace(new SessionWorkspace(
                        "/r", "/w", "claude-multi/r/fix-types", "base", "c0ffee", new Changes(5, 120, 8))));
        List<Column> wide =
                SessionTable.layout(140, sessions).stream().map(Placed::column).toList();
        assertThat(wide).containsExactly(Column.values());
        Placed changes = SessionTable.layout(140, sessions).stream()
                .filter(p -> p.column() == Column.CHANGES)
                .findFirst()
                .orElseThrow();
        assertThat(changes.width()).isEqualTo("+120 −8 · 5 files".length());
        List<Column> narrower =
                SessionTable.layout(75, sessions).stream().map(Placed::column).toList();
        assertThat(narrower).doesNotContain(Column.ACTIVITY).contains(Column.CHANGES, Column.TURNS);
        assertThat(SessionTable.layout(64, sessions).stream()
                        .map(Placed::column)
                        .toList())
                .doesNotContain(Column.CHANGES)
                .contains(Column.TURNS);
    }

    @Test
    void columnsNeverOverlapOrPassTheEdge() {
        for (int w = 0; w <= 300; w++) {
            List<Placed> placed = SessionTable.layout(w, DemoRun.sessions());
            int x = 0;
            for (Placed p : placed) {
                assertThat(p.x()).as("width %d", w).isGreaterThanOrEqualTo(x);
                assertThat(p.x() + p.width()).as("width %d", w).isLessThanOrEqualTo(w);
                x = p.x() + p.width() + 1;
            }
        }
    }

    @Test
    void spareRoomGoesToIdThenStatusThenActivity() {
        List<Placed> placed = SessionTable.layout(140, DemoRun.sessions());
        Placed id =
                placed.stream().filter(p -> p.column() == Column.ID).findFirst().orElseThrow();
        Placed activity = placed.get(placed.size() - 1);
        assertThat(id.width()).isEqualTo("perf-budget #2".length());
        assertThat(activity.column()).isEqualTo(Column.ACTIVITY);
        assertThat(activity.x() + activity.width()).isEqualTo(140);
    }
}
