package dev.claudemulti.agent;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A session's cost so far, estimated live from the usage its stream reports, before claude gives
 * its own figure in the result line (which then wins).
 *
 * <p>Each assistant message is counted once, by its id: claude writes one line per content block,
 * each repeating the message's usage, so the latest figures of a message replace the earlier ones.
 * claude writes a message's lines before the API has sent its final output count (the lines carry
 * the count of the response's start, usually 1): the output tokens of a message are taken as the
 * larger of the reported count and its content length at {@value #CHARS_PER_TOKEN} characters a
 * token. Input and cache tokens, which are most of an agent's cost, are exact.
 *
 * <p>A message of a model the price table does not know makes the estimate unknown ({@link #usd()}
 * null) rather than wrong. Not thread-safe: fed by the thread that parses the session's output.
 */
public final class CostEstimate {
    /** Roughly how many characters of English or code one output token holds. */
    public static final int CHARS_PER_TOKEN = 4;

    /** Asked at the first usage only: the built-in table is read from the jar, which a run need not open before. */
    private final Supplier<Pricing> pricing;

    private String defaultModel;
    private final Map<String, Message> messages = new HashMap<>();
    private double estimated;
    private String unknownModel;
    private Double reported;

    private record Message(long chars, double usd) {}

    /** @param model the model the session was started with (an alias is fine), until its stream names one */
    public CostEstimate(Supplier<Pricing> pricing, String model) {
        this.pricing = pricing;
        this.defaultModel = model;
    }

    /** Applies one event of the session's stream. */
    public void accept(SessionEvent event) {
        if (event instanceof SessionEvent.Init init && init.model() != null) {
            defaultModel = init.model();
        } else if (event instanceof SessionEvent.Usage u) {
            addUsage(u);
        } else if (event instanceof SessionEvent.Result r && r.costUsd() != null) {
            reported = r.costUsd();
        }
    }

    private void addUsage(SessionEvent.Usage u) {
        String model = u.model() != null ? u.model() : defaultModel;
        Pricing.Price price = pricing.get().forModel(model);
        if (price == null) {
            if (unknownModel == null) {
                unknownModel = model == null ? "(none named)" : model;
            }
            return;
        }
        Message before = u.messageId() == null ? null : messages.get(u.messageId());
        long chars = (before == null ? 0 : before.chars()) + u.contentChars();
        Tokens t = u.tokens();
        long outputFromLength = (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
        Tokens counted = new Tokens(t.input(), Math.max(t.output(), outputFromLength), t.cacheRead(), t.cacheWrite());
        double usd = price.usd(counted);
        estimated += usd - (before == null ? 0 : before.usd());
        if (u.messageId() != null) {
            messages.put(u.messageId(), new Message(chars, usd));
        }
    }

    /**
     * The cost in USD: claude's own figure once the result line gave it, else the estimate; null
     * when a message's model has no price (see {@link #unknownModel()}).
     */
    public Double usd() {
        if (reported != null) {
            return reported;
        }
        return unknownModel != null ? null : estimated;
    }

    /** Whether {@link #usd()} is claude's own figure rather than an estimate. */
    public boolean reported() {
        return reported != null;
    }

    /** The first model seen that has no price, or null. */
    public String unknownModel() {
        return unknownModel;
    }
}
