package io.lifeline.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The step parameters that text agents pass on to a model, and their rules: the one authority for
 * both the workflow loader (a bad value is refused when the workflow is built, I8) and the agents
 * that read them. Other parameters are the agent's own business and pass unchecked.
 *
 * <ul>
 *   <li>{@code maxTokens}: the most tokens one attempt may generate, an integer {@code >= 1};
 *   <li>{@code temperature}: sampling temperature, a number in {@code [0, 2]} (OpenAI's range; Ollama
 *       accepts the same);
 *   <li>{@code system}: a system message, any text.
 * </ul>
 * Messages read {@code params.NAME must …, was 'VALUE'}, so that the workflow loader can put the
 * field's path in front ({@code steps[0].params.temperature: must be …}).
 */
public final class GenerationParams {

  public static final String MAX_TOKENS = "maxTokens";
  public static final String TEMPERATURE = "temperature";
  public static final String SYSTEM = "system";

  /**
   * The largest output cap sent to a model that was not asked for one: every provider Lifeline
   * speaks to accepts 4,096 output tokens (the smallest OpenAI chat limit), while a larger cap may be
   * refused with a 400 by a model that generates fewer.
   */
  public static final int SAFE_OUTPUT_CAP = 4_096;

  private GenerationParams() {}

  /**
   * Checks every known parameter of {@code params}.
   *
   * @throws IllegalArgumentException naming the parameter, its rule and its value
   */
  public static void validate(Map<String, String> params) {
    maxTokens(params);
    temperature(params);
  }

  /** The {@code maxTokens} parameter, if set. */
  public static OptionalInt maxTokens(Map<String, String> params) {
    String text = params.get(MAX_TOKENS);
    if (text == null) {
      return OptionalInt.empty();
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= 1) {
        return OptionalInt.of(value);
      }
    } catch (NumberFormatException e) {
      // refused below, with the rule
    }
    throw new IllegalArgumentException("params." + MAX_TOKENS + " must be an integer >= 1, was '" + text + "'");
  }

  /** The {@code temperature} parameter, if set. */
  public static OptionalDouble temperature(Map<String, String> params) {
    String text = params.get(TEMPERATURE);
    if (text == null) {
      return OptionalDouble.empty();
    }
    try {
      double value = Double.parseDouble(text.strip());
      if (value >= 0 && value <= 2) { // false for NaN
        return OptionalDouble.of(value);
      }
    } catch (NumberFormatException e) {
      // refused below, with the rule
    }
    throw new IllegalArgumentException("params." + TEMPERATURE + " must be a number in [0, 2], was '" + text + "'");
  }

  /**
   * The output cap of an attempt that may use {@code tokensLeft} more tokens of its job's budget:
   * the smaller of {@code asked} and the tokens left; when nothing was asked, the tokens left only if
   * they are below {@link #SAFE_OUTPUT_CAP} (a larger cap stops nothing a model would generate
   * unasked, and may be refused).
   */
  public static OptionalInt capOutput(OptionalInt asked, OptionalLong tokensLeft) {
    if (tokensLeft.isEmpty()) {
      return asked;
    }
    long left = Math.max(1, tokensLeft.getAsLong());
    if (asked.isPresent()) {
      return OptionalInt.of((int) Math.min(asked.getAsInt(), left));
    }
    return left < SAFE_OUTPUT_CAP ? OptionalInt.of((int) left) : OptionalInt.empty();
  }

  /**
   * {@code params} with their own {@code maxTokens} capped at the tokens left, if that changes it.
   * Params that set none stay without: the agent caps its own default ({@link #capOutput}), which a
   * {@code maxTokens} written here would override — upwards, for an agent configured below the cap.
   */
  public static Map<String, String> withOutputCap(Map<String, String> params, OptionalLong tokensLeft) {
    OptionalInt asked = maxTokens(params);
    if (asked.isEmpty()) {
      return params;
    }
    OptionalInt cap = capOutput(asked, tokensLeft);
    if (cap.equals(asked)) {
      return params;
    }
    var capped = new LinkedHashMap<>(params);
    capped.put(MAX_TOKENS, Integer.toString(cap.getAsInt()));
    return capped;
  }
}
