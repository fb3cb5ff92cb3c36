package io.lifeline.agents.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.model.AgentSpec;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretTest {

  @Test
  void neverPrintsItselfButScrubsItselfOutOfText() {
    var key = Secret.of("sk-live-0123456789");
    assertThat(key.toString()).isEqualTo("***");
    assertThat(key.reveal()).isEqualTo("sk-live-0123456789");
    assertThat(key.redact("bad key sk-live-0123456789, really sk-live-0123456789"))
        .isEqualTo("bad key ***, really ***");
  }

  @Test
  void aConfigHoldingAKeyDoesNotPrintIt() {
    var base = ProviderAgentConfig.of(AgentSpec.of("a", "text"), ProviderType.OPENAI, URI.create("http://h/v1"), "m");
    var config = new ProviderAgentConfig(base.spec(), base.provider(), base.baseUrl(), "m",
        Optional.of(Secret.of("sk-live-0123456789")), 0, base.timeout(), base.idleTimeout(), base.maxTokens(),
        base.temperature(), base.size(), base.checkpointEveryTokens());
    assertThat(config.toString()).doesNotContain("sk-live").contains("apiKey=Optional[***]");
  }

  @Test
  void aBlankKeyIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> Secret.of("  ")).hasMessage("a secret cannot be blank");
  }
}
