package dev.claudemulti.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prices per model, from one JSON file (the built-in {@code dev/claudemulti/prices.json}, or a
 * file of the same shape): USD per million input, output, cache-read and cache-write tokens.
 *
 * <p>A model is found by its exact id, by an alias ({@code sonnet}), or by the longest listed id
 * it starts with followed by {@code -} (a dated id such as {@code claude-sonnet-4-5-20250929} takes
 * {@code claude-sonnet-4-5}). A suffix in brackets ({@code [1m]}) and a provider prefix before
 * {@code claude-} ({@code us.anthropic.}) are ignored. Anything else has no price: callers make no
 * estimate rather than guess.
 */
public final class Pricing {
    /** The resource every estimate uses unless another file is given. */
    public static final String RESOURCE = "/dev/claudemulti/prices.json";

    private static volatile Pricing builtIn;

    private final Map<String, Price> models;
    private final Map<String, String> aliases;

    private Pricing(Map<String, Price> models, Map<String, String> aliases) {
        this.models = models;
        this.aliases = aliases;
    }

    /** Prices of one model in USD per million tokens; {@code longPrompt} (nullable) applies above a prompt size. */
    public record Price(
            double input, double output, double cacheRead, double cacheWrite, long longPromptAbove, Price longPrompt) {
        /** What one API response with these token counts costs, in USD. */
        public double usd(Tokens t) {
            long prompt = t.input() + t.cacheRead() + t.cacheWrite();
            Price p = longPrompt != null && prompt > longPromptAbove ? longPrompt : this;
            return (t.input() * p.input
                            + t.output() * p.output
                            + t.cacheRead() * p.cacheRead
                            + t.cacheWrite() * p.cacheWrite)
                    / 1_000_000.0;
        }
    }

    /** The built-in table. */
    public static Pricing builtIn() {
        Pricing p = builtIn;
        if (p == null) {
            try (InputStream in = Pricing.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
                }
                p = parse(in, RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InvalidPrices e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            builtIn = p;
        }
        return p;
    }

    /** A price file that cannot be used; the message is one line that names the file and what is wrong. */
    public static final class InvalidPrices extends Exception {
        InvalidPrices(String message) {
            super(message);
        }
    }

    /**
     * Reads a price table: {@code {"models": {ID: {"input", "output", "cache_read", "cache_write",
     * "long_prompt"?}}, "aliases": {NAME: ID}}}. Every price must be a number of at least 0.
     *
     * @param source how to name the file in messages
     */
    public static Pricing parse(InputStream in, String source) throws IOException, InvalidPrices {
        JsonNode root;
        try {
            root = dev.claudemulti.store.JsonTree.parse(in);
        } catch (JsonProcessingException e) {
            throw new InvalidPrices(source + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null
                || !root.path("models").isObject()
                || root.path("models").isEmpty()) {
            throw new InvalidPrices(source + ": needs an object \"models\" with at least one model");
        }
        Map<String, Price> models = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("models").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = source + ": models." + e.getKey();
            Price price = price(e.getValue(), where);
            JsonNode lp = e.getValue().path("long_prompt");
            if (!lp.isMissingNode()) {
                long above = lp.path("above_prompt_tokens").asLong(-1);
                if (above <= 0) {
                    throw new InvalidPrices(where + ".long_prompt: needs above_prompt_tokens > 0");
                }
                price = new Price(
                        price.input(),
                        price.output(),
                        price.cacheRead(),
                        price.cacheWrite(),
                        above,
                        price(lp, where + ".long_prompt"));
            }
            models.put(e.getKey().toLowerCase(Locale.ROOT), price);
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("aliases").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String target = e.getValue().asText("").toLowerCase(Locale.ROOT);
            if (!models.containsKey(target)) {
                throw new InvalidPrices(
                        source + ": aliases." + e.getKey() + " names no model in \"models\": " + e.getValue());
            }
            aliases.put(e.getKey().toLowerCase(Locale.ROOT), target);
        }
        return new Pricing(Map.copyOf(models), Map.copyOf(aliases));
    }

    private static Price price(JsonNode node, String where) throws InvalidPrices {
        double[] v = new double[4];
        String[] names = {"input", "output", "cache_read", "cache_write"};
        for (int i = 0; i < names.length; i++) {
            JsonNode n = node.path(names[i]);
            if (!n.isNumber() || n.asDouble() < 0) {
                throw new InvalidPrices(
                        where + ": \"" + names[i] + "\" must be a number of USD per million tokens, at least 0");
            }
            v[i] = n.asDouble();
        }
        return new Price(v[0], v[1], v[2], v[3], 0, null);
    }

    /** The price of a model (id or alias), or null if the table has none. */
    public Price forModel(String model) {
        String id = canonical(model);
        return id == null ? null : models.get(id);
    }

    /** The table's id for a model name, or null: exact, alias, then the longest listed id it extends. */
    public String canonical(String model) {
        if (model == null || model.isBlank()) {
            return null;
        }
        String m = model.strip().toLowerCase(Locale.ROOT);
        int bracket = m.indexOf('[');
        if (bracket > 0) {
            m = m.substring(0, bracket);
        }
        String alias = aliases.get(m);
        if (alias != null) {
            return alias;
        }
        int claude = m.indexOf("claude-");
        if (claude > 0) {
            m = m.substring(claude);
        }
        if (models.containsKey(m)) {
            return m;
        }
        String best = null;
        for (String id : models.keySet()) {
            if (m.startsWith(id + "-") && (best == null || id.length() > best.length())) {
                best = id;
            }
        }
        return best;
    }
}
