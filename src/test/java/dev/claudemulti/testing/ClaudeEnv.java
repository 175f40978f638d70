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

    private ClaudeEnv() {
    }

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

    /**
     * The installed claude binary, from system property {@value #BINARY_PROPERTY}. Skips the calling
     * test (with a message saying why) when it is not set or not executable.
     */
    public static Path binary() {
        String prop = System.getProperty(BINARY_PROPERTY);
        Assumptions.assumeTrue(prop != null && !prop.isBlank(),
                "SKIPPED: system property " + BINARY_PROPERTY + " is not set; run through Maven (surefire sets it)");
        Path p = Path.of(prop);
        Assumptions.assumeTrue(Files.isRegularFile(p) && Files.isExecutable(p),
                "SKIPPED: claude CLI not installed at " + p + " (" + BINARY_PROPERTY + "); the build installs it");
        return p;
    }
}
