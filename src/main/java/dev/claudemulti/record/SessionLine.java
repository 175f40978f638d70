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
