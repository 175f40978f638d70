package dev.claudemulti.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Environment and binary for running the real {@code claude} CLI offline against a {@link FakeMessagesApi}. */
public final class ClaudeEnv {
    /** System property set by the surefire configuration to the installed CLI. */
    public static final String BINARY_PROPERTY = "claude.cli.bin";

    private ClaudeEnv() {}

    /**
     * Variables to add to a claude process's environment: base URL of {@code api}, a fake key, a fresh
     * HOME under {@code tempDir}, no retries, no updater, telemetry or other traffic.
     */
    public static Map<String, String> offline(FakeMessagesApi api, Path tempDir) {
        return offline(api.baseUrl(), freshHome(tempDir));
    }

    public static Map<String, String> offline(String baseUrl, Path home) {
        var env = new LinkedHashMap<String, String>();
        env.put("ANTHROPIC_BASE_URL", baseUrl);
        env.put("ANTHROPIC_API_KEY", "sk-ant-test");
        env.put("HOME", home.toString());
        env.put("IS_SANDBOX", "1");
        env.put("CLAUDE_CODE_MAX_RETRIES", "0");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("DISABLE_TELEMETRY", "1");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        return env;
    }

    /** A new empty directory under {@code tempDir} to serve as HOME. */
    public static Path freshHome(Path tempDir) {
        try {
            return Files.createTempDirectory(tempDir, "home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Environment variable that turns a missing CLI from a skip into a failure ({@code .ci/run} sets it). */
    public static final String REQUIRE_VARIABLE = "CLAUDE_MULTI_REQUIRE_E2E";

    /**
     * The installed claude binary, from system property {@value #BINARY_PROPERTY}. Skips the calling
     * test (with a message saying why) when it is not set or not executable, or fails it when
     * {@value #REQUIRE_VARIABLE}=1: in CI the end-to-end tests must run.
     */
    public static Path binary() {
        return binary(System.getProperty(BINARY_PROPERTY), "1".equals(System.getenv(REQUIRE_VARIABLE)));
    }

    /** {@link #binary()} with its inputs passed in, so that both outcomes can be tested. */
    public static Path binary(String property, boolean required) {
        if (property == null || property.isBlank()) {
            throw missing(
                    required,
                    "system property " + BINARY_PROPERTY + " is not set; run through Maven (surefire sets it)");
        }
        Path p = Path.of(property);
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            throw missing(
                    required, "claude CLI not installed at " + p + " (" + BINARY_PROPERTY + "); the build installs it");
        }
        return p;
    }

    /** Throws: an AssertionError when required, else JUnit's abort (the test shows as skipped). */
    private static RuntimeException missing(boolean required, String why) {
        if (required) {
            throw new AssertionError(
                    "FAILED: " + why + "; " + REQUIRE_VARIABLE + "=1 says the end-to-end tests must run, not skip");
        }
        return Assumptions.abort("SKIPPED: " + why);
    }
}
