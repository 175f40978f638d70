package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one key table: it agrees with itself, with the help overlay and with the README. */
class KeyBindingsTest {
    private static final Pattern KEY_TOKEN = Pattern.compile("`([^`]+)`|([A-Za-z][A-Za-z-]*)");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** The names of the keys bound in {@code modes}. */
    private static Set<String> boundKeys(Set<KeyBindings.Mode> modes) {
        Set<String> out = new TreeSet<>();
        for (KeyBindings.Binding b : KeyBindings.ALL) {
            if (b.modes().stream().anyMatch(modes::contains)) {
                b.keys().forEach(k -> out.add(k.name()));
            }
        }
        return out;
    }

    private static List<String> readmeSection(String heading) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int start = lines.indexOf(heading);
        assertThat(start).as("README has the section " + heading).isNotNegative();
        List<String> out = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            out.add(lines.get(i));
        }
        return out;
    }

    @Test
    void theReadmesKeyTableNamesExactlyTheKeysOfTheTable() throws IOException {
        Set<String> readme = new TreeSet<>();
        boolean inTable = false;
        for (String line : readmeSection("## The dashboard")) {
            if (line.equals("| key | action |")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split(" \\| ", 2);
            Matcher keys = KEY_TOKEN.matcher(cells[0].substring(1));
            while (keys.find()) {
                readme.add(keys.group(1) != null ? keys.group(1) : keys.group(2));
            }
            Matcher inAction = CODE.matcher(cells[1]);
            while (inAction.find()) {
                readme.add(inAction.group(1));
            }
        }
        assertThat(readme).isEqualTo(boundKeys(Set.of(KeyBindings.Mode.TABLE, KeyBindings.Mode.ANYWHERE)));
    }

    @Test
    void theReadmeNamesTheTailViewsOwnKeys() throws IOException {
        String tailParagraph = readmeSection("## The dashboard").stream()
                .filter(l -> l.startsWith("The tail view ("))
                .findFirst()
                .orElseThrow();
        for (KeyBindings.Binding b : KeyBindings.ALL) {
            if (b.modes().equals(Set.of(KeyBindings.Mode.TAIL)) && b.help() != null) {
                assertThat(tailParagraph).contains("`" + b.keys().get(0).name() + "`");
            }
        }
    }

    @Test
    void everyHelpLineExplainsABoundKeyAndEveryHintedKeyIsBound() {
        Set<HelpLine> used = new HashSet<>();
        for (KeyBindings.Binding b : KeyBindings.ALL) {
            if (b.help() != null) {
                used.add(b.help());
            }
        }
        assertThat(used).containsExactlyInAnyOrder(HelpLine.values());
        List<String> overlay =
                HelpOverlay.rows(false).stream().map(r -> r[0] + " " + r[1]).toList();
        assertThat(overlay).contains("s K S r q ask y/n first any other key says no");
        List<String> withWorktrees =
                HelpOverlay.rows(true).stream().map(r -> r[0] + " " + r[1]).toList();
        assertThat(withWorktrees)
                .contains(
                        "s K S r m q ask y/n first any other key says no",
                        "↑ ↓ PgUp PgDn g G  Esc in the diff view: scroll, back");
    }

    @Test
    void noKeyMeansTwoThingsInOneMode() {
        for (KeyBindings.Mode mode : KeyBindings.Mode.values()) {
            Set<String> seen = new HashSet<>();
            for (KeyBindings.Binding b : KeyBindings.ALL) {
                if (b.modes().contains(mode)) {
                    b.keys()
                            .forEach(k -> assertThat(seen.add(k.name()))
                                    .as(mode + " " + k.name())
                                    .isTrue());
                }
            }
        }
    }

    @Test
    void keysMatchAsTheyAlwaysDid() {
        assertThat(KeyBindings.actionFor(KeyBindings.Mode.TABLE, new KeyStroke('K', false, false)))
                .isEqualTo(Action.KILL);
        assertThat(KeyBindings.actionFor(KeyBindings.Mode.TABLE, new KeyStroke('k', true, false)))
                .as("Ctrl-K is not k")
                .isNull();
        assertThat(KeyBindings.actionFor(KeyBindings.Mode.ANYWHERE, new KeyStroke('C', true, false)))
                .isEqualTo(Action.QUIT);
        assertThat(KeyBindings.actionFor(KeyBindings.Mode.TAIL, new KeyStroke('q', false, false)))
                .isEqualTo(Action.CLOSE_TAIL);
        assertThat(KeyBindings.actionFor(KeyBindings.Mode.STOPPING, new KeyStroke(KeyType.Enter)))
                .isNull();
    }
}
