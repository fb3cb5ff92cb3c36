package io.lifeline.quality;

import io.lifeline.model.Output;

/**
 * Scores an output against the prompt that asked for it. A step's quality gate names an
 * evaluator; a score under the gate's threshold fails the attempt as {@code LOW_QUALITY}.
 * Implementations must be thread-safe and should be fast (they run on the attempt's thread).
 */
public interface QualityEvaluator {

  /** The name a quality gate refers to. */
  String name();

  Score evaluate(String prompt, Output output);
}
