package dev.claudemulti.agent;

/** Token counts as the agent reports them in its usage figures. */
public record Tokens(long input, long output, long cacheRead, long cacheWrite) {
    public static final Tokens ZERO = new Tokens(0, 0, 0, 0);

    /** The sum, saturating at Long.MAX_VALUE: absurd figures from an agent must not wrap to negative. */
    public Tokens plus(Tokens o) {
        return new Tokens(
                add(input, o.input), add(output, o.output), add(cacheRead, o.cacheRead), add(cacheWrite, o.cacheWrite));
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    public long total() {
        return input + output + cacheRead + cacheWrite;
    }
}
