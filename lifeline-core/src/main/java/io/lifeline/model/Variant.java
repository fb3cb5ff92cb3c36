package io.lifeline.model;

import java.util.Map;
import java.util.Objects;

/**
 * A degraded or alternative way to run a step, tried in order when the step falls back
 * (out of memory, refusal, unsafe output): other agent capabilities and/or other parameters, such
 * as a smaller image or a rephrased prompt.
 *
 * @param name shown in the history
 * @param selector capability overrides merged over the step's selector
 * @param params parameter overrides merged over the step's parameters
 * @param prompt a replacement prompt template, or empty to keep the step's
 */
public record Variant(String name, Map<String, String> selector, Map<String, String> params, String prompt) {

  public Variant {
    AgentSpec.requireName("fallback name", name);
    selector = Map.copyOf(selector);
    params = Map.copyOf(params);
    try {
      GenerationParams.validate(params);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("fallback '" + name + "': " + e.getMessage(), e);
    }
    Objects.requireNonNull(prompt, "prompt");
  }
}
