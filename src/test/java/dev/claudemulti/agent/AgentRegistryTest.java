package dev.claudemulti.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentRegistryTest {
    @Test
    void findsTheAgentsByTheNameRunJsonRecords() throws Exception {
        AgentRegistry registry = AgentRegistry.builtIn("/opt/claude/bin/claude", "");
        Agent claude = registry.named("claude");
        assertThat(claude).isInstanceOf(ClaudeAgent.class);
        assertThat(claude.name()).isEqualTo("claude");
        assertThat(claude.checkedExecutable()).contains("/opt/claude/bin/claude");
        Agent simulated = registry.named("simulated");
        assertThat(simulated.name()).isEqualTo("simulated");
        assertThat(simulated.simulated()).isTrue();
        assertThat(simulated.checkedExecutable()).isEmpty();
        assertThat(registry.named(AgentRegistry.DEFAULT).name()).isEqualTo("claude");
    }

    @Test
    void anUnknownNameIsAnAnswerForTheUserNotACrash() {
        assertThatThrownBy(() -> AgentRegistry.builtIn("claude", "").named("codex"))
                .isInstanceOf(AgentUnavailableException.class)
                .hasMessage("claude-multi: the run was recorded with agent 'codex', which this version does not know"
                        + " (it knows claude, simulated)");
    }

    @Test
    void outputOfAnyRecordedRunCanBeRead() {
        assertThat(AgentRegistry.forReading("simulated").name()).isEqualTo("simulated");
        assertThat(AgentRegistry.forReading(null).name()).isEqualTo("claude");
        assertThat(AgentRegistry.forReading("codex").name()).isEqualTo("claude");
    }
}
