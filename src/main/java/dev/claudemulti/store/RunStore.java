package dev.claudemulti.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * One run's directory: {@code run.json}, {@code journal.jsonl} and {@code sessions/<task-id>/}.
 * Attempt 1 of a task keeps its files directly in {@code sessions/<task-id>/}; attempt N > 1 in
 * {@code sessions/<task-id>/attempt-N/}, so a retry never overwrites earlier output.
 */
public final class RunStore {
    public String runId() {
        throw new UnsupportedOperationException("TODO");
    }

    public Path dir() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Replaces run.json atomically. Secret-looking keys anywhere in it are redacted first. */
    public void writeRunInfo(ObjectNode runInfo) throws StoreException {
        throw new UnsupportedOperationException("TODO");
    }

    /** run.json, or null if missing or unreadable (a torn write leaves the old file, never half of one). */
    public JsonNode readRunInfo() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The journal, opened for appending (created if missing). */
    public Journal journal() throws StoreException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Path of the journal file, for readers that only replay it. */
    public Path journalFile() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The files of one attempt of one task. Creates nothing. */
    public SessionFiles session(String taskId, int attempt) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Creates the attempt's directory and writes prompt.txt (atomically). */
    public SessionFiles prepareSession(String taskId, int attempt, String prompt) throws StoreException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Replaces the attempt's session.json atomically (redacted like run.json). */
    public void writeSessionInfo(SessionFiles files, ObjectNode info) throws StoreException {
        throw new UnsupportedOperationException("TODO");
    }

    /** The attempt's session.json, or null. */
    public JsonNode readSessionInfo(SessionFiles files) {
        throw new UnsupportedOperationException("TODO");
    }
}
