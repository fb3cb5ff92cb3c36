package io.lifeline.agents.provider;

import io.lifeline.agents.FakeAttemptContext;
import io.lifeline.agents.provider.health.ProviderHealth;
import io.lifeline.model.AgentSpec;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExploreTest {

  void run(FakeProvider p, ProviderType type) {
    var spec = AgentSpec.of("w", "text").withCapability("provider", type.label()).withCapability("model", "m");
    var base = ProviderAgentConfig.of(spec, type, URI.create(p.baseUrl()), "m");
    var config = new ProviderAgentConfig(spec, type, base.baseUrl(), "m", Optional.of(Secret.of("sk-secret")), 0,
        Duration.ofSeconds(2), Duration.ofMillis(300), base.maxTokens(), base.temperature(), Optional.empty(), 3);
    try (var agents = new ProviderAgents(ProviderHealth.system())) {
      var agent = agents.create(config);
      for (int i = 0; i < 5; i++) {
        var ctx = new FakeAttemptContext().prompt("hello");
        try {
          var out = agent.run(ctx);
          System.out.println(type + " OK " + out.text() + " " + out.metadata() + " " + out.usage());
        } catch (Throwable t) {
          System.out.println(type + " FAIL " + t);
        }
        System.out.println("  checkpoints " + ctx.checkpoints().size() + " restored " + ctx.restored().map(r -> new String(r.concatenated())));
      }
    }
    System.out.println(p.bodies());
    System.out.println(p.requests().getFirst().getHeaders());
  }

  @Test
  void explore() {
    for (var type : new ProviderType[] {ProviderType.OPENAI, ProviderType.OLLAMA}) {
      try (var p = type == ProviderType.OPENAI ? FakeProvider.openAi() : FakeProvider.ollama()) {
        p.then(p.answer("Hello there general")).then(p.cutAfter(FakeProvider.numbered(1, 5)))
            .then(p.endAfter(FakeProvider.numbered(1, 5))).then(p.hangAfter(FakeProvider.numbered(1, 5)))
            .then(FakeProvider.error(429, "{\"error\":{\"message\":\"slow down sk-secret\",\"code\":\"rate_limit_exceeded\"}}", "Retry-After", "7"));
        run(p, type);
      }
    }
  }
}
