package dev.claudemulti.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/** The state directory cannot be used; the message is one line for the user. */
public class StoreException extends Exception {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "cannot write /x/run.json: no space left on device": an I/O failure as one line. */
    static StoreException io(String action, Path path, IOException e) {
        return new StoreException(action + " " + path + ": " + reason(e), e);
    }

    /** The OS reason of an I/O failure in a few lower-case words, without the path it names. */
    static String reason(IOException e) {
        String text = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left")) {
            return "no space left on device";
        }
        if (lower.contains("read-only file system")) {
            return "read-only file system";
        }
        if (e instanceof AccessDeniedException
                || lower.contains("permission denied")
                || lower.contains("operation not permitted")) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException || lower.contains("not a directory")) {
            return "not a directory";
        }
        if (lower.contains("quota")) {
            return "disk quota exceeded";
        }
        return text == null || text.isBlank()
                ? e.getClass().getSimpleName()
                : text.lines().findFirst().orElse(text);
    }
}
