package dev.claudemulti.store;

/** Decides which names hold secrets, so their values are never written to the state directory. */
public final class Secrets {
    private Secrets() {
    }

    /** ANTHROPIC_API_KEY and any name containing TOKEN, SECRET or KEY (case-insensitive), or PASSWORD. */
    public static boolean isSecretName(String name) {
        throw new UnsupportedOperationException("TODO");
    }

    public static final String REDACTED = "***";
}
