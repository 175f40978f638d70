package dev.claudemulti.task;

import static dev.claudemulti.task.BadTaskFileTest.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the bytes come from, how many are read, and how they are decoded. */
class TaskFileInputTest {
    @TempDir
    Path dir;

    @Test
    void stopsReadingAHundredMegabyteFileAtTheLimit() throws Exception {
        Path big = dir.resolve("tasks.json");
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write("[{\"id\": \"a\", \"prompt\": \"".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 100; i++) {
                out.write(chunk);
            }
            out.write("\"}]".getBytes(StandardCharsets.US_ASCII));
        }

        assertThatThrownBy(() -> TaskFile.load("tasks.json", null, dir))
                .isInstanceOf(TaskFileException.class)
                .hasMessage("tasks.json: file is larger than 16 MiB");
    }

    @Test
    void stopsReadingEndlessStandardInputAtTheLimit() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return ' ';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) ' ');
                return len;
            }
        };

        assertThatThrownBy(() -> TaskFile.load("-", endless, dir)).hasMessage("<stdin>: input is larger than 16 MiB");
    }

    @Test
    void rejectsTooManyBytesHandedToParse() {
        byte[] json = new byte[TaskFileInput.MAX_BYTES + 1];
        Arrays.fill(json, (byte) ' ');

        assertThat(problems(json)).containsExactly("t.json: file is larger than 16 MiB");
    }

    @Test
    void reportsInvalidUtf8WithItsPosition() {
        byte[] json = bytes("[{\"id\": \"a\", \"prompt\": \"", 0xFF, "\"}]");

        assertThat(problems(json)).containsExactly("t.json:1:25: invalid UTF-8 (byte 0xFF); save the file as UTF-8");
    }

    @Test
    void countsColumnsInCharactersBeforeInvalidUtf8() {
        byte[] json = bytes("[\n {\"id\": \"\u00e9", 0xC3, 0x28, "\"}]");

        assertThat(problems(json)).containsExactly("t.json:2:11: invalid UTF-8 (byte 0xC3); save the file as UTF-8");
    }

    @Test
    void rejectsOverlongAndSurrogateEncodings() {
        assertThat(problems(bytes("[\"", 0xC0, 0xAF, "\"]")))
                .containsExactly("t.json:1:3: invalid UTF-8 (byte 0xC0); save the file as UTF-8");
        assertThat(problems(bytes("[\"", 0xED, 0xA0, 0x80, "\"]")))
                .containsExactly("t.json:1:3: invalid UTF-8 (byte 0xED); save the file as UTF-8");
    }

    @Test
    void rejectsASequenceCutOffAtTheEnd() {
        assertThat(problems(bytes("[\"", 0xE2, 0x82)))
                .containsExactly("t.json:1:3: invalid UTF-8 (byte 0xE2); save the file as UTF-8");
    }

    @Test
    void namesUtf16() {
        assertThat(problems("[]".getBytes(StandardCharsets.UTF_16)))
                .containsExactly("t.json: the file is UTF-16; save it as UTF-8");
    }

    @Test
    void namesTheSourceInEveryProblem() {
        assertThatThrownBy(() -> TaskFile.load("[]", null, dir))
                .hasMessage("<inline>:1:1: no tasks: the task list is empty");
        assertThatThrownBy(() -> TaskFile.load("-", new ByteArrayInputStream(new byte[0]), dir))
                .hasMessage("<stdin>: the file is empty; expected a JSON array of tasks");
    }

    @Test
    void reportsAnUnreadableFile() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root reads every file").isNotEqualTo("root");
        Path file = Files.writeString(dir.resolve("secret.json"), "[]");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));

        assertThatThrownBy(() -> TaskFile.load("secret.json", null, dir)).hasMessage("secret.json: permission denied");
    }

    @Test
    void showsControlCharactersInAPathEscaped() {
        assertThatThrownBy(() -> TaskFile.load("a\nb.json", null, dir)).hasMessage("a\\u000ab.json: no such file");
    }

    @Test
    void capsTheNumberOfProblemsShown() {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\": \"../").append(i).append("\", \"prompt\": \"p\"}");
        }
        var problems = problems(json.append("]").toString().getBytes(StandardCharsets.UTF_8));

        assertThat(problems).hasSize(51).last().isEqualTo("t.json: 10 more problems not shown");
    }

    /** Text and raw bytes, in order, as one UTF-8 byte array. */
    private static byte[] bytes(Object... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }
}
