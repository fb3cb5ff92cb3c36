package io.lifeline.agents.provider;

import io.lifeline.model.AgentSpec;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Everything needed to build one provider-backed agent: what the coordinator sees ({@link AgentSpec})
 * and how to reach and drive the model. {@code toString()} never shows the key ({@link Secret}).
 *
 * @param spec id, kind, capabilities (including {@code provider} and {@code model}), cost per call,
 *     concurrency
 * @param provider which API to speak
 * @param baseUrl the API's base, e.g. {@code https://api.openai.com/v1} or {@code http://127.0.0.1:11434}
 * @param model the provider's model name
 * @param apiKey sent as {@code Authorization: Bearer …} when present
 * @param costPerToken cost units per token (input and output), added to {@code spec.costPerCall()}
 * @param timeout text: how long to wait for the first token; image: for the whole answer
 * @param idleTimeout text: the longest silence between two tokens before the stream counts as hung
 * @param maxTokens text: the most tokens to generate; empty = the provider's default
 * @param temperature text: sampling temperature in [0, 2]; empty = the provider's default
 * @param size image: e.g. {@code 1024x1024}; empty = the provider's default
 * @param checkpointEveryTokens text: a checkpoint is due after this many tokens even if the
 *     suggested interval has not passed; empty (the default) = the engine's suggested interval
 *     alone decides. That interval is Young/Daly's, from the measured failure rate and checkpoint
 *     cost of the agent kind; any fixed token count would pre-empt it on a fast stream (512 tokens
 *     at 100 tokens/s is 5 s, under the 12 s it suggests before anything was measured), so a cap
 *     is only for users who want to bound the tokens a failure can cost, whatever the time
 */
public record ProviderAgentConfig(
    AgentSpec spec,
    ProviderType provider,
    URI baseUrl,
    String model,
    Optional<Secret> apiKey,
    double costPerToken,
    Duration timeout,
    Duration idleTimeout,
    OptionalInt maxTokens,
    OptionalDouble temperature,
    Optional<String> size,
    OptionalInt checkpointEveryTokens) {

  /** LangChain4j's default read timeout, and long enough for a local model to read a long prompt. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  /** A model that streams nothing for half a minute in the middle of an answer is hung, not thinking. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  public ProviderAgentConfig {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(maxTokens, "maxTokens");
    Objects.requireNonNull(temperature, "temperature");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(checkpointEveryTokens, "checkpointEveryTokens");
    String who = "agent '" + spec.id() + "': ";
    if (!(costPerToken >= 0) || Double.isInfinite(costPerToken)) {
      throw new IllegalArgumentException(who + "costPerToken must be a finite number >= 0, was " + costPerToken);
    }
    spec = spec.withCostPerToken(costPerToken); // so the engine prices this agent as it charges
    positive(who, "timeout", timeout);
    positive(who, "idleTimeout", idleTimeout);
    if (checkpointEveryTokens.isPresent() && checkpointEveryTokens.getAsInt() < 1) {
      throw new IllegalArgumentException(who + "checkpointEveryTokens must be >= 1, was "
          + checkpointEveryTokens.getAsInt());
    }
  }

  /**
   * An agent with the defaults above, no key, the spec's token price, the provider's own generation
   * defaults, and checkpoints at the engine's suggested interval alone.
   */
  public static ProviderAgentConfig of(AgentSpec spec, ProviderType provider, URI baseUrl, String model) {
    return new ProviderAgentConfig(spec, provider, baseUrl, model, Optional.empty(), spec.costPerToken(), DEFAULT_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT, OptionalInt.empty(), OptionalDouble.empty(), Optional.empty(), OptionalInt.empty());
  }

  /**
   * This config, if its provider can do what the agent needs.
   *
   * @param what the ability, as the error names it: "stream text", "make images"
   * @throws IllegalArgumentException naming the agent and its provider otherwise
   */
  public ProviderAgentConfig requireProvider(Predicate<ProviderType> can, String what) {
    if (!can.test(provider)) {
      throw new IllegalArgumentException("agent '" + spec.id() + "': provider " + provider.label() + " does not " + what);
    }
    return this;
  }

  /**
   * The breaker's name: one per quota group (endpoint) and model, so a failing host does not open
   * the breaker of a healthy host that serves the same model.
   */
  public String healthKey() {
    return quotaGroup() + "/" + model;
  }

  /** The agents that share this one's rate limit and quota cool-downs ({@link AgentSpec#quotaGroup()}). */
  public String quotaGroup() {
    return spec.quotaGroup();
  }

  private static void positive(String who, String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(who + field + " must be positive, was " + value);
    }
  }
}
