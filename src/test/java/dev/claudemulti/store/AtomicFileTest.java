package dev.claudemulti.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    /** State files are private; a report the user asked for elsewhere follows the umask like any file. */
    @Test
    void stateFilesArePrivateAndAReportForTheUserFollowsTheUmask() throws IOException {
        Path state = dir.resolve("state.json");
        Path report = dir.resolve("report.xml");
        Path control = Files.createFile(dir.resolve("control"));
        AtomicFile.writeString(state, "s");
        AtomicFile.writeForUser(report, "r");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
                .isEqualTo("rw-------");
        assertThat(Files.getPosixFilePermissions(report)).isEqualTo(Files.getPosixFilePermissions(control));
        assertThat(Files.readString(report)).isEqualTo("r");
    }

    @Test
    void writesAndReplacesLeavingNoTempFile() throws IOException {
        Path target = dir.resolve("a.json");
        AtomicFile.writeString(target, "old");
        AtomicFile.writeString(target, "new content");
        assertThat(Files.readString(target)).isEqualTo("new content");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aCrashDuringReplacementAtAnyByteLeavesTheOldFile() throws Exception {
        RunStore run = new RunStore("20260101-000000-0000", dir);
        ObjectNode old = runInfo("old", 1);
        run.writeRunInfo(old);
        byte[] oldBytes = Files.readAllBytes(run.runInfoFile());
        byte[] next = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(runInfo("new ✓ ünïcode", 2));

        for (int len = 0; len <= next.length; len++) {
            // What a crash leaves behind: the old file, and a temp file with part of the new one.
            Path tmp = dir.resolve(".run.json." + Integer.toHexString(len) + ".tmp");
            Files.write(tmp, Arrays.copyOf(next, len));
            assertThat(AtomicFile.isTempFile(tmp)).isTrue();
            assertThat(run.readRunInfo()).as("leftover of %d bytes", len).isEqualTo(old);
            assertThat(Files.readAllBytes(run.runInfoFile())).isEqualTo(oldBytes);
            Files.delete(tmp);
        }
    }

    @Test
    void aTruncatedRunJsonReadsAsNullOrWholeNeverThrows() throws Exception {
        RunStore run = new RunStore("20260101-000000-0000", dir);
        ObjectNode info = runInfo("fix the \"login\" bug ✓", 3);
        run.writeRunInfo(info);
        byte[] whole = Files.readAllBytes(run.runInfoFile());
        int valid = 0;
        for (int len = 0; len <= whole.length; len++) {
            Files.write(run.runInfoFile(), Arrays.copyOf(whole, len));
            JsonNode read = run.readRunInfo();
            if (read != null) {
                assertThat(read).as("prefix of %d bytes", len).isEqualTo(info);
                valid++;
            }
        }
        // The whole file, and the whole file without its final newline.
        assertThat(valid).isEqualTo(2);
    }

    private static ObjectNode runInfo(String prompt, int parallel) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("run", "20260101-000000-0000");
        node.put("parallel", parallel);
        node.putArray("tasks").addObject().put("id", "a").put("prompt", prompt);
        return node;
    }
}
