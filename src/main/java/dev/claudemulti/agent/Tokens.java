package dev.claudemulti.agent;

/** Token counts as the agent reports them in its usage figures. */
public record Tokens(long input, long output, long cacheRead, long cacheWrite) {
    public static final Tokens ZERO = new Tokens(0, 0, 0, 0);

    public Tokens plus(Tokens o) {
        return new Tokens(input + o.input, output + o.output, cacheRead + o.cacheRead, cacheWrite + o.cacheWrite);
    }

    public long total() {
        return input + output + cacheRead + cacheWrite;
    }
}
