package io.lifeline.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an agent is and offers, as the coordinator sees it.
 *
 * @param id unique among registered agents
 * @param kind an open string such as {@code text}, {@code image}, {@code evaluator}; a step asks
 *     for one kind
 * @param capabilities key/values a step's selector matches, e.g. {@code model}, {@code provider},
 *     {@code lang}; the {@code quotaGroup} capability (else {@code provider}) groups agents that
 *     share a quota
 * @param costPerCall cost units charged per attempt
 * @param costPerToken cost units per token (input and output); with {@code costPerCall} it prices an
 *     attempt ({@link #costOf}), so that replacements and a job low on budget prefer cheap agents
 * @param concurrency how many attempts the agent runs at once (its slots)
 */
public record AgentSpec(String id, String kind, Map<String, String> capabilities, double costPerCall,
    double costPerToken, int concurrency) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public AgentSpec {
    requireName("id", id);
    requireName("kind", kind);
    capabilities = Map.copyOf(Objects.requireNonNull(capabilities, "capabilities"));
    requireCost(id, "costPerCall", costPerCall);
    requireCost(id, "costPerToken", costPerToken);
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          "agent '" + id + "': concurrency must be >= 1, was " + concurrency);
    }
  }

  /** An agent priced per call only. */
  public AgentSpec(String id, String kind, Map<String, String> capabilities, double costPerCall, int concurrency) {
    this(id, kind, capabilities, costPerCall, 0, concurrency);
  }

  public static AgentSpec of(String id, String kind) {
    return new AgentSpec(id, kind, Map.of(), 0, 1);
  }

  public AgentSpec withCapability(String key, String value) {
    var copy = new TreeMap<>(capabilities);
    copy.put(key, value);
    return new AgentSpec(id, kind, copy, costPerCall, costPerToken, concurrency);
  }

  public AgentSpec withCost(double cost) {
    return new AgentSpec(id, kind, capabilities, cost, costPerToken, concurrency);
  }

  public AgentSpec withCostPerToken(double cost) {
    return new AgentSpec(id, kind, capabilities, costPerCall, cost, concurrency);
  }

  public AgentSpec withConcurrency(int slots) {
    return new AgentSpec(id, kind, capabilities, costPerCall, costPerToken, slots);
  }

  /** What an attempt that uses {@code tokens} tokens costs on this agent. */
  public double costOf(long tokens) {
    return costPerCall + costPerToken * tokens;
  }

  /**
   * Its {@code provider} capability, else its own id. For provider agents this is the API dialect
   * ({@code openai}, {@code ollama}), which many hosts share; "another provider" in the recovery
   * ladder means another {@link #quotaGroup()}.
   */
  public String provider() {
    return capabilities.getOrDefault("provider", id);
  }

  /**
   * The agents that share a rate limit with this one, so that a 429 cools them all down: its
   * {@code quotaGroup} capability, else {@link #provider()}. Provider agents set it to their
   * endpoint, so a 429 from one host leaves another host of the same provider type usable. It is
   * also what "another provider" means after unsafe or refused output: another endpoint or account.
   */
  public String quotaGroup() {
    return capabilities.getOrDefault("quotaGroup", provider());
  }

  /** Whether this agent can run a step asking for {@code wantedKind} with {@code selector}. */
  public boolean matches(String wantedKind, Map<String, String> selector) {
    if (!kind.equals(wantedKind)) {
      return false;
    }
    for (var entry : selector.entrySet()) {
      if (!entry.getValue().equals(capabilities.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static void requireCost(String id, String field, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("agent '" + id + "': " + field + " must be a finite number >= 0, was " + value);
    }
  }

  static void requireName(String field, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " must match " + NAME.pattern() + ", was " + (value == null ? "null" : "'" + value + "'"));
    }
  }
}
