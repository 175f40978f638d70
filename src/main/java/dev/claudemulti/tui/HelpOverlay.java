package dev.claudemulti.tui;

import dev.claudemulti.display.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * The "?" box over the current screen: the {@link HelpLine}s of the table, then of the tail view
 * (and of the diff view),
 * then which keys ask y/n first (from {@link KeyBindings}). Any key closes it. The diff and merge
 * keys are left out while no session has a worktree, so such a run's help reads as it always did.
 */
final class HelpOverlay {
    private HelpOverlay() {}

    /**
     * The overlay's rows as {keys, text} pairs, blank rows and headings included. {@code workspaces}:
     * some session has a worktree, so the diff and merge keys are explained too.
     */
    static List<String[]> rows(boolean workspaces) {
        List<String[]> out = new ArrayList<>();
        for (HelpLine h : HelpLine.values()) {
            if (h.section == HelpLine.Section.TABLE && h.shown(workspaces)) {
                out.add(new String[] {h.keys, h.text});
            }
        }
        out.add(new String[] {"", ""});
        out.add(new String[] {"in the tail view", ""});
        // The diff view's keys follow without a heading of their own: with one, the box would
        // outgrow a 24-row terminal.
        for (HelpLine h : HelpLine.values()) {
            if ((h.section == HelpLine.Section.TAIL || h.section == HelpLine.Section.DIFF) && h.shown(workspaces)) {
                out.add(new String[] {h.keys, h.text});
            }
        }
        out.add(new String[] {"", ""});
        out.add(new String[] {
            String.join(" ", KeyBindings.askingTableKeys(workspaces)) + " ask y/n first", "any other key says no"
        });
        return out;
    }

    static void draw(Canvas c, boolean workspaces) {
        List<String[]> help = rows(workspaces);
        int keyW = 0;
        int textW = 0;
        for (String[] h : help) {
            keyW = Math.max(keyW, Text.width(h[0]));
            textW = Math.max(textW, Text.width(h[1]));
        }
        int w = Math.min(c.cols - 2, keyW + textW + 6);
        int h = Math.min(c.rows - 2, help.size() + 4);
        int x0 = (c.cols - w) / 2;
        int y0 = (c.rows - h) / 2;
        for (int y = y0; y < y0 + h; y++) {
            c.fill(x0, y, w, Theme.BOX);
        }
        c.put(x0 + 2, y0 + 1, "keys", Theme.BOX_KEY, w - 4);
        for (int i = 0; i < help.size() && y0 + 2 + i < y0 + h - 1; i++) {
            int y = y0 + 2 + i;
            c.put(x0 + 2, y, help.get(i)[0], Theme.BOX_KEY, keyW);
            c.put(x0 + 4 + keyW, y, help.get(i)[1], Theme.BOX, w - keyW - 6);
        }
        String close = "any key closes";
        c.put(x0 + w - 2 - Text.width(close), y0 + h - 1, close, Theme.BOX, w - 4);
    }
}
