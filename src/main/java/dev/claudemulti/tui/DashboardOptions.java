package dev.claudemulti.tui;

import java.nio.file.Path;

/**
 * @param exitWhenDone close the dashboard by itself once every session has ended
 * @param title        shown first in the header, e.g. "claude-multi"
 * @param stateDir     the state directory; a crash of the dashboard is logged to its orchestrator.log (may be null)
 */
public record DashboardOptions(boolean exitWhenDone, String title, Path stateDir) {
}
