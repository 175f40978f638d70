package dev.claudemulti.tui;

import dev.claudemulti.display.Durations;
import dev.claudemulti.display.LocalZone;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.report.BatchText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The top row of every screen: title, screen name, run id, wall time, a rate-limit pause, the
 * parallel limit ("parallel 2/8" while a rate limit holds it below -j), model, project directory.
 */
final class Header {
    private Header() {}

    /**
     * Draws the header; {@code screenName} (e.g. "tail") follows the title, null on the table.
     * What does not fit goes, least useful first; the SIMULATED mark always shows.
     */
    static void draw(Canvas c, int row, String title, String screenName, RunSnapshot snap, Instant now) {
        c.fillRow(row, Theme.HEADER);
        String shownTitle = Text.sanitizeCell(title == null ? "claude-multi" : title);
        int right = c.cols;
        if (snap.simulated()) {
            String sim = " SIMULATED ";
            right -= Text.width(sim);
            c.put(right, row, sim, Theme.SIMULATED);
            right -= 1;
        }
        int x = c.put(
                0, row, " " + shownTitle + (screenName == null ? "" : " · " + screenName), Theme.HEADER_TITLE, right);
        Instant end = snap.endedAt() != null ? snap.endedAt() : now;
        Duration wall = snap.startedAt() == null ? Duration.ZERO : Duration.between(snap.startedAt(), end);
        // Wall time matters most when space is short, then the run id; the rest as it fits.
        String wallPart = "wall " + Durations.human(wall);
        String runPart = "run " + Text.sanitizeCell(snap.runId());
        int room = right - x - 2 - Text.width(wallPart) - 2;
        StringBuilder b = new StringBuilder();
        if (room >= 8) {
            b.append("  ").append(Text.fit(runPart, room));
        }
        b.append("  ").append(wallPart);
        int used = x + Text.width(b.toString());
        // A pause says why nothing starts: it goes before the parallel limit it usually comes with.
        String paused = BatchText.paused(
                snap.batch(), now, LocalZone.offsetAt(snap.batch().pausedUntil()));
        int pausedX = -1;
        List<String> parts = new ArrayList<>();
        if (paused != null) {
            parts.add(paused);
        }
        parts.add(BatchText.parallel(snap));
        if (snap.model() != null) {
            parts.add("model " + Text.sanitizeCell(snap.model()));
        }
        for (String p : parts) {
            if (used + 2 + Text.width(p) > right) {
                break;
            }
            if (p.equals(paused)) {
                pausedX = used + 2;
            }
            b.append("  ").append(p);
            used += 2 + Text.width(p);
        }
        String dir = snap.projectDir() == null ? null : home(snap.projectDir().toString());
        if (dir != null && right - used - 2 >= 12) {
            b.append("  ").append(Text.fitLeft(Text.sanitizeCell(dir), right - used - 2));
        }
        c.put(x, row, b.toString(), Theme.HEADER, right - x);
        if (pausedX >= 0) {
            c.put(pausedX, row, paused, Theme.PAUSED);
        }
    }

    private static String home(String path) {
        String home = System.getProperty("user.home");
        if (home != null && home.length() > 1 && (path.equals(home) || path.startsWith(home + "/"))) {
            return "~" + path.substring(home.length());
        }
        return path;
    }
}
