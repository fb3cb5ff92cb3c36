package io.lifeline.agents.provider;

import io.lifeline.agents.provider.health.ProviderHealth;
import io.lifeline.model.Agent;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;

/**
 * Builds agents from their configurations ({@link io.lifeline.config.AgentsFile} reads them from a
 * file), all sharing one {@link ProviderHealth} — so a 429 cools every agent of that provider, and
 * a model's breaker counts the calls of every agent on it — and one JDK HTTP client, whose
 * connection pool they share. Close it when the agents are no longer used.
 */
public final class ProviderAgents implements AutoCloseable {

  /** Connecting to a model server takes milliseconds; ten seconds without a connection is an outage. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final ProviderHealth health;
  private final HttpClient http;
  private final Set<ProviderType> warmed = EnumSet.noneOf(ProviderType.class);

  public ProviderAgents(ProviderHealth health) {
    this.health = Objects.requireNonNull(health, "health");
    // HTTP/1.1: aborting a stream then closes its connection, and plain-http Ollama never sees an h2c upgrade.
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * The agent for one configuration: a streaming text agent or an image agent, by its provider.
   * The first text agent of each provider initialises LangChain4j for it here ({@link WarmUp}), so
   * that this second of work happens before jobs run, not inside an attempt's deadlines.
   */
  public synchronized Agent create(ProviderAgentConfig config) {
    if (!config.provider().streamsText()) {
      return new ImageAgent(config, health, http);
    }
    if (warmed.add(config.provider())) {
      WarmUp.run(config);
    }
    return new StreamingTextAgent(config, health, http);
  }

  public List<Agent> create(List<ProviderAgentConfig> configs) {
    return configs.stream().map(this::create).toList();
  }

  public ProviderHealth health() {
    return health;
  }

  /**
   * Shuts the shared HTTP client down without waiting: attempts still running fail with a
   * connection error (HttpClient.close() would wait for them, and a hung provider never ends).
   */
  @Override
  public void close() {
    http.shutdownNow();
  }
}
