package dev.claudemulti.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PLANTED = "sk-ant-planted-0123456789";
    private static final String PLANTED_TOKEN = "ghp_plantedtoken42";

    @TempDir
    Path dir;

    @Test
    void secretNames() {
        assertThat(List.of(
                        "ANTHROPIC_API_KEY",
                        "anthropic_api_key",
                        "GITHUB_TOKEN",
                        "AWS_SECRET_ACCESS_KEY",
                        "DB_PASSWORD",
                        "KEY_FILE",
                        "CLAUDE_CODE_OAUTH_TOKEN",
                        "GOOGLE_APPLICATION_CREDENTIALS",
                        "apiKey",
                        "api-key",
                        "MYSQL_PWD_PASSWD",
                        "client_secret"))
                .allMatch(Secrets::isSecretName);
        assertThat(List.of("PATH", "HOME", "KEYBOARD_LAYOUT", "MONKEY", "CLAUDE_MODEL", "prompt", "id"))
                .noneMatch(Secrets::isSecretName);
        assertThat(Secrets.isSecretName(null)).isFalse();
    }

    @Test
    void redactReplacesSecretStringsEverywhereAndKeepsCounts() throws IOException {
        JsonNode node = MAPPER.readTree("""
                {"env": {"ANTHROPIC_API_KEY": "%s", "PATH": "/usr/bin", "SHORT_TOKEN": "abc"},
                 "command": ["claude", "-p", "--key=%s"],
                 "max_tokens": 4096,
                 "tokens": {"input": 10, "output": 20},
                 "nested": [{"password": "hunter22"}, "hunter22 again"]}
                """.formatted(PLANTED, PLANTED));
        JsonNode redacted = Secrets.redact(node);
        assertThat(redacted.at("/env/ANTHROPIC_API_KEY").asText()).isEqualTo("***");
        assertThat(redacted.at("/env/PATH").asText()).isEqualTo("/usr/bin");
        assertThat(redacted.at("/env/SHORT_TOKEN").asText()).isEqualTo("***");
        assertThat(redacted.at("/command/2").asText()).isEqualTo("--key=***");
        assertThat(redacted.at("/max_tokens").asInt()).isEqualTo(4096);
        assertThat(redacted.at("/tokens/output").asInt()).isEqualTo(20);
        assertThat(redacted.at("/nested/0/password").asText()).isEqualTo("***");
        assertThat(redacted.at("/nested/1").asText()).isEqualTo("*** again");
        assertThat(node.at("/env/ANTHROPIC_API_KEY").asText())
                .as("the input is not changed")
                .isEqualTo(PLANTED);
    }

    @Test
    void redactTextCutsSecretValuesOfTheEnvironment() {
        Map<String, String> env = Map.of("ANTHROPIC_API_KEY", PLANTED, "GH_TOKEN", "short", "HOME", "/root/home");
        assertThat(Secrets.redactText("curl -H 'x-api-key: " + PLANTED + "' in /root/home with short", env))
                .isEqualTo("curl -H 'x-api-key: ***' in /root/home with short");
    }

    @Test
    void plantedSecretsNeverReachTheStateDirectory() throws Exception {
        Map<String, String> processEnv = Map.of("GITHUB_TOKEN", PLANTED_TOKEN);
        RunStore run = new RunStore("20260101-000000-0000", dir, processEnv);
        ObjectNode runInfo = MAPPER.createObjectNode();
        runInfo.putObject("env").put("ANTHROPIC_API_KEY", PLANTED).put("LANG", "C");
        runInfo.put("command", "claude -p --token " + PLANTED_TOKEN);
        run.writeRunInfo(runInfo);

        SessionFiles files = run.prepareSession("a", 1, "do it");
        ObjectNode session = MAPPER.createObjectNode();
        session.putArray("sessions").addObject().putObject("environment").put("MY_SECRET", PLANTED);
        run.writeSessionInfo(files, session);

        assertThat(run.readRunInfo().at("/env/LANG").asText()).isEqualTo("C");
        assertThat(run.readRunInfo().at("/command").asText()).isEqualTo("claude -p --token ***");
        assertNoFileContains(dir, PLANTED, PLANTED_TOKEN);
    }

    @Test
    void theOrchestratorLogRedactsTheEnvironmentsSecrets() throws Exception {
        Path logFile = dir.resolve("orchestrator.log");
        OrchestratorLog log = new OrchestratorLog(logFile, Map.of("ANTHROPIC_API_KEY", PLANTED), Clock.systemUTC());
        log.log("launching with key " + PLANTED);
        log.log("crashed", new IllegalStateException("bad key " + PLANTED));
        List<String> lines = Files.readAllLines(logFile);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z launching with key \\*\\*\\*");
        assertThat(lines.get(1)).endsWith(" crashed");
        assertThat(lines.get(2)).isEqualTo("\tjava.lang.IllegalStateException: bad key ***");
        assertThat(lines.get(3)).startsWith("\tat ");
        assertNoFileContains(dir, PLANTED);
    }

    static void assertNoFileContains(Path root, String... values) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String v : values) {
                    assertThat(content).as("%s", f).doesNotContain(v);
                }
            }
        }
    }
}
