package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudemulti.workspace.SessionWorkspace;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session's diff spooled to a temp file and read back a page at a time. */
class DiffDocumentTest {
    @TempDir
    Path dir;

    @Test
    void aLongDiffIsIndexedAndReadBackFromAnyLine() throws Exception {
        GitFixture git = GitFixture.create(dir, Map.of("a.txt", "a\n"));
        String big =
                IntStream.rangeClosed(1, 20_000).mapToObj(i -> "row " + i).collect(Collectors.joining("\n", "", "\n"));
        SessionWorkspace ws = git.session("claude-multi/r/big", Map.of("big.txt", big));
        DiffDocument doc = DiffDocument.open(ws, () -> {});
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!doc.complete() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(doc.complete()).isTrue();
            assertThat(doc.failure()).isNull();
            // stat (2 lines), a blank line, 5 header lines, the hunk header, then one line per row
            assertThat(doc.lineCount()).isEqualTo(3 + 5 + 1 + 20_000);
            assertThat(doc.lines(0, 1).get(0)).contains("big.txt").contains("20000");
            assertThat(doc.lines(doc.lineCount() - 2, 5)).containsExactly("+row 19999", "+row 20000");
            assertThat(doc.lines(9 + 9_999, 1)).containsExactly("+row 10000");
        } finally {
            doc.close();
        }
    }

    @Test
    void aFailingGitSaysSoInsteadOfShowingNothing() throws Exception {
        GitFixture git = GitFixture.create(dir, Map.of("a.txt", "a\n"));
        SessionWorkspace ws =
                new SessionWorkspace(dir.toString(), dir.toString(), "b", git.base, "0123456789abcdef", null);
        DiffDocument doc = DiffDocument.open(ws, () -> {});
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!doc.complete() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(doc.failure()).startsWith("git diff failed (exit ");
            assertThat(doc.lineCount()).isZero();
        } finally {
            doc.close();
        }
    }
}
