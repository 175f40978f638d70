package dev.claudemulti.engine;

import dev.claudemulti.agent.SessionEvent;
import dev.claudemulti.agent.Text;
import dev.claudemulti.store.SessionFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Why a session failed, in one line: Claude's result subtypes and errors, else the last line of
 * its stderr or output. Claude-specific: it moves to the agent's outcome classification, and this
 * class then goes.
 */
final class FailureReason {
    private FailureReason() {
    }

    static String of(SessionEvent.Result result, int exitCode, SessionFiles files, String lastUnparsed) {
        if (result != null && (result.isError() || !"success".equals(result.subtype()))) {
            // An API error ends with subtype "success" and is_error true: "success: API Error ..." would mislead.
            String kind = result.subtype() == null || "success".equals(result.subtype())
                    ? (result.terminalReason() == null ? "error" : result.terminalReason())
                    : result.subtype();
            StringBuilder b = new StringBuilder(kind);
            if (result.errors() != null && !result.errors().isEmpty()) {
                b.append(": ").append(String.join("; ", result.errors()));
            } else if (result.result() != null && !result.result().isBlank()) {
                b.append(": ").append(result.result());
            }
            if (result.apiErrorStatus() != null) {
                b.append(" (HTTP ").append(result.apiErrorStatus()).append(')');
            }
            return oneLine(b.toString());
        }
        String detail = lastLine(files == null ? null : files.stderr());
        if (detail == null) {
            detail = lastUnparsed;
        }
        String base = result == null ? (exitCode == 0 ? "no result line" : "exit code " + exitCode) : "exit code " + exitCode;
        return oneLine(detail == null || detail.isBlank() ? base : base + ": " + detail);
    }

    /** Last non-blank line of a file, reading only its tail: stderr can be large. */
    static String lastLine(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, 4096);
            byte[] tail = new byte[n];
            f.seek(len - n);
            f.readFully(tail);
            String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (!lines[i].isBlank()) {
                    return lines[i].strip();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** A failure reason: one clean line of at most 300 characters. */
    static String oneLine(String s) {
        return s == null ? "unknown error" : Text.oneLine(s, 300);
    }
}
