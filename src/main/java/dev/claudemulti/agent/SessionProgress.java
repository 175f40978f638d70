package dev.claudemulti.agent;

import dev.claudemulti.display.Text;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Folds a session's events into the live figures the table shows. Not thread-safe: owned by
 * the thread that parses the session's output; readers take the values it returns.
 */
public final class SessionProgress {
    /** Bound on {@link #activity()}, in characters. */
    public static final int MAX_ACTIVITY_CHARS = 80;

    private static final int TEXT_ACTIVITY_CHARS = 60;

    /** The activity while the account's rate limit refuses requests. */
    static final String RATE_LIMITED_ACTIVITY = "rate limited";

    private final Set<String> messageIds = new HashSet<>();
    private int anonymousMessages;
    private Tokens finishedMessages = Tokens.ZERO;
    private String currentMessageId;
    private Tokens currentMessage = Tokens.ZERO;
    private String activity = "";
    private String sessionId;
    private String model;
    private SessionEvent.Result result;
    private SessionEvent.ApiRetry lastApiRetry;
    private SessionEvent.RateLimit lastRejectedRateLimit;

    /**
     * Applies one event. Returns true if anything visible changed, {@link #lastApiRetry()} and
     * {@link #lastRejectedRateLimit()} included (each new such event counts, even when equal to the last).
     */
    public boolean accept(SessionEvent event) {
        if (event == null) {
            return false;
        }
        int turnsBefore = turns();
        Tokens tokensBefore = tokens();
        Double costBefore = costUsd();
        String activityBefore = activity;
        String sessionBefore = sessionId;
        String modelBefore = model;
        boolean retryOrLimit = false;

        if (event instanceof SessionEvent.Init init) {
            sessionId = init.sessionId();
            model = init.model();
        } else if (event instanceof SessionEvent.AssistantText t) {
            countMessage(t.messageId());
            String line = Text.oneLine(t.text(), TEXT_ACTIVITY_CHARS);
            if (!line.isEmpty()) {
                activity = line;
            }
        } else if (event instanceof SessionEvent.ToolUse u) {
            countMessage(u.messageId());
            activity = toolActivity(u.name(), u.summary());
        } else if (event instanceof SessionEvent.Usage u) {
            countMessage(u.messageId());
            addUsage(u.messageId(), u.tokens());
        } else if (event instanceof SessionEvent.ApiRetry retry) {
            lastApiRetry = retry;
            retryOrLimit = true;
            activity = Text.oneLine(retry.describe(), MAX_ACTIVITY_CHARS);
        } else if (event instanceof SessionEvent.RateLimit limit && limit.rejected()) {
            lastRejectedRateLimit = limit;
            retryOrLimit = true;
            activity = RATE_LIMITED_ACTIVITY;
        } else if (event instanceof SessionEvent.Result r) {
            result = r;
            if (sessionId == null) {
                sessionId = r.sessionId();
            }
            activity = resultActivity(r);
        }
        return retryOrLimit
                || turnsBefore != turns()
                || !Objects.equals(tokensBefore, tokens())
                || !Objects.equals(costBefore, costUsd())
                || !activity.equals(activityBefore)
                || !Objects.equals(sessionBefore, sessionId)
                || !Objects.equals(modelBefore, model);
    }

    /** Assistant turns so far (distinct assistant messages), or the result's num_turns once known. */
    public int turns() {
        if (result != null && result.numTurns() != null) {
            return result.numTurns();
        }
        return messageIds.size() + anonymousMessages;
    }

    /** total_cost_usd of the result line; null before it. */
    public Double costUsd() {
        return result == null ? null : result.costUsd();
    }

    /** Token totals: from the result's usage once known, else summed from assistant messages seen so far. */
    public Tokens tokens() {
        if (result != null && result.tokens() != null) {
            return result.tokens();
        }
        return finishedMessages.plus(currentMessage);
    }

    /** One short line, control characters removed: "Bash: npm test", "Edit src/a.ts", or the first words of text. */
    public String activity() {
        return activity;
    }

    public String sessionId() {
        return sessionId;
    }

    public String model() {
        return model;
    }

    /** The result line, or null if none was seen. */
    public SessionEvent.Result result() {
        return result;
    }

    /**
     * The last {@code api_retry} claude reported (it retries on its own before giving up), or null.
     * Kept for the rest of the attempt: a later success does not clear it.
     */
    public SessionEvent.ApiRetry lastApiRetry() {
        return lastApiRetry;
    }

    /**
     * The last rate-limit event whose status was {@code rejected}, or null: the account is refused
     * until its {@code resetsAt}. Events with other statuses ("allowed", "allowed_warning") are not
     * kept. Kept for the rest of the attempt.
     */
    public SessionEvent.RateLimit lastRejectedRateLimit() {
        return lastRejectedRateLimit;
    }

    /** "Bash: npm test" for commands, "Edit src/a.ts" for file tools, "Grep: TODO" for the rest. */
    public static String toolActivity(String name, String summary) {
        String n = Text.oneLine(name, 40);
        String s = Text.oneLine(summary, MAX_ACTIVITY_CHARS);
        String line;
        if (s.isEmpty()) {
            line = n;
        } else if (isFileTool(name)) {
            line = n + " " + s;
        } else {
            line = n + ": " + s;
        }
        return Text.truncate(line, MAX_ACTIVITY_CHARS);
    }

    static boolean isFileTool(String name) {
        return switch (name == null ? "" : name) {
            case "Edit", "MultiEdit", "Write", "Read", "NotebookEdit", "NotebookRead" -> true;
            default -> false;
        };
    }

    private static String resultActivity(SessionEvent.Result r) {
        if (r.isError()) {
            String why = !r.errors().isEmpty()
                    ? r.errors().get(0)
                    : r.result() != null ? r.result() : r.terminalReason() != null ? r.terminalReason() : "";
            String head = r.subtype() == null || "success".equals(r.subtype()) ? "error" : r.subtype();
            return Text.oneLine(why.isEmpty() ? head : head + ": " + why, MAX_ACTIVITY_CHARS);
        }
        String text = Text.oneLine(r.result(), TEXT_ACTIVITY_CHARS);
        return text.isEmpty() ? "done" : text;
    }

    private void countMessage(String messageId) {
        if (messageId == null) {
            return;
        }
        messageIds.add(messageId);
    }

    /** The CLI repeats a message's usage on each of its lines: the latest figures of a message replace earlier ones. */
    private void addUsage(String messageId, Tokens t) {
        if (messageId == null) {
            anonymousMessages++;
            finishedMessages = finishedMessages.plus(t);
            return;
        }
        if (!messageId.equals(currentMessageId)) {
            finishedMessages = finishedMessages.plus(currentMessage);
            currentMessageId = messageId;
        }
        currentMessage = t;
    }
}
