package dev.claudemulti.task;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Gets the bytes of a task file from where the command line says, and turns them into text. */
final class TaskFileInput {
    /** More than any real task file; stops a mistaken path such as /dev/zero or a log file from eating memory. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    static final String MAX_SHOWN = "16 MiB";
    static final String STDIN = "<stdin>";
    static final String INLINE = "<inline>";

    record Raw(String sourceName, byte[] bytes) {}

    private TaskFileInput() {}

    static Raw read(String argument, InputStream stdin, Path baseDir) throws TaskFileException {
        if (argument == null || argument.isBlank()) {
            throw new TaskFileException(
                    List.of("no task file given: pass a path, '-' for standard input, or the JSON itself"));
        }
        String stripped = argument.stripLeading();
        if (stripped.startsWith("[") || stripped.startsWith("{")) {
            return new Raw(INLINE, argument.getBytes(StandardCharsets.UTF_8));
        }
        if (argument.equals("-")) {
            if (stdin == null) {
                throw Problems.single(STDIN, "no standard input");
            }
            return new Raw(STDIN, readCapped(STDIN, stdin));
        }
        String source = Quoted.controls(argument);
        Path path;
        try {
            path = baseDir.resolve(argument);
        } catch (InvalidPathException e) {
            throw Problems.single(source, "not a valid path");
        }
        if (Files.isDirectory(path)) {
            throw Problems.single(source, "is a directory, not a task file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return new Raw(source, readCapped(source, in));
        } catch (NoSuchFileException e) {
            throw Problems.single(source, "no such file");
        } catch (AccessDeniedException e) {
            throw Problems.single(source, "permission denied");
        } catch (FileSystemException e) {
            String reason = e.getReason();
            throw Problems.single(
                    source,
                    "cannot read: " + (reason != null ? reason : e.getClass().getSimpleName()));
        } catch (IOException e) {
            throw Problems.single(source, "cannot read: " + e.getMessage());
        }
    }

    private static byte[] readCapped(String source, InputStream in) throws TaskFileException {
        byte[] bytes;
        try {
            // One byte more than allowed tells "exactly at the limit" from "over it" without reading on.
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw Problems.single(source, "cannot read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(source);
        }
        return bytes;
    }

    private static TaskFileException tooLarge(String source) {
        String what = source.equals(STDIN) || source.equals(INLINE) ? "input" : "file";
        return Problems.single(source, what + " is larger than " + MAX_SHOWN);
    }

    /** Decodes strict UTF-8. A UTF-8 byte order mark at the start is accepted and dropped: some Windows editors write one. */
    static String decode(String source, byte[] bytes) throws TaskFileException {
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(source);
        }
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            start = 3;
        } else if (bytes.length >= 2
                && ((bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF
                        || (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE)) {
            throw Problems.single(source, "the file is UTF-16; save it as UTF-8");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int bad = bytes[in.position()] & 0xff;
            Position at = Position.in(out.flip(), out.limit());
            throw Problems.single(
                    source + ":" + at,
                    "invalid UTF-8 (byte 0x" + String.format("%02X", bad) + "); save the file as UTF-8");
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
