package dev.claudemulti.agent;

/**
 * Token counts as the agent reports them in its usage figures.
 *
 * <p>Its equals and hashCode are written out, as in the other records that a run compares or keys
 * maps with ({@code ProcTable.ProcId}, {@code SessionFiles}): a record's generated ones are linked
 * on first call through {@code java.lang.runtime.ObjectMethods}, which on Java 17 spins some twenty
 * method-handle classes (no archive holds them), about 15 ms that a run paid in its first session's start.
 * LauncherScriptTest checks that a run links none.
 */
public record Tokens(long input, long output, long cacheRead, long cacheWrite) {
    public static final Tokens ZERO = new Tokens(0, 0, 0, 0);

    @Override
    public boolean equals(Object o) {
        return o instanceof Tokens t
                && t.input == input
                && t.output == output
                && t.cacheRead == cacheRead
                && t.cacheWrite == cacheWrite;
    }

    @Override
    public int hashCode() {
        return ((Long.hashCode(input) * 31 + Long.hashCode(output)) * 31 + Long.hashCode(cacheRead)) * 31
                + Long.hashCode(cacheWrite);
    }

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
