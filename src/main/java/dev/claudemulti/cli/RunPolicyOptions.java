package dev.claudemulti.cli;

import dev.claudemulti.agent.Pricing;
import dev.claudemulti.engine.HaltPolicy;
import dev.claudemulti.engine.RunPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of a batch about trouble and money: retries, the rate-limit gate, the halt policy,
 * the batch budget and the grace after a result line; part of {@link BatchOptions}. They have no
 * environment variables: the ancestor had none of them. Unset boolean flags are null, not false,
 * so that {@code run --resume} can tell "not given" from "given" and keep what the run recorded; they
 * take an optional value ({@code --retry-fresh=false}) so that a resume can also turn off what the
 * run recorded as on.
 */
public class RunPolicyOptions {
    @Option(
            names = "--retries",
            paramLabel = "N",
            description = "More attempts after a transient failure (429, 5xx, 529, no result) for tasks whose file"
                    + " sets no retries (default: " + RunPolicy.DEFAULT_RETRIES + ").")
    String retries;

    @Option(
            names = "--retry-delay",
            paramLabel = "DURATION",
            description = "First wait before a retry, doubled each time with jitter, at most 10m, never before a"
                    + " reset time claude reported (default: 15s).")
    String retryDelay;

    @Option(
            names = "--retry-fresh",
            arity = "0..1",
            paramLabel = "true|false",
            description = "A retry starts a new conversation instead of resuming the interrupted one"
                    + " (=false on run --resume: resume it again, whatever the run recorded).")
    Boolean retryFresh;

    @Option(
            names = "--halt",
            paramLabel = "POLICY",
            description =
                    "Stop the batch early: never, now,fail=N, soon,fail=N, now,fail=P%%, soon,fail=P%%, or the same"
                            + " with success=. now stops running sessions, soon lets them finish; sessions not started"
                            + " are skipped (default: never).")
    String halt;

    @Option(
            names = "--max-cost",
            paramLabel = "USD",
            description = "The most the whole run may spend, resumes included; overrides the task file's maxCost."
                    + " Sessions that would go over it are skipped (default: no limit).")
    String maxCost;

    @Option(
            names = "--prices",
            paramLabel = "FILE",
            description = "Price table (JSON, the shape of the built-in one) for live cost estimates.")
    String prices;

    @Option(
            names = "--no-adaptive",
            arity = "0..1",
            paramLabel = "true|false",
            description = "Keep the parallel limit at -j when rate limited (default: halve it, then grow it back;"
                    + " =false on run --resume: adapt again, whatever the run recorded).")
    Boolean noAdaptive;

    @Option(
            names = "--result-grace",
            paramLabel = "DURATION",
            description = "How long a session may run on after its result line before it is stopped and recorded"
                    + " with that result (default: 30s).")
    String resultGrace;

    /**
     * The options after defaults, checked.
     *
     * @param retries    the retries of tasks whose file sets none
     * @param policy     the run's policy; its batch budget is {@code --max-cost} only (see {@link #withFileMaxCost})
     * @param pricesFile the {@code --prices} file, absolute, or null for the built-in table
     */
    public record Resolved(int retries, RunPolicy policy, Path pricesFile) {
        /** With the task file's {@code maxCost} as the batch budget unless {@code --max-cost} set one. */
        Resolved withFileMaxCost(Double fileMaxCostUsd) {
            if (policy.maxCostUsd() != null || fileMaxCostUsd == null) {
                return this;
            }
            RunPolicy p = policy;
            return new Resolved(
                    retries,
                    new RunPolicy(
                            p.retryDelay(),
                            p.retryFresh(),
                            p.halt(),
                            fileMaxCostUsd,
                            p.pricing(),
                            p.adaptive(),
                            p.resultGrace()),
                    pricesFile);
        }
    }

    Resolved resolve(CliContext ctx) {
        int n = retries == null ? RunPolicy.DEFAULT_RETRIES : nonNegativeInt(retries, "--retries");
        Duration delay = retryDelay == null
                ? RunPolicy.DEFAULT_RETRY_DELAY
                : BatchOptions.parseDuration(retryDelay, "--retry-delay", true);
        HaltPolicy haltPolicy;
        try {
            haltPolicy = halt == null ? HaltPolicy.never() : HaltPolicy.parse(halt);
        } catch (IllegalArgumentException e) {
            throw new UserException("--halt: " + e.getMessage());
        }
        Double maxCostUsd = maxCost == null ? null : BatchOptions.positiveNumber(maxCost, "--max-cost", null, null, 0);
        Path pricesFile = prices == null
                ? null
                : ctx.cwd().resolve(prices).toAbsolutePath().normalize();
        Pricing pricing = pricesFile == null ? null : readPrices(pricesFile);
        Duration grace = resultGrace == null
                ? RunPolicy.DEFAULT_RESULT_GRACE
                : BatchOptions.parseDuration(resultGrace, "--result-grace", true);
        return new Resolved(
                n,
                new RunPolicy(
                        delay,
                        Boolean.TRUE.equals(retryFresh),
                        haltPolicy,
                        maxCostUsd,
                        pricing,
                        !Boolean.TRUE.equals(noAdaptive),
                        grace),
                pricesFile);
    }

    private static Pricing readPrices(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Pricing.parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new UserException("--prices: " + file + " does not exist");
        } catch (IOException e) {
            throw new UserException("--prices: cannot read " + file + ": " + e.getMessage());
        } catch (Pricing.InvalidPrices e) {
            throw new UserException("--prices: " + e.getMessage());
        }
    }

    private static int nonNegativeInt(String value, String source) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserException(source + " must be a whole number, 0 or more, got '" + value + "'");
    }
}
