package dev.claudemulti.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudemulti.agent.Pricing;
import dev.claudemulti.engine.HaltPolicy;
import dev.claudemulti.engine.RunPolicy;
import dev.claudemulti.store.StateDir;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The options of retries, halt policies and the batch budget: each bad value is one line and exit 2
 * with nothing started or written; good ones are recorded in run.json and read back by a resume.
 */
class RunPolicyOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TASKS = "[{\"id\":\"a\",\"prompt\":\"hello\"}]";

    @TempDir
    Path dir;

    static Stream<Arguments> badValues() {
        String halt = "'WORD' is not a halt policy: use never, or now or soon with fail=N, fail=P%, success=N"
                + " or success=P% (e.g. --halt now,fail=1)";
        return Stream.of(
                Arguments.of(List.of("--retries", "-1"), "--retries must be a whole number, 0 or more, got '-1'"),
                Arguments.of(List.of("--retries", "two"), "--retries must be a whole number, 0 or more, got 'two'"),
                Arguments.of(
                        List.of("--retry-delay", "10x"),
                        "--retry-delay: timeout '10x' is not a duration; write seconds (90) or a number with s, m or h"
                                + " ('90s', '10m', '1h')"),
                Arguments.of(List.of("--halt", "sometimes"), "--halt: " + halt.replace("WORD", "sometimes")),
                Arguments.of(List.of("--halt", "now,fail=0"), "--halt: 'now,fail=0': the count must be at least 1"),
                Arguments.of(
                        List.of("--halt", "soon,success=101%"),
                        "--halt: 'soon,success=101%': the percentage must be 1% to 100%"),
                Arguments.of(List.of("--max-cost", "0"), "--max-cost must be a positive number of USD, got '0'"),
                Arguments.of(List.of("--max-cost", "$5"), "--max-cost must be a positive number of USD, got '$5'"),
                Arguments.of(
                        List.of("--result-grace", "-1s"), "--result-grace: timeout must be greater than 0, got '-1s'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void aBadValueIsOneLineAndExitTwoWithNothingStartedOrWritten(List<String> option, String message) throws Exception {
        for (String command : List.of("run", "run --detach", "run-multi")) {
            CliHarness cli = new CliHarness(Files.createDirectories(dir.resolve(command.replace(' ', '-'))));
            assertRefused(cli, command, option, message);
        }
    }

    @Test
    void startRefusesABadHaltPolicyBeforeDetaching() throws Exception {
        CliHarness cli = new CliHarness(dir);
        assertRefused(
                cli,
                "start",
                List.of("--halt", "now"),
                "--halt: " + "'now' is not a halt policy: use never, or now or soon with fail=N, fail=P%,"
                        + " success=N or success=P% (e.g. --halt now,fail=1)");
    }

    @Test
    void aMissingOrInvalidPriceFileIsOneLine() throws Exception {
        CliHarness cli = new CliHarness(dir);
        Path missing = dir.resolve("missing.json");
        assertRefused(cli, "run", List.of("--prices", "missing.json"), "--prices: " + missing + " does not exist");
        Path notJson = Files.writeString(dir.resolve("not-json.json"), "{\"models\": ");
        assertRefused(
                cli, "run", List.of("--prices", notJson.toString()), "--prices: " + notJson + ": not valid JSON: ");
        Path noModels = Files.writeString(dir.resolve("no-models.json"), "{\"models\": {}}");
        assertRefused(
                cli,
                "run",
                List.of("--prices", noModels.toString()),
                "--prices: " + noModels + ": needs an object \"models\" with at least one model");
        Path negative = Files.writeString(
                dir.resolve("negative.json"),
                "{\"models\": {\"m\": {\"input\": -1, \"output\": 1, \"cache_read\": 1, \"cache_write\": 1}}}");
        assertRefused(
                cli,
                "run",
                List.of("--prices", negative.toString()),
                "--prices: " + negative
                        + ": models.m: \"input\" must be a number of USD per million tokens, at least 0");
    }

    /** The command exits 2 with one line starting with the message, and leaves no trace. */
    private static void assertRefused(CliHarness cli, String command, List<String> option, String message)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(option);
        args.addAll(command.equals("start") ? List.of("id", "hello") : List.of(TASKS));
        if (command.startsWith("run") && !command.equals("run-multi")) {
            args.add("--no-tui");
        }
        List<Path> before;
        try (Stream<Path> files = Files.list(cli.dir)) {
            before = files.toList();
        }
        CliHarness.Result r = cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(args + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).as(args.toString()).hasSize(1);
        assertThat(r.err()).as(args.toString()).startsWith("claude-multi: " + message);
        assertThat(cli.state).doesNotExist();
        try (Stream<Path> files = Files.list(cli.dir)) {
            assertThat(files.toList()).containsExactlyInAnyOrderElementsOf(before);
        }
    }

    @Test
    void runJsonRecordsTheDefaultsAndAResumeRunsWithThem() throws Exception {
        CliHarness cli = new CliHarness(dir);
        String runId = cli.batch(TASKS);
        JsonNode options = runJsonOptions(cli, runId);
        assertThat(options.path("retries").asInt()).isEqualTo(RunPolicy.DEFAULT_RETRIES);
        assertThat(options.path("retry_delay_ms").asLong()).isEqualTo(15_000);
        assertThat(options.path("retry_fresh").asBoolean(true)).isFalse();
        assertThat(options.path("halt").asText()).isEqualTo("never");
        assertThat(options.has("max_cost_usd")).isFalse();
        assertThat(options.has("prices_file")).isFalse();
        assertThat(options.path("adaptive").asBoolean(false)).isTrue();
        assertThat(options.path("result_grace_ms").asLong()).isEqualTo(30_000);

        BatchOptions resumed = new BatchOptions();
        Resume resume = Resume.load(StateDir.open(cli.state), runId, true, resumed);
        try {
            RunPolicyOptions.Resolved back = resumed.policy.resolve(context(cli));
            assertThat(back.retries()).isEqualTo(RunPolicy.DEFAULT_RETRIES);
            assertThat(back.policy()).isEqualTo(RunPolicy.defaults());
            assertThat(back.pricesFile()).isNull();
        } finally {
            resume.lock().close();
        }
    }

    @Test
    void everyPolicyOptionIsRecordedAndAResumeKeepsItUnlessTheCommandLineSaysOtherwise() throws Exception {
        CliHarness cli = new CliHarness(dir);
        Path prices = dir.resolve("prices.json");
        try (InputStream builtIn = Pricing.class.getResourceAsStream(Pricing.RESOURCE)) {
            Files.write(prices, builtIn.readAllBytes());
        }
        CliHarness.Result r = cli.run(
                "run",
                "--retries",
                "4",
                "--retry-delay",
                "1.5s",
                "--retry-fresh",
                "--halt",
                "soon,fail=50%",
                "--max-cost",
                "3.25",
                "--prices",
                "prices.json",
                "--no-adaptive",
                "--result-grace",
                "0",
                TASKS,
                "--no-tui");
        assertThat(r.code()).as(r.err()).isZero();
        String runId = runIdOf(r);
        JsonNode options = runJsonOptions(cli, runId);
        assertThat(options.path("retries").asInt()).isEqualTo(4);
        assertThat(options.path("retry_delay_ms").asLong()).isEqualTo(1500);
        assertThat(options.path("retry_fresh").asBoolean(false)).isTrue();
        assertThat(options.path("halt").asText()).isEqualTo("soon,fail=50%");
        assertThat(options.path("max_cost_usd").asDouble()).isEqualTo(3.25);
        assertThat(options.path("prices_file").asText()).isEqualTo(prices.toString());
        assertThat(options.path("adaptive").asBoolean(true)).isFalse();
        assertThat(options.path("result_grace_ms").asLong()).isZero();

        BatchOptions kept = new BatchOptions();
        Resume resume = Resume.load(StateDir.open(cli.state), runId, true, kept);
        RunPolicyOptions.Resolved back;
        try {
            back = kept.policy.resolve(context(cli));
        } finally {
            resume.lock().close();
        }
        assertThat(back.retries()).isEqualTo(4);
        assertThat(back.pricesFile()).isEqualTo(prices);
        RunPolicy p = back.policy();
        assertThat(p.retryDelay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(p.retryFresh()).isTrue();
        assertThat(p.halt()).isEqualTo(HaltPolicy.parse("soon,fail=50%"));
        assertThat(p.maxCostUsd()).isEqualTo(3.25);
        assertThat(p.pricing()).isNotNull();
        assertThat(p.adaptive()).isFalse();
        assertThat(p.resultGrace()).isZero();

        // What the command line gives again wins over what the run recorded, as for --model.
        BatchOptions overridden = new BatchOptions();
        overridden.policy.halt = "never";
        overridden.policy.maxCost = "9";
        overridden.policy.retryFresh = false;
        overridden.policy.noAdaptive = false;
        resume = Resume.load(StateDir.open(cli.state), runId, true, overridden);
        try {
            RunPolicy o = overridden.policy.resolve(context(cli)).policy();
            assertThat(o.halt()).isEqualTo(HaltPolicy.never());
            assertThat(o.maxCostUsd()).isEqualTo(9.0);
            assertThat(o.retryFresh()).isFalse();
            assertThat(o.adaptive()).isTrue();
            assertThat(o.retryDelay()).isEqualTo(Duration.ofMillis(1500));
        } finally {
            resume.lock().close();
        }
    }

    @Test
    void theBooleanFlagsTakeAnOptionalValueSoAResumeCanTurnOffWhatTheRunRecorded() {
        RunPolicyOptions given = new RunPolicyOptions();
        new picocli.CommandLine(given).parseArgs("--retry-fresh", "--no-adaptive");
        assertThat(given.retryFresh).isTrue();
        assertThat(given.noAdaptive).isTrue();

        RunPolicyOptions off = new RunPolicyOptions();
        new picocli.CommandLine(off).parseArgs("--retry-fresh=false", "--no-adaptive", "false");
        assertThat(off.retryFresh).isFalse();
        assertThat(off.noAdaptive).isFalse();

        RunPolicyOptions unset = new RunPolicyOptions();
        new picocli.CommandLine(unset).parseArgs();
        assertThat(unset.retryFresh).isNull();
        assertThat(unset.noAdaptive).isNull();
    }

    @Test
    void theTaskFilesMaxCostIsTheBatchBudgetUnlessMaxCostOverridesIt() throws Exception {
        CliHarness cli = new CliHarness(dir);
        String file = "{\"maxCost\": 2.5, \"tasks\": " + TASKS + "}";
        assertThat(runJsonOptions(cli, cli.batch(file)).path("max_cost_usd").asDouble())
                .isEqualTo(2.5);
        CliHarness.Result r = cli.run("run", "--max-cost", "7", "--halt", "now,fail=1", file, "--no-tui");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(", max cost $7.00, halt now,fail=1, state ");
        assertThat(runJsonOptions(cli, runIdOf(r)).path("max_cost_usd").asDouble())
                .isEqualTo(7.0);
    }

    @Test
    void theDetachedOrchestratorGetsEveryResolvedPolicyOption() throws Exception {
        CliHarness cli = new CliHarness(dir);
        BatchOptions options = new BatchOptions();
        options.policy.retries = "0";
        options.policy.retryDelay = "2m";
        options.policy.retryFresh = true;
        options.policy.halt = "now,success=1";
        options.policy.noAdaptive = true;
        options.policy.resultGrace = "45s";
        BatchRunner.Plan plan = new BatchRunner(context(cli))
                .plan(options, new StateDirOption(), "{\"maxCost\": 4, \"tasks\": " + TASKS + "}", null);
        assertThat(String.join(" ", Detacher.runArguments(plan, "RUN", null)))
                .contains(" --retries 0 --retry-delay 120s --halt now,success=1 --result-grace 45s"
                        + " --retry-fresh --no-adaptive --max-cost 4.0");
    }

    @Test
    void aDetachedRunRecordsThePolicyItWasGiven() throws Exception {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result r = cli.run(
                "run",
                "--detach",
                "--halt",
                "soon,fail=2",
                "--max-cost",
                "3",
                "--retry-fresh",
                "--retries",
                "1",
                TASKS);
        assertThat(r.code()).as(r.err()).isZero();
        String runId = r.out().strip();
        JsonNode options = runJsonOptions(cli, runId);
        assertThat(options.path("halt").asText()).isEqualTo("soon,fail=2");
        assertThat(options.path("max_cost_usd").asDouble()).isEqualTo(3.0);
        assertThat(options.path("retry_fresh").asBoolean(false)).isTrue();
        assertThat(options.path("retries").asInt()).isEqualTo(1);
        cli.awaitOrchestratorGone(runId);
    }

    private static String runIdOf(CliHarness.Result r) {
        String header = r.out()
                .lines()
                .filter(l -> l.startsWith("claude-multi run "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no run header in:\n" + r.out() + r.err()));
        return header.substring("claude-multi run ".length(), header.indexOf(':'));
    }

    private static JsonNode runJsonOptions(CliHarness cli, String runId) throws Exception {
        return JSON.readTree(cli.state
                        .resolve("runs")
                        .resolve(runId)
                        .resolve("run.json")
                        .toFile())
                .path("options");
    }

    private static CliContext context(CliHarness cli) {
        var sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        return new CliContext(
                sink,
                sink,
                new java.io.ByteArrayInputStream(new byte[0]),
                java.util.Map.copyOf(cli.env),
                cli.dir,
                false);
    }
}
