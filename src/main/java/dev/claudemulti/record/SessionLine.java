package dev.claudemulti.record;

import java.nio.charset.StandardCharsets;

/**
 * Tells a journal's session line, and its task and attempt, from its bytes alone, as this release
 * writes them: {@code {"seq":N,"ts":"...","event":"session","schema_version":V,"task":"ID","attempt":A,...}}.
 * A fraction of what reading the line as JSON costs ({@link JournalEntries#replayLatest}). Any
 * line laid out otherwise (an earlier release's, a task id with an escape) is
 * {@link Kind#UNREADABLE}, never guessed at.
 */
final class SessionLine {
    enum Kind {
        SESSION,
        /** Another event's line. */
        OTHER,
        /** Not laid out as this release writes lines: it may be a session line. */
        UNREADABLE
    }

    private static final byte[] SEQ = bytes("{\"seq\":");
    private static final byte[] TS = bytes(",\"ts\":\"");
    private static final byte[] EVENT = bytes("\",\"event\":\"");
    private static final byte[] SESSION = bytes("session\",\"schema_version\":");
    private static final byte[] TASK = bytes(",\"task\":\"");
    private static final byte[] ATTEMPT = bytes("\",\"attempt\":");

    private static final byte[] SESSION_NAME = bytes("session\"");

    // A queued attempt that has not run yet, as the engine records every task at the start of a run.
    private static final byte[] FRESH_QUEUED = bytes(",\"state\":\"queued\",\"output_bytes\":0,\"turns\":0,"
            + "\"tokens\":{\"input\":0,\"output\":0,\"cache_read\":0,\"cache_write\":0}");
    /** The texts a fresh queued attempt may have, in the order they are written: session id, model. */
    private static final byte[][] OPTIONAL_TEXTS = {bytes(",\"session_id\":\""), bytes(",\"model\":\"")};

    private static final byte[] CRC = bytes(",\"crc\":\"");

    /** What one line is: a session line's task and attempt are set, and only then. */
    record Read(Kind kind, String task, int attempt) {
        static final Read OTHER = new Read(Kind.OTHER, null, 0);
        static final Read UNREADABLE = new Read(Kind.UNREADABLE, null, 0);
    }

    private SessionLine() {}

    /** The line's kind, and for a session line its task and attempt, in one pass over its first bytes. */
    static Read read(byte[] line) {
        int at = afterEvent(line);
        if (at < 0) {
            return Read.UNREADABLE;
        }
        if (!startsWith(line, at, SESSION)) {
            // Another event, unless it is a session line laid out otherwise.
            return startsWith(line, at, SESSION_NAME) ? Read.UNREADABLE : Read.OTHER;
        }
        at = afterDigits(line, at + SESSION.length);
        if (at < 0 || !startsWith(line, at, TASK)) {
            return Read.UNREADABLE;
        }
        int from = at + TASK.length;
        int to = from;
        while (to < line.length && line[to] != '"' && line[to] != '\\') {
            to++;
        }
        int attempt = to == from || !startsWith(line, to, ATTEMPT) ? -1 : attemptAt(line, to + ATTEMPT.length);
        return attempt < 0
                ? Read.UNREADABLE
                : new Read(Kind.SESSION, new String(line, from, to - from, StandardCharsets.UTF_8), attempt);
    }

    /**
     * The entry of a line that records a fresh queued attempt exactly as this release writes one
     * (state queued, no figures, at most a session id and a model, every text plain ASCII without
     * escapes), read from its bytes; null for any other line, which is then read as JSON. A run of a
     * thousand tasks starts with a thousand such lines, and status reads those of every task not
     * started yet: as JSON they were a fifth of its time. Equal to what the JSON reader makes of
     * the line (SessionLineTest holds the two equal on the lines the engine writes).
     */
    static JournalEntry.Recorded freshQueued(byte[] line) {
        int event = afterEvent(line);
        if (event < 0 || !startsWith(line, event, SESSION)) {
            return null;
        }
        // afterEvent found seq's digits and ts's closing quote: as plain as the texts below?
        int seqEnd = afterDigits(line, SEQ.length);
        int tsFrom = seqEnd + TS.length;
        int tsTo = event - EVENT.length;
        if (seqEnd - SEQ.length > 18 || leadingZero(line, SEQ.length, seqEnd) || plainTextEnd(line, tsFrom) != tsTo) {
            return null;
        }
        int versionFrom = event + SESSION.length;
        int versionTo = afterDigits(line, versionFrom);
        if (versionTo < 0
                || versionTo - versionFrom > 9
                || leadingZero(line, versionFrom, versionTo)
                || !startsWith(line, versionTo, TASK)) {
            return null;
        }
        int taskFrom = versionTo + TASK.length;
        int taskTo = plainTextEnd(line, taskFrom);
        if (taskTo <= taskFrom || !startsWith(line, taskTo, ATTEMPT)) {
            return null;
        }
        int attemptFrom = taskTo + ATTEMPT.length;
        int attempt = attemptAt(line, attemptFrom);
        int at = attempt < 0 ? -1 : afterDigits(line, attemptFrom);
        if (at < 0 || leadingZero(line, attemptFrom, at) || !startsWith(line, at, FRESH_QUEUED)) {
            return null;
        }
        at += FRESH_QUEUED.length;
        String[] texts = new String[OPTIONAL_TEXTS.length]; // each may be missing, the others keep their order
        for (int k = 0; k < OPTIONAL_TEXTS.length; k++) {
            if (startsWith(line, at, OPTIONAL_TEXTS[k])) {
                int from = at + OPTIONAL_TEXTS[k].length;
                int to = plainTextEnd(line, from);
                if (to < 0) {
                    return null;
                }
                texts[k] = ascii(line, from, to);
                at = to + 1;
            }
        }
        // Nothing after the fields above but the checksum that ends every line.
        if (!startsWith(line, at, CRC)
                || plainTextEnd(line, at + CRC.length) != line.length - 2
                || line[line.length - 1] != '}') {
            return null;
        }
        SessionRecord session = SessionRecord.freshQueued(ascii(line, taskFrom, taskTo), attempt, texts[0], texts[1]);
        return new JournalEntry.Recorded(
                Long.parseLong(ascii(line, SEQ.length, seqEnd)),
                ascii(line, tsFrom, tsTo),
                Integer.parseInt(ascii(line, versionFrom, versionTo)),
                new JournalEntry.SessionChanged(session, null, null, null));
    }

    /**
     * Where the JSON string whose text starts at {@code from} ends (its closing quote), if that text
     * is printable ASCII without escapes; -1 otherwise.
     */
    private static int plainTextEnd(byte[] line, int from) {
        for (int i = from; i < line.length; i++) {
            byte b = line[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\' || b < 0x20 || b > 0x7e) {
                return -1;
            }
        }
        return -1;
    }

    /** True if the number from {@code from} to {@code to} has a leading zero, which JSON refuses (the line is then unreadable). */
    private static boolean leadingZero(byte[] line, int from, int to) {
        return to - from > 1 && line[from] == '0';
    }

    private static String ascii(byte[] line, int from, int to) {
        return new String(line, from, to - from, StandardCharsets.US_ASCII);
    }

    /** Where the event's name starts, or -1 if the line does not start with seq and ts as written here. */
    private static int afterEvent(byte[] line) {
        if (!startsWith(line, 0, SEQ)) {
            return -1;
        }
        int at = afterDigits(line, SEQ.length);
        if (at < 0 || !startsWith(line, at, TS)) {
            return -1;
        }
        at += TS.length;
        while (at < line.length && line[at] != '"' && line[at] != '\\') {
            at++;
        }
        return startsWith(line, at, EVENT) ? at + EVENT.length : -1;
    }

    /** The attempt number at {@code at}, ended by ',' or '}'; -1 if there is none or it is too long to be one. */
    private static int attemptAt(byte[] line, int at) {
        int end = afterDigits(line, at);
        if (end < 0 || end - at > 9 || end >= line.length || (line[end] != ',' && line[end] != '}')) {
            return -1;
        }
        int v = 0;
        for (int i = at; i < end; i++) {
            v = v * 10 + (line[i] - '0');
        }
        return v;
    }

    /** Where the run of digits at {@code at} ends; -1 if there is none. */
    private static int afterDigits(byte[] line, int at) {
        int i = at;
        while (i < line.length && line[i] >= '0' && line[i] <= '9') {
            i++;
        }
        return i == at ? -1 : i;
    }

    private static boolean startsWith(byte[] line, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > line.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
