package io.lifeline.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a workflow: which kind of agent runs it, with what prompt and parameters, after
 * which steps, and how its failures are bounded. Build with {@link #builder(String)}.
 *
 * <p>An {@code optional} step may be dead-lettered without failing its job: the steps after it run
 * without its output and the job ends {@code DEGRADED} (an article published without its picture).
 */
public record StepSpec(
    String id,
    String kind,
    Map<String, String> selector,
    String prompt,
    Map<String, String> params,
    List<String> after,
    Deadlines deadlines,
    RetryPolicy retry,
    List<Variant> fallbacks,
    Optional<QualityGate> quality,
    boolean optional,
    Optional<Hedge> hedge,
    Optional<FanOut> fanOut) {

  /**
   * The tokens an attempt is expected to use when the step sets no {@code maxTokens} parameter:
   * a short article section (about 750 words). It only weighs per-token against per-call prices.
   */
  public static final long DEFAULT_EXPECTED_TOKENS = 1_000;

  public StepSpec {
    AgentSpec.requireName("step id", id);
    try {
      AgentSpec.requireName("kind", kind);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("step '" + id + "': " + e.getMessage(), e);
    }
    selector = Map.copyOf(selector);
    Objects.requireNonNull(prompt, "prompt");
    params = Map.copyOf(params);
    try {
      GenerationParams.validate(params);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("step '" + id + "': " + e.getMessage(), e);
    }
    after = List.copyOf(after);
    Objects.requireNonNull(deadlines, "deadlines");
    Objects.requireNonNull(retry, "retry");
    fallbacks = List.copyOf(fallbacks);
    Objects.requireNonNull(quality, "quality");
    Objects.requireNonNull(hedge, "hedge");
    Objects.requireNonNull(fanOut, "fanOut");
    if (hedge.isPresent() && fanOut.isPresent()) {
      throw new IllegalArgumentException("step '" + id + "': hedge must not be set with fanOut, which already runs attempts in parallel");
    }
    if (fanOut.isPresent()) {
      requireFits(id, fanOut.get(), retry, fallbacks);
    }
    hedge.ifPresent(h -> requireBeforeDeadline(id, h, deadlines));
  }

  /** A hedge that starts when the attempt's total deadline has passed could never run: a typo. */
  private static void requireBeforeDeadline(String id, Hedge hedge, Deadlines deadlines) {
    var delay = hedge.after().or(hedge::untilMeasured);
    if (delay.isPresent() && delay.get().compareTo(deadlines.total()) >= 0) {
      throw new IllegalArgumentException("step '" + id + "': hedge must start before the step's timeout of "
          + deadlines.total() + ", was " + delay.get());
    }
  }

  /** A fan-out must be able to start all its branches: each is an attempt, and over variants a variant. */
  private static void requireFits(String id, FanOut fanOut, RetryPolicy retry, List<Variant> fallbacks) {
    if (fanOut.overVariants() && fallbacks.isEmpty()) {
      throw new IllegalArgumentException("step '" + id + "': fanOut.over must be agents for a step without"
          + " fallbacks (over variants, the branches run the step and each of its fallbacks), was variants");
    }
    if (fanOut.overVariants() && fanOut.count() > 1 + fallbacks.size()) {
      throw new IllegalArgumentException("step '" + id + "': fanOut.count over variants must be within [1, "
          + (1 + fallbacks.size()) + "] (the step and its " + fallbacks.size()
          + (fallbacks.size() == 1 ? " fallback" : " fallbacks") + "), was " + fanOut.count());
    }
    if (fanOut.count() > retry.maxAttempts()) {
      throw new IllegalArgumentException("step '" + id + "': fanOut.count must not exceed the step's "
          + retry.maxAttempts() + " attempts (retries + 1; every branch is an attempt), was " + fanOut.count());
    }
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** The selector and parameters of fallback {@code variant} (0 = the step itself). */
  public Map<String, String> selectorFor(int variant) {
    if (variant == 0) {
      return selector;
    }
    var merged = new LinkedHashMap<>(selector);
    merged.putAll(fallbacks.get(variant - 1).selector());
    return merged;
  }

  public Map<String, String> paramsFor(int variant) {
    if (variant == 0) {
      return params;
    }
    var merged = new LinkedHashMap<>(params);
    merged.putAll(fallbacks.get(variant - 1).params());
    return merged;
  }

  public String promptFor(int variant) {
    if (variant == 0 || fallbacks.get(variant - 1).prompt().isEmpty()) {
      return prompt;
    }
    return fallbacks.get(variant - 1).prompt();
  }

  /**
   * The tokens an attempt of {@code variant} is expected to use: its {@code maxTokens} parameter
   * (the cap that provider agents pass on, {@link GenerationParams}), else
   * {@link #DEFAULT_EXPECTED_TOKENS}.
   */
  public long expectedTokens(int variant) {
    return GenerationParams.maxTokens(paramsFor(variant)).orElse((int) DEFAULT_EXPECTED_TOKENS);
  }

  /**
   * What an attempt of {@code variant} on {@code agent} is expected to cost:
   * {@code costPerCall + costPerToken × expectedTokens(variant)}. Dispatch and recovery compare
   * agents, and a job low on budget compares variants, by it.
   */
  public double expectedCost(int variant, AgentSpec agent) {
    return agent.costOf(expectedTokens(variant));
  }

  public String variantName(int variant) {
    return variant == 0 ? "primary" : fallbacks.get(variant - 1).name();
  }

  /** A mutable builder; every setter validates when {@link #build()} runs. */
  public static final class Builder {
    private final String id;
    private String kind = "text";
    private Map<String, String> selector = Map.of();
    private String prompt = "";
    private Map<String, String> params = Map.of();
    private List<String> after = List.of();
    private Deadlines deadlines = Deadlines.DEFAULT;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private List<Variant> fallbacks = List.of();
    private Optional<QualityGate> quality = Optional.empty();
    private boolean optional;
    private Optional<Hedge> hedge = Optional.empty();
    private Optional<FanOut> fanOut = Optional.empty();

    private Builder(String id) {
      this.id = id;
    }

    public Builder kind(String value) {
      kind = value;
      return this;
    }

    public Builder select(Map<String, String> value) {
      selector = value;
      return this;
    }

    public Builder prompt(String value) {
      prompt = value;
      return this;
    }

    public Builder params(Map<String, String> value) {
      params = value;
      return this;
    }

    public Builder after(String... steps) {
      after = List.of(steps);
      return this;
    }

    public Builder after(List<String> steps) {
      after = steps;
      return this;
    }

    public Builder deadlines(Deadlines value) {
      deadlines = value;
      return this;
    }

    public Builder retry(RetryPolicy value) {
      retry = value;
      return this;
    }

    public Builder fallbacks(List<Variant> value) {
      fallbacks = value;
      return this;
    }

    public Builder quality(QualityGate value) {
      quality = Optional.of(value);
      return this;
    }

    public Builder optional(boolean value) {
      optional = value;
      return this;
    }

    public Builder hedge(Hedge value) {
      hedge = Optional.of(value);
      return this;
    }

    /** {@code count} branches on different agents; see {@link FanOut}. */
    public Builder fanOut(int count, int need) {
      return fanOut(new FanOut(count, need));
    }

    public Builder fanOut(FanOut value) {
      fanOut = Optional.of(value);
      return this;
    }

    public StepSpec build() {
      return new StepSpec(id, kind, selector, prompt, params, after, deadlines, retry, fallbacks, quality, optional,
          hedge, fanOut);
    }
  }
}
